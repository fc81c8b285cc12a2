/** The audit page's filters, as the URL keeps them (so a filtered view can be linked and reloaded). */
export interface AuditFilters {
  /** `datetime-local` values, in the browser's zone. */
  after: string;
  before: string;
  username: string;
  action: string;
  path: string;
  page: number;
}

export const PER_PAGE = 50;
const TEXT_KEYS = ['after', 'before', 'username', 'action', 'path'] as const;

export function filtersOf(params: URLSearchParams): AuditFilters {
  const page = Number(params.get('page'));
  return {
    after: params.get('after') ?? '',
    before: params.get('before') ?? '',
    username: params.get('username') ?? '',
    action: params.get('action') ?? '',
    path: params.get('path') ?? '',
    page: Number.isInteger(page) && page > 0 ? page : 1,
  };
}

/** The page's own URL query for these filters: empty fields left out, page 1 implied. */
export function urlQuery(f: AuditFilters, scope: 'workspace' | 'instance'): string {
  const params = new URLSearchParams();
  if (scope === 'instance') params.set('scope', 'instance');
  for (const key of TEXT_KEYS) if (f[key].trim()) params.set(key, f[key].trim());
  if (f.page > 1) params.set('page', String(f.page));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The API's query: local times become instants; a time the browser cannot read is an error for that field. */
export function apiQuery(
  f: AuditFilters,
): { query: Record<string, string | number> } | { error: string; field: 'after' | 'before' } {
  const query: Record<string, string | number> = { page: f.page, per_page: PER_PAGE };
  for (const key of TEXT_KEYS) {
    const value = f[key].trim();
    if (!value) continue;
    if (key === 'after' || key === 'before') {
      const at = new Date(value);
      if (Number.isNaN(at.getTime()))
        return { error: `${key === 'after' ? 'From' : 'Until'}: not a date and time`, field: key };
      query[key] = at.toISOString();
    } else query[key] = value;
  }
  return { query };
}
