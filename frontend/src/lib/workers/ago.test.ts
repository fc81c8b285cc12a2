import { describe, expect, it } from 'vitest';
import { ago } from './ago';

describe('ago', () => {
  const now = Date.parse('2026-12-06T05:00:00Z');
  const before = (ms: number) => new Date(now - ms).toISOString();

  it('says seconds, minutes, hours and days, rounded down', () => {
    expect(ago(before(4_500), now)).toBe('4 s ago');
    expect(ago(before(59_999), now)).toBe('59 s ago');
    expect(ago(before(60_000), now)).toBe('1 min ago');
    expect(ago(before(2 * 3600_000 + 5), now)).toBe('2 h ago');
    expect(ago(before(3 * 86_400_000), now)).toBe('3 d ago');
  });
  it('says "just now" under a second and for a clock slightly ahead', () => {
    expect(ago(before(300), now)).toBe('just now');
    expect(ago(before(-2_000), now)).toBe('just now');
  });
});
