import type { Schemas } from '$lib/api/client';

/** A whole job, as its run page shows it. */
export type Job = Schemas['Job'];
/** A row of a list of runs: no arguments, results or logs (the server's `JobSummary`). */
export type Run = Schemas['JobSummary'];
export type Status = Run['status'];
export type Kind = Run['kind'];

export const STATUSES: readonly Status[] = ['queued', 'running', 'success', 'failure', 'canceled'];
export const KINDS: readonly Kind[] = ['script', 'preview', 'flow', 'flowpreview', 'flowscript', 'trigger_error'];

/**
 * What started a run, in the server's words (jobs/runs' `trigger_kind`, server/src/jobs/job-list.ts)
 * and as a person reads them. `api` is a row whose `trigger_kind` is null: a webhook, the app or
 * another API call. This is the one place the app names triggers.
 */
export const TRIGGERS = {
  api: 'API or app',
  http: 'HTTP route',
  nats: 'NATS',
  schedule: 'Schedule',
  schedule_on_failure: 'Schedule failure handler',
  public_form: 'Public form',
} as const;
export type Trigger = keyof typeof TRIGGERS;

/** How a run's trigger reads in a table. */
export function triggerLabel(run: Pick<Run, 'trigger_kind'>): string {
  const kind = run.trigger_kind ?? 'api';
  return kind in TRIGGERS ? TRIGGERS[kind as Trigger] : kind;
}

/** How far back the list reaches; the value is the URL's, the hours the span. */
export const RANGES = { '1h': 1, '24h': 24, '7d': 24 * 7, '30d': 24 * 30 } as const;
export type Range = keyof typeof RANGES;

/** The list's filters: kept in the URL's query, so a reload or a shared link shows the same runs. */
export interface RunFilter {
  status?: Status;
  /** A path or the start of one (a folder: `f/sales/`). */
  path?: string;
  kind?: Kind;
  trigger?: Trigger;
  range?: Range;
}

const KEYS = ['status', 'path', 'kind', 'trigger', 'range'] as const;
const oneOf = <T extends string>(values: readonly T[], value: string | null): T | undefined =>
  value !== null && (values as readonly string[]).includes(value) ? (value as T) : undefined;

/** The filter a URL's query holds; what is not a filter, or not one of its values, is dropped. */
export function filterFromQuery(query: URLSearchParams): RunFilter {
  const filter: RunFilter = {
    status: oneOf(STATUSES, query.get('status')),
    path: query.get('path')?.trim() || undefined,
    kind: oneOf(KINDS, query.get('kind')),
    trigger: oneOf(Object.keys(TRIGGERS) as Trigger[], query.get('trigger')),
    range: oneOf(Object.keys(RANGES) as Range[], query.get('range')),
  };
  for (const key of KEYS) if (filter[key] === undefined) delete filter[key];
  return filter;
}

/** The query string for a filter (with the leading `?`, or '' when nothing is filtered). */
export function queryFromFilter(filter: RunFilter): string {
  const query = new URLSearchParams();
  for (const key of KEYS) {
    const value = filter[key]?.trim();
    if (value) query.set(key, value);
  }
  const text = query.toString();
  return text ? `?${text}` : '';
}

/**
 * The filter in the server's terms, the query parameters of `jobs/runs` (and, camel-cased, the
 * GraphQL `JobFilter` of runsChanged): every filter is applied by the server.
 */
export function serverFilter(filter: RunFilter, now = Date.now()) {
  return {
    status: filter.status,
    script_path_start: filter.path,
    job_kinds: filter.kind,
    trigger_kind: filter.trigger,
    created_after: filter.range ? new Date(now - RANGES[filter.range] * 3600_000).toISOString() : undefined,
  };
}

/** A job's duration as a person reads it: 850 ms, 4.2 s, 3 min 5 s. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms == null) return '';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${s % 60} s`;
}
