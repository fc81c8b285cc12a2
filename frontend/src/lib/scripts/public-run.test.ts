import { describe, expect, it } from 'vitest';
import { tooMany } from './public-run';

describe('a public form past its limit', () => {
  it('says when to try again, from Retry-After', () => {
    expect(tooMany('7')).toBe('too many runs from your address for now. Try again in 7\u00a0s.');
    expect(tooMany('0.2')).toMatch(/in 1\u00a0s\.$/);
    expect(tooMany(null)).toMatch(/in a minute\.$/);
    expect(tooMany('soon')).toMatch(/in a minute\.$/);
  });
});
