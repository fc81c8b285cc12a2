import { describe, expect, it } from 'vitest';
import { catalog, folderOf, type Entry } from './catalog';

const entries: Entry[] = [
  { kind: 'script', path: 'f/billing/invoice', summary: 'Send an invoice' },
  { kind: 'flow', path: 'f/billing/dunning', summary: 'Remind late payers' },
  { kind: 'script', path: 'u/ann/scratch', summary: '' },
];

describe('catalog', () => {
  it('groups by folder, folders and entries by name', () => {
    expect(catalog(entries, '').map((f) => [f.name, f.entries.map((e) => e.path)])).toEqual([
      ['f/billing', ['f/billing/dunning', 'f/billing/invoice']],
      ['u/ann', ['u/ann/scratch']],
    ]);
  });
  it('finds by path or summary, in any case', () => {
    expect(catalog(entries, 'INVOICE')[0]?.entries.map((e) => e.path)).toEqual(['f/billing/invoice']);
    expect(catalog(entries, 'late')[0]?.entries.map((e) => e.path)).toEqual(['f/billing/dunning']);
    expect(catalog(entries, 'nothing like it')).toEqual([]);
  });
  it('names the folder of a short path by its first part', () => {
    expect(folderOf('f/x')).toBe('f');
  });
});
