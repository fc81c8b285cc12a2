import { describe, expect, it } from 'vitest';
import { draftKey, loadDraft, sameDraft, saveDraft } from './draft';
import { isTemplate, LANGUAGES } from './languages';
import { latestOnly } from './latest';
import { newScript } from './new-script';
import { parseError } from './parse-error';

class MemoryStorage implements Storage {
  #items = new Map<string, string>();
  get length() {
    return this.#items.size;
  }
  clear() {
    this.#items.clear();
  }
  getItem(key: string) {
    return this.#items.get(key) ?? null;
  }
  key(index: number) {
    return [...this.#items.keys()][index] ?? null;
  }
  removeItem(key: string) {
    this.#items.delete(key);
  }
  setItem(key: string, value: string) {
    this.#items.set(key, value);
  }
}

describe('drafts', () => {
  it('round-trips per workspace and path, and ignores what is not a draft', () => {
    const storage = new MemoryStorage();
    const draft = { ...newScript(), path: 'f/a/b', content: 'def main(): pass' };
    saveDraft(storage, draftKey('main', 'f/a/b'), draft);
    expect(loadDraft(storage, draftKey('main', 'f/a/b'))).toEqual(draft);
    expect(loadDraft(storage, draftKey('other', 'f/a/b'))).toBeNull();
    expect(draftKey('main', null)).not.toEqual(draftKey('main', 'f/a/b'));
    storage.setItem('broken', '{"path": 1');
    expect(loadDraft(storage, 'broken')).toBeNull();
    storage.setItem('partial', '{"path": "x"}');
    expect(loadDraft(storage, 'partial')).toBeNull();
    // A draft kept before refinements existed comes back with none.
    const { overrides: _none, ...older } = draft;
    storage.setItem('older', JSON.stringify(older));
    expect(loadDraft(storage, 'older')).toEqual({ ...older, overrides: {} });
  });

  it('compares every field', () => {
    const a = newScript();
    expect(sameDraft(a, { ...a })).toBe(true);
    expect(sameDraft(a, { ...a, timeout: '5' })).toBe(false);
    expect(sameDraft(a, { ...a, overrides: { properties: { x: { title: 'X' } } } })).toBe(false);
    expect(sameDraft({ ...a, overrides: { order: ['b'] } }, { ...a, overrides: { order: ['b'] } })).toBe(true);
  });
});

describe('templates', () => {
  it('replaces only empty or template code', () => {
    for (const l of LANGUAGES) expect(isTemplate(l.template)).toBe(true);
    expect(isTemplate('  \n')).toBe(true);
    expect(isTemplate('def main(x: int): return x')).toBe(false);
  });
});

describe('latestOnly', () => {
  it('drops an answer that arrives after a newer request was made', async () => {
    const latest = latestOnly();
    let release: (v: string) => void = () => {};
    const slow = latest(() => new Promise<string>((resolve) => (release = resolve)));
    const fast = latest(() => Promise.resolve('new'));
    release('old');
    expect(await fast).toEqual({ stale: false, value: 'new' });
    expect(await slow).toEqual({ stale: true });
  });
});

describe('parseError', () => {
  it("reads invalid_script's line and column, and nothing else", () => {
    const body = { error: { code: 'invalid_script', message: 'bad', details: { line: 3, column: 7 } } };
    expect(parseError(body)).toEqual({ line: 3, column: 7, message: 'bad' });
    expect(parseError({ error: { code: 'invalid_script', message: 'bad', details: { line: null } } })).toEqual({
      line: 1,
      message: 'bad',
    });
    expect(parseError({ error: { code: 'forbidden', message: 'no' } })).toBeNull();
    expect(parseError(undefined)).toBeNull();
  });
});
