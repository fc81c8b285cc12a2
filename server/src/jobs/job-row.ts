export const JOB_STATUSES = ['queued', 'running', 'success', 'failure', 'canceled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export const FINAL_STATUSES: readonly JobStatus[] = ['success', 'failure', 'canceled'];

/** Whether a waiter has its answer: a final status, or a flow's early return while it runs on. */
export const hasAnswered = (job: Pick<JobRow, 'status' | 'early_return'>): boolean =>
  FINAL_STATUSES.includes(job.status) || job.early_return;

export interface JobRow {
  id: string;
  workspace_id: string;
  kind: string;
  script_path: string | null;
  /** The path whose permissions decide who sees the job (migration 1764000001700, auth/path-access.ts). */
  access_path: string | null;
  script_hash: string | null;
  language: string;
  args: Record<string, unknown>;
  tag: string;
  timeout_s: number;
  status: JobStatus;
  result: unknown;
  attempts: number;
  worker: string | null;
  parent_job: string | null;
  created_by: string | null;
  created_at: Date;
  started_at: Date | null;
  completed_at: Date | null;
  duration_ms: number | null;
  published_at: Date | null;
  stream_seq: string | null;
  flow_step_id: string | null;
  flow_value: unknown;
  flow_state: unknown;
  flow_status: unknown;
  /** A flow whose `early_return` step finished: `result` is its answer while it runs on. */
  early_return: boolean;
  content: string | null;
  arg_order: string[] | null;
  schedule_path: string | null;
  scheduled_for: Date | null;
  trigger_kind: string | null;
  trigger_path: string | null;
  /** 0–100 as the job last set it through the job API; null until it does (absent from light rows). */
  progress?: number | null;
}

/** What started a job, for triggers other than a plain API call. */
export interface RunOptions {
  /** A schedule tick: at most one job per (schedule, tick); a second run answers Conflict. */
  schedule?: { path: string; at: Date };
  /** `http`, `nats`, `webhook`, `schedule` … and the trigger's path. */
  trigger?: { kind: string; path: string };
  /** The job that started this one through the job API (its `parent_job`). */
  parent?: string;
  /** The client address of the request that asked for the run, for the audit log. */
  from?: string;
}

/** The job columns RunOptions set, as SQL parameters in a fixed order (`parent` is set apart). */
export function runOptionParams(o: RunOptions = {}): [string | null, Date | null, string | null, string | null] {
  return [o.schedule?.path ?? null, o.schedule?.at ?? null, o.trigger?.kind ?? null, o.trigger?.path ?? null];
}
/** Job kinds: a deployed script, an inline script of a flow step, a flow, an unsaved flow. */
export const FLOW_KINDS = ['flow', 'flowpreview'];
export const isFlowJob = (row: Pick<JobRow, 'kind'>) => FLOW_KINDS.includes(row.kind);

const nullable = (type: string, extra: Record<string, unknown> = {}) => ({ type: [type, 'null'], ...extra });
const dateTime = { type: 'string', format: 'date-time' } as const;

/** The response schema of jobView, in the OpenAPI document as `Job`. */
export const jobViewSchema = {
  type: 'object',
  required: ['id', 'workspace_id', 'kind', 'job_kind', 'status', 'result', 'args', 'language', 'tag', 'attempts'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    workspace_id: { type: 'string' },
    kind: { type: 'string', description: 'script, preview, flowscript, flow, flowpreview …' },
    job_kind: { type: 'string', description: 'The same as kind (Windmill name).' },
    status: { type: 'string', enum: JOB_STATUSES },
    result: { description: "The script's result; for a failure `{error: {name, message}}`; null until it ends." },
    args: { type: 'object', additionalProperties: true },
    script_path: nullable('string'),
    script_hash: nullable('string'),
    language: { type: 'string' },
    tag: { type: 'string', description: 'Worker group.' },
    timeout: { type: 'integer', description: 'Seconds.' },
    attempts: { type: 'integer' },
    worker: nullable('string'),
    parent_job: nullable('string', { format: 'uuid' }),
    created_by: nullable('string'),
    created_at: dateTime,
    started_at: nullable('string', { format: 'date-time' }),
    completed_at: nullable('string', { format: 'date-time' }),
    duration_ms: nullable('integer'),
    progress: nullable('integer', { description: "How far the job says it is, 0 to 100 (the SDK's setProgress)." }),
    flow_step_id: nullable('string'),
    schedule_path: nullable('string'),
    scheduled_for: nullable('string', { format: 'date-time' }),
    trigger_kind: nullable('string', { description: 'http, nats, webhook, schedule … when a trigger started it.' }),
    trigger_path: nullable('string'),
    raw_flow: { description: 'Flow jobs: the definition it runs (a FlowValue).' },
    flow_status: { description: "Flow jobs: each step's status." },
  },
} as const;

export function jobView(row: JobRow) {
  return {
    id: row.id,
    workspace_id: row.workspace_id,
    kind: row.kind,
    job_kind: row.kind,
    status: row.status,
    result: row.result ?? null,
    args: row.args,
    script_path: row.script_path,
    script_hash: row.script_hash,
    language: row.language,
    tag: row.tag,
    timeout: row.timeout_s,
    attempts: row.attempts,
    worker: row.worker,
    parent_job: row.parent_job,
    created_by: row.created_by,
    created_at: row.created_at,
    started_at: row.started_at,
    completed_at: row.completed_at,
    duration_ms: row.duration_ms,
    progress: row.progress ?? null,
    flow_step_id: row.flow_step_id,
    schedule_path: row.schedule_path,
    scheduled_for: row.scheduled_for,
    trigger_kind: row.trigger_kind,
    trigger_path: row.trigger_path,
    ...(isFlowJob(row) ? { raw_flow: row.flow_value, flow_status: row.flow_status } : {}),
  };
}

/** The error a failed job stores as its result. */
export function jobError(name: string, message: string) {
  return { error: { name, message } };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isJobId = (id: string) => UUID.test(id);
