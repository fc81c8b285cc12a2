import { describe, expect, it } from 'vitest';
import type { Run } from './filters';
import { mergeRun } from './merge';

const run = (id: string, minute: number, status: Run['status'] = 'queued'): Run => ({
  id,
  kind: 'script',
  status,
  language: 'bash',
  tag: 'default',
  attempts: 0,
  created_at: `2026-01-01T12:${String(minute).padStart(2, '0')}:00.000Z`,
});

describe('laying live changes into a page of runs', () => {
  const page = [run('c', 30), run('b', 20), run('a', 10)];

  it('replaces a known run in place: its status moved on', () => {
    const merged = mergeRun(page, run('b', 20, 'success'), { addNew: false });
    expect(merged.map((r) => [r.id, r.status])).toEqual([
      ['c', 'queued'],
      ['b', 'success'],
      ['a', 'queued'],
    ]);
    expect(page[1]!.status).toBe('queued');
  });

  it('puts a new run in order on the newest page, newest first, ties by id', () => {
    expect(mergeRun(page, run('d', 40), { addNew: true }).map((r) => r.id)).toEqual(['d', 'c', 'b', 'a']);
    expect(mergeRun(page, run('bb', 20), { addNew: true }).map((r) => r.id)).toEqual(['c', 'bb', 'b', 'a']);
  });

  it('leaves out what belongs elsewhere: new runs on an older page, older runs than the page holds', () => {
    expect(mergeRun(page, run('d', 40), { addNew: false })).toBe(page);
    expect(mergeRun(page, run('old', 5), { addNew: true })).toBe(page);
    expect(mergeRun(page, run('old', 5), { addNew: true, last: true }).map((r) => r.id)).toEqual([
      'c',
      'b',
      'a',
      'old',
    ]);
    expect(mergeRun([], run('first', 1), { addNew: true }).map((r) => r.id)).toEqual(['first']);
  });

  it('keeps at most `limit` rows (Home shows the newest few)', () => {
    expect(mergeRun(page, run('d', 40), { addNew: true, last: true, limit: 3 }).map((r) => r.id)).toEqual([
      'd',
      'c',
      'b',
    ]);
  });
});
