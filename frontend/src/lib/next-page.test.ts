import { describe, expect, it } from 'vitest';
import { nextPage } from './next-page';

describe('nextPage', () => {
  it('goes back to a page of the app', () => {
    expect(nextPage('/runs/abc?status=failed')).toBe('/runs/abc?status=failed');
  });
  it('never leaves the app', () => {
    for (const next of ['//evil.example/x', 'https://evil.example', '/\\evil.example', 'runs']) {
      expect(nextPage(next)).toBe('/');
    }
    expect(nextPage(null)).toBe('/');
  });
});
