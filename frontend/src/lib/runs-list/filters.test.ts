import { describe, expect, it } from 'vitest';
import { filterFromQuery, formatDuration, queryFromFilter, serverFilter, triggerLabel } from './filters';
import { decodeArgs, scriptPageUrl } from '$lib/scripts/links';

describe('run filters in the URL', () => {
  it('round-trips through the query and drops what is not a filter', () => {
    const filter = filterFromQuery(new URLSearchParams('status=failure&path=f/a/b&kind=flow&trigger=http&range=24h'));
    expect(filter).toEqual({ status: 'failure', path: 'f/a/b', kind: 'flow', trigger: 'http', range: '24h' });
    expect(filterFromQuery(new URLSearchParams(queryFromFilter(filter)))).toEqual(filter);
    expect(filterFromQuery(new URLSearchParams('status=nonsense&range=5y&path=%20&kind=x&trigger=manual'))).toEqual({});
    expect(queryFromFilter({})).toBe('');
  });

  it("speaks the server's words: every filter goes to jobs/runs, the time range as created_after", () => {
    const now = Date.parse('2026-01-01T14:00:00Z');
    expect(serverFilter({ status: 'failure', path: 'f/a/', kind: 'flow', trigger: 'api', range: '1h' }, now)).toEqual({
      status: 'failure',
      script_path_start: 'f/a/',
      job_kinds: 'flow',
      trigger_kind: 'api',
      created_after: '2026-01-01T13:00:00.000Z',
    });
    expect(Object.values(serverFilter({}, now)).filter((v) => v !== undefined)).toEqual([]);
  });

  it('names triggers as a person reads them; a run without one was an API call', () => {
    expect(triggerLabel({ trigger_kind: null })).toBe('API or app');
    expect(triggerLabel({ trigger_kind: 'schedule' })).toBe('Schedule');
    expect(triggerLabel({ trigger_kind: 'something_new' })).toBe('something_new');
  });

  it('says durations as a person reads them', () => {
    expect(formatDuration(null)).toBe('');
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(4200)).toBe('4.2 s');
    expect(formatDuration(185_000)).toBe('3 min 5 s');
  });
});

describe('re-run link', () => {
  it('carries the args as base64url JSON, unicode included', () => {
    const args = { name: 'Zoë / ü+?', n: 3, list: [1, 2] };
    const href = scriptPageUrl('f/a/b', args);
    expect(href).toMatch(/^\/scripts\/get\/f\/a\/b\?args=[A-Za-z0-9_-]+$/);
    expect(decodeArgs(href.split('args=')[1] ?? '')).toEqual(args);
  });
});
