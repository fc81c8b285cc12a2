import { describe, expect, it } from 'vitest';
import { flowDraftKey, loadFlowDraft, saveFlowDraft } from './draft';
import { emptyFlow, insertStep } from './model';

class MemoryStorage implements Pick<Storage, 'getItem' | 'setItem'> {
  private items = new Map<string, string>();
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
}

describe('flow drafts', () => {
  it('keeps a draft per workspace and path, and ignores what is not a flow', () => {
    const storage = new MemoryStorage() as unknown as Storage;
    const doc = insertStep(emptyFlow(), { slot: { parent: null }, index: 0 }, 'identity').doc;
    const key = flowDraftKey('main', null);
    expect(key).toBe('runnel.flow-draft.main:new');
    saveFlowDraft(storage, key, doc);
    expect(loadFlowDraft(storage, key)).toEqual(doc);
    expect(loadFlowDraft(storage, flowDraftKey('main', 'f/a/b'))).toBeNull();
    storage.setItem(key, '{"path": 1}');
    expect(loadFlowDraft(storage, key)).toBeNull();
    storage.setItem(key, 'not json');
    expect(loadFlowDraft(storage, key)).toBeNull();
  });
});
