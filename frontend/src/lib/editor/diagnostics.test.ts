import { Text } from '@codemirror/state';
import { describe, expect, it } from 'vitest';
import { toDiagnostics } from './diagnostics';

const doc = Text.of(['def main(x: int):', '    return x +', '']);

describe('toDiagnostics', () => {
  it('marks from the column to the end of the line', () => {
    expect(toDiagnostics(doc, [{ line: 2, column: 14, message: 'invalid syntax' }])).toEqual([
      { from: 18 + 13, to: 18 + 14, severity: 'error', message: 'invalid syntax' },
    ]);
  });

  it('marks the whole line when no column is given', () => {
    expect(toDiagnostics(doc, [{ line: 1, message: 'm', severity: 'warning' }])).toEqual([
      { from: 0, to: 17, severity: 'warning', message: 'm' },
    ]);
  });

  it('clamps lines and columns outside the document instead of throwing', () => {
    const [past, before, wide] = toDiagnostics(doc, [
      { line: 99, message: 'a' },
      { line: 0, column: -3, message: 'b' },
      { line: 1, column: 500, message: 'c' },
    ]);
    expect(past).toMatchObject({ from: doc.length, to: doc.length });
    expect(before).toMatchObject({ from: 0, to: 17 });
    expect(wide).toMatchObject({ from: 17, to: 17 });
  });
});
