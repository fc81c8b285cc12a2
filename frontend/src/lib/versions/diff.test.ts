import { describe, expect, it } from 'vitest';
import { diffLines, diffStats, foldUnchanged, MAX_TRACE, type DiffLine } from './diff';

/** A diff as a unified-diff-like text: ' ', '-' or '+' before each line. */
const show = (lines: DiffLine[]) =>
  lines.map((l) => `${l.kind === 'same' ? ' ' : l.kind === 'removed' ? '-' : '+'}${l.text}`).join('\n');

describe('diffLines', () => {
  it('finds nothing to change between equal texts', () => {
    const lines = diffLines('a\nb\n', 'a\nb\n');
    expect(show(lines)).toBe(' a\n b');
    expect(diffStats(lines)).toEqual({ added: 0, removed: 0 });
  });

  it('shows a changed line as removed, then added, with both sides numbered', () => {
    const lines = diffLines('def main(x):\n    return x\n', 'def main(x):\n    return x * 2\n');
    expect(show(lines)).toBe(' def main(x):\n-    return x\n+    return x * 2');
    expect(lines[1]).toEqual({ kind: 'removed', text: '    return x', old: 2 });
    expect(lines[2]).toEqual({ kind: 'added', text: '    return x * 2', new: 2 });
  });

  it('keeps line numbers of each side apart after an insertion', () => {
    const lines = diffLines('a\nb\nc', 'a\nnew\nb\nc');
    expect(show(lines)).toBe(' a\n+new\n b\n c');
    expect(lines.at(-1)).toEqual({ kind: 'same', text: 'c', old: 3, new: 4 });
  });

  it('finds the longest common lines in a reordered middle', () => {
    const lines = diffLines('h\nx\ny\nz\nt', 'h\ny\nz\nx\nt');
    expect(show(lines)).toBe(' h\n-x\n y\n z\n+x\n t');
    expect(diffStats(lines)).toEqual({ added: 1, removed: 1 });
  });

  it('treats an empty side as all added or all removed, and CRLF like LF', () => {
    expect(show(diffLines('', 'a\nb'))).toBe('+a\n+b');
    expect(show(diffLines('a\nb', ''))).toBe('-a\n-b');
    expect(show(diffLines('a\r\nb\r\n', 'a\nb'))).toBe(' a\n b');
  });

  it('on random texts, rebuilds both sides and edits no more lines than a longest common subsequence needs', () => {
    // A small deterministic generator: the same cases on every run.
    let seed = 42;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed);
    const text = () => Array.from({ length: next() % 12 }, () => 'abcd'[next() % 4]!);
    const lcs = (a: string[], b: string[]) => {
      const t = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
      for (let i = a.length - 1; i >= 0; i--)
        for (let j = b.length - 1; j >= 0; j--)
          t[i]![j] = a[i] === b[j] ? t[i + 1]![j + 1]! + 1 : Math.max(t[i + 1]![j]!, t[i]![j + 1]!);
      return t[0]![0]!;
    };
    for (let round = 0; round < 500; round++) {
      const [a, b] = [text(), text()];
      const lines = diffLines(a.join('\n'), b.join('\n'));
      expect(lines.filter((l) => l.kind !== 'added').map((l) => l.text)).toEqual(a);
      expect(lines.filter((l) => l.kind !== 'removed').map((l) => l.text)).toEqual(b);
      expect(lines.filter((l) => l.kind === 'same')).toHaveLength(lcs(a, b));
      // Numbers count each side's lines from 1.
      expect(lines.flatMap((l) => (l.kind === 'added' ? [] : [l.old]))).toEqual(a.map((_, i) => i + 1));
      expect(lines.flatMap((l) => (l.kind === 'removed' ? [] : [l.new]))).toEqual(b.map((_, i) => i + 1));
    }
  });

  it('finds a few changes in a long script exactly', () => {
    const a = Array.from({ length: 3000 }, (_, i) => `    value_${i} = compute(${i})`);
    const b = a.map((line, i) => (i % 50 === 7 ? `${line}  # changed` : line));
    const lines = diffLines(a.join('\n'), b.join('\n'));
    expect(diffStats(lines)).toEqual({ added: 60, removed: 60 });
    expect(lines.filter((l) => l.kind === 'same')).toHaveLength(2940);
  });

  /** Two texts with nothing in common but one line in the middle. */
  const apart = (size: number) => {
    const side = (p: string) => {
      const lines = Array.from({ length: size }, (_, i) => `${p}${i}`);
      lines.splice(size >> 1, 0, 'common');
      return lines.join('\n');
    };
    return diffLines(`top\n${side('a')}\nend`, `top\n${side('b')}\nend`);
  };

  it('keeps the one common line between otherwise different texts', () => {
    expect(diffStats(apart(10))).toEqual({ added: 10, removed: 10 });
  });

  it('stops searching past MAX_TRACE and shows the middle as replaced, every line once', () => {
    const size = Math.ceil(Math.sqrt(MAX_TRACE / 4)) + 10;
    const lines = apart(size);
    expect(diffStats(lines)).toEqual({ added: size + 1, removed: size + 1 });
    expect(lines[0]).toEqual({ kind: 'same', text: 'top', old: 1, new: 1 });
    expect(lines.at(-1)).toEqual({ kind: 'same', text: 'end', old: size + 3, new: size + 3 });
  });
});

describe('foldUnchanged', () => {
  const long = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`);

  it('folds long unchanged runs and keeps the context around a change', () => {
    const changed = [...long];
    changed[9] = 'changed';
    const rows = foldUnchanged(diffLines(long.join('\n'), changed.join('\n')), 2);
    expect(rows.map((r) => (r.kind === 'fold' ? `…${r.count}` : r.kind === 'same' ? r.text : `${r.kind}`))).toEqual([
      '…7',
      'line 8',
      'line 9',
      'removed',
      'added',
      'line 11',
      'line 12',
      '…8',
    ]);
  });

  it('leaves equal texts and short runs unfolded', () => {
    expect(foldUnchanged(diffLines(long.join('\n'), long.join('\n')))).toHaveLength(20);
    const rows = foldUnchanged(diffLines('a\nb\nc', 'a\nx\nc'), 3);
    expect(rows.every((r) => r.kind !== 'fold')).toBe(true);
  });
});
