import type { Access } from '../auth/path-access.js';
import { badRequest } from '../common/errors.js';
import { integerParam } from '../common/validate.js';
import { JOB_STATUSES, isJobId, type JobRow } from './job-row.js';

/** Filters of jobs/list and jobs/runs (query strings, as received). */
export interface JobFilter {
  /** Exactly this script or flow path (Windmill's name). */
  script_path?: string;
  /** Paths starting with this (`f/sales/` for a folder); Windmill's name. */
  script_path_start?: string;
  status?: string;
  /** Comma-separated kinds: script, preview, flow, flowpreview, flowscript, identity, trigger_error (Windmill's name). */
  job_kinds?: string;
  /** Comma-separated triggers; see TRIGGERS. */
  trigger_kind?: string;
  parent_job?: string;
  /** `true`: jobs no flow started (no steps). */
  top_level?: string;
  created_after?: string;
  created_before?: string;
  started_after?: string;
  started_before?: string;
  page?: string;
  per_page?: string;
  /** jobs/runs: where the previous page ended (its `next_cursor`). */
  cursor?: string;
}

/**
 * What started a job as `trigger_kind` stores it (jobs/job-row.ts RunOptions); `api` is none of
 * them: a webhook, the app or any other API call. `route` is another name for `http`.
 */
const TRIGGERS: Record<string, string | null> = {
  http: 'http',
  route: 'http',
  nats: 'nats',
  schedule: 'schedule',
  schedule_on_failure: 'schedule_on_failure',
  public_form: 'public_form',
  api: null,
};
/** Job kinds; `trigger_error` is a message a trigger could not turn into a run (nats-trigger-listener.ts). */
const KINDS = ['script', 'preview', 'flow', 'flowpreview', 'flowscript', 'identity', 'trigger_error'];

/**
 * The columns of a list row: what a table of runs shows, never arguments, results, logs,
 * contents or flow state, which can each be megabytes.
 */
const SUMMARY_COLUMNS = [
  'id',
  'workspace_id',
  'kind',
  'status',
  'script_path',
  'script_hash',
  'language',
  'tag',
  'attempts',
  'worker',
  'parent_job',
  'flow_step_id',
  'created_by',
  'created_at',
  'started_at',
  'completed_at',
  'duration_ms',
  'trigger_kind',
  'trigger_path',
  'schedule_path',
  'scheduled_for',
] as const;
export const SUMMARY_SELECT = SUMMARY_COLUMNS.join(', ');
export type JobSummary = Pick<JobRow, (typeof SUMMARY_COLUMNS)[number]>;

const nullable = (type: string, extra: Record<string, unknown> = {}) => ({ type: [type, 'null'], ...extra });

/** A row of jobs/runs, in the OpenAPI document as `JobSummary`. */
export const jobSummarySchema = {
  type: 'object',
  required: ['id', 'kind', 'status', 'language', 'tag', 'attempts', 'created_at'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    workspace_id: { type: 'string' },
    kind: { type: 'string', enum: KINDS },
    status: { type: 'string', enum: JOB_STATUSES },
    script_path: nullable('string'),
    script_hash: nullable('string'),
    language: { type: 'string' },
    tag: { type: 'string' },
    attempts: { type: 'integer' },
    worker: nullable('string'),
    parent_job: nullable('string', { format: 'uuid' }),
    flow_step_id: nullable('string'),
    created_by: nullable('string'),
    created_at: { type: 'string', format: 'date-time' },
    started_at: nullable('string', { format: 'date-time' }),
    completed_at: nullable('string', { format: 'date-time' }),
    duration_ms: nullable('integer'),
    trigger_kind: nullable('string', {
      description: 'http, nats, schedule, schedule_on_failure, public_form; null: an API call.',
    }),
    trigger_path: nullable('string'),
    schedule_path: nullable('string'),
    scheduled_for: nullable('string', { format: 'date-time' }),
  },
} as const;

/** The query parameters both lists take. */
export const jobFilterQuery = {
  script_path: { schema: { type: 'string' }, description: 'Only jobs of exactly this script or flow path.' },
  script_path_start: {
    schema: { type: 'string' },
    description: 'Only jobs whose script or flow path starts with this (a folder: `f/sales/`).',
  },
  status: { schema: { type: 'string', enum: JOB_STATUSES }, description: 'Only jobs in this status.' },
  job_kinds: { schema: { type: 'string' }, description: `Comma-separated kinds: ${KINDS.join(', ')}.` },
  trigger_kind: {
    schema: { type: 'string' },
    description: `Comma-separated: ${Object.keys(TRIGGERS).join(', ')} (api: a webhook, the app or another API call).`,
  },
  parent_job: { schema: { type: 'string', format: 'uuid' }, description: 'Only the steps of this flow job.' },
  top_level: { schema: { type: 'boolean' }, description: 'true: leave out the steps of flows.' },
  created_after: { schema: { type: 'string', format: 'date-time' }, description: 'Queued at or after.' },
  created_before: { schema: { type: 'string', format: 'date-time' }, description: 'Queued before.' },
  started_after: { schema: { type: 'string', format: 'date-time' }, description: 'Started at or after.' },
  started_before: { schema: { type: 'string', format: 'date-time' }, description: 'Started before.' },
  per_page: { schema: { type: 'integer', minimum: 1, maximum: 1000 }, description: 'Default 30.' },
} as const;

/** A WHERE clause and its parameters ($1 is the workspace): the jobs matching `filter` the caller may read. */
export function filterSql(access: Access, filter: JobFilter): { where: string; params: unknown[] } {
  assertSingleValues(filter);
  const params: unknown[] = [access.workspace];
  const where = ['workspace_id = $1', access.where('access_path', params)];
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (filter.script_path) add((p) => `script_path = ${p}`, filter.script_path);
  if (filter.script_path_start) {
    add((p) => `script_path LIKE ${p}`, `${filter.script_path_start.replace(/[\\%_]/g, '\\$&')}%`);
  }
  if (filter.status) {
    if (!(JOB_STATUSES as readonly string[]).includes(filter.status)) {
      throw badRequest(`status must be one of ${JOB_STATUSES.join(', ')}`);
    }
    add((p) => `status = ${p}`, filter.status);
  }
  if (filter.job_kinds) add((p) => `kind = ANY(${p})`, listParam(filter.job_kinds, 'job_kinds', KINDS));
  if (filter.trigger_kind) {
    const triggers = listParam(filter.trigger_kind, 'trigger_kind', Object.keys(TRIGGERS)).map((t) => TRIGGERS[t]);
    const stored = triggers.filter((t): t is string => t !== null);
    const api = triggers.includes(null) ? 'trigger_kind IS NULL' : 'false';
    add((p) => `(trigger_kind = ANY(${p}) OR ${api})`, stored);
  }
  if (filter.parent_job) {
    if (!isJobId(filter.parent_job)) throw badRequest('parent_job must be a job id (a UUID)');
    add((p) => `parent_job = ${p}`, filter.parent_job);
  }
  if (filter.top_level !== undefined) {
    if (!['true', 'false'].includes(filter.top_level)) throw badRequest('top_level must be true or false');
    if (filter.top_level === 'true') where.push('parent_job IS NULL');
  }
  const times = [
    ['created_after', 'created_at >='],
    ['created_before', 'created_at <'],
    ['started_after', 'started_at >='],
    ['started_before', 'started_at <'],
  ] as const;
  for (const [name, sql] of times) {
    const raw = filter[name];
    if (raw !== undefined && raw !== '') add((p) => `${sql} ${p}`, dateParam(raw, name));
  }
  return { where: where.join(' AND '), params };
}

export function perPage(filter: JobFilter): number {
  return integerParam(filter.per_page, 'per_page', 30, 1000);
}

/**
 * Where a page ended: the last row's creation time in microseconds (JavaScript dates stop at
 * milliseconds, and rows created in the same millisecond must not be skipped) and its id.
 */
export function encodeCursor(row: { cursor_us: string; id: string }): string {
  return Buffer.from(`${row.cursor_us}.${row.id}`).toString('base64url');
}

export function decodeCursor(cursor: string): { us: string; id: string } {
  const [us, id, extra] = Buffer.from(cursor, 'base64url').toString().split('.');
  if (extra !== undefined || !us || !/^\d{1,19}$/.test(us) || !id || !isJobId(id)) {
    throw badRequest('cursor is not one this server gave out: pass the next_cursor of the previous page as it is');
  }
  return { us, id };
}

/** A query parameter given twice arrives as an array; every filter takes one value (lists comma-separated). */
function assertSingleValues(filter: JobFilter): void {
  for (const [name, value] of Object.entries(filter)) {
    if (Array.isArray(value)) {
      throw badRequest(`${name} is given ${value.length} times: give it once (lists are comma-separated)`);
    }
  }
}

function listParam(raw: string, name: string, allowed: readonly string[]): string[] {
  const values = raw.split(',').map((v) => v.trim());
  const bad = values.filter((v) => !allowed.includes(v));
  if (bad.length) throw badRequest(`${name} "${bad.join(',')}" is not one of ${allowed.join(', ')}`);
  return values;
}

function dateParam(raw: string, name: string): Date {
  const date = new Date(raw);
  if (!/^\d{4}-\d\d-\d\d/.test(raw) || Number.isNaN(date.getTime())) {
    throw badRequest(`${name} must be an ISO 8601 date-time, e.g. 2026-01-31T12:00:00Z`);
  }
  return date;
}
