import { describe, expect, it } from 'vitest';
import { apiQuery, filtersOf, urlQuery } from './audit-query';

describe('audit filters', () => {
  it('round-trips through the URL, leaving empty fields out', () => {
    const f = filtersOf(new URLSearchParams('username=ann&action=variables.&page=3'));
    expect(f).toEqual({ after: '', before: '', username: 'ann', action: 'variables.', path: '', page: 3 });
    expect(urlQuery(f, 'workspace')).toBe('?username=ann&action=variables.&page=3');
    expect(urlQuery({ ...f, page: 1, username: '  ' }, 'instance')).toBe('?scope=instance&action=variables.');
  });

  it('reads a bad page as the first', () => {
    expect(filtersOf(new URLSearchParams('page=-2')).page).toBe(1);
    expect(filtersOf(new URLSearchParams('page=x')).page).toBe(1);
  });

  it('sends local times as instants and names a time it cannot read', () => {
    const f = filtersOf(new URLSearchParams('after=2026-01-02T03:04&path=f/a/'));
    const built = apiQuery(f);
    expect(built).toEqual({
      query: { page: 1, per_page: 50, after: new Date('2026-01-02T03:04').toISOString(), path: 'f/a/' },
    });
    expect(apiQuery({ ...f, before: 'soon' })).toEqual({ error: 'Until: not a date and time', field: 'before' });
  });
});
