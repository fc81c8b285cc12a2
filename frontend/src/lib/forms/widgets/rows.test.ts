import { describe, expect, it } from 'vitest';
import { rowsFor } from './rows.js';

describe('textarea rows', () => {
  it('fits the text with a spare line, within bounds', () => {
    expect(rowsFor('', 3, 12)).toBe(3);
    expect(rowsFor('a\nb\nc\nd', 3, 12)).toBe(5);
    expect(rowsFor('x\n'.repeat(1_000_000), 3, 12)).toBe(12);
  });
});
