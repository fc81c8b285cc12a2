import { describe, expect, it } from 'vitest';
import { cellText, childEntries, copyable, resultKind, summary, tableColumns } from './resultView';

describe('resultKind', () => {
  it('shows a non-empty array of objects as a table', () => {
    expect(resultKind([{ a: 1 }, { b: 2 }])).toBe('table');
  });

  it('shows everything else as a tree', () => {
    for (const value of [[], [1, 2], [{ a: 1 }, null], [{ a: 1 }, [1]], { a: 1 }, 'x', 3, null, undefined]) {
      expect(resultKind(value)).toBe('tree');
    }
  });
});

describe('tableColumns', () => {
  it('takes the union of keys in first-seen order', () => {
    expect(
      tableColumns([
        { a: 1, b: 2 },
        { c: 3, a: 4 },
      ]),
    ).toEqual({ columns: ['a', 'b', 'c'], hidden: 0 });
  });

  it('caps the columns and says how many were left out', () => {
    const row = Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`k${i}`, i]));
    const { columns, hidden } = tableColumns([row], 20);
    expect(columns).toHaveLength(20);
    expect(hidden).toBe(5);
  });
});

describe('cellText', () => {
  it('reads primitives plainly, objects as JSON, and cuts long text', () => {
    expect(cellText('hi')).toBe('hi');
    expect(cellText(3)).toBe('3');
    expect(cellText(null)).toBe('null');
    expect(cellText(undefined)).toBe('');
    expect(cellText({ a: [1] })).toBe('{"a":[1]}');
    expect(cellText('x'.repeat(200), 10)).toBe('xxxxxxxxx…');
  });
});

describe('tree helpers', () => {
  it('lists children of arrays and objects, none of primitives', () => {
    expect(childEntries(['a', 'b'])).toEqual([
      ['0', 'a'],
      ['1', 'b'],
    ]);
    expect(childEntries({ x: 1 })).toEqual([['x', 1]]);
    expect(childEntries('s')).toEqual([]);
  });

  it('summarises a collapsed node', () => {
    expect(summary([1])).toBe('[1 item]');
    expect(summary({ a: 1, b: 2 })).toBe('{2 keys}');
    expect(summary('s')).toBe('"s"');
    expect(summary(undefined)).toBe('undefined');
  });

  it('copies strings as themselves and the rest as pretty JSON', () => {
    expect(copyable('plain')).toBe('plain');
    expect(copyable({ a: 1 })).toBe('{\n  "a": 1\n}');
  });
});
