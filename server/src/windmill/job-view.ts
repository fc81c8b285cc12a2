/**
 * Jobs as Windmill's clients (the `wmill` CLI, its SDKs) poll them: Runnel's job view with
 * Windmill's fields beside it (docs/adr/0047-windmill-cli.md). Pure.
 */
import type { FlowStatusView } from '../flows/engine/types.js';
import { FINAL_STATUSES, isFlowJob, jobView, jobViewSchema, type JobRow } from '../jobs/job-row.js';
import { WINDMILL_MODULE_TYPES, windmillFlowStatus } from './flow-status-view.js';

/** A job: Runnel's fields, then Windmill's (a flow's `flow_status` in Windmill's words). */
export function windmillJob(row: JobRow, queuedSteps: ReadonlySet<string> = new Set()) {
  const completed = FINAL_STATUSES.includes(row.status);
  return {
    ...jobView(row),
    type: completed ? ('CompletedJob' as const) : ('QueuedJob' as const),
    running: row.status === 'running',
    ...(completed ? { success: row.status === 'success' } : {}),
    canceled: row.status === 'canceled',
    is_flow_step: row.flow_step_id !== null,
    ...(isFlowJob(row)
      ? { flow_status: windmillFlowStatus(row.flow_status as FlowStatusView | null, queuedSteps) }
      : {}),
  };
}

/** Windmill's CompletedJob: the job and its logs; only for a job that ended. */
export function completedJob(row: JobRow, logs: string, queuedSteps?: ReadonlySet<string>) {
  return { ...windmillJob(row, queuedSteps), logs, is_skipped: false };
}

/**
 * What changed since a poller's last look (Windmill's JobUpdate). `logOffset` counts UTF-16 code
 * units, as the CLI counts what it was sent (`logOffset += new_logs.length`).
 */
export function jobUpdate(row: JobRow, logs: string, logOffset: number, queuedSteps?: ReadonlySet<string>) {
  const new_logs = logs.slice(logOffset);
  return {
    running: row.status === 'running',
    completed: FINAL_STATUSES.includes(row.status),
    new_logs,
    log_offset: logOffset + new_logs.length,
    progress: row.progress ?? null,
    ...(isFlowJob(row)
      ? { flow_status: windmillFlowStatus(row.flow_status as FlowStatusView | null, queuedSteps ?? new Set()) }
      : {}),
  };
}

/** Whether an update would tell a poller nothing it does not know: then it is worth waiting a little. */
export function nothingNew(row: JobRow, logs: string, logOffset: number, clientRunning: boolean): boolean {
  return (
    !FINAL_STATUSES.includes(row.status) && logs.length <= logOffset && (row.status === 'running') === clientRunning
  );
}

const uuid = { type: 'string', format: 'uuid' } as const;

const childrenSchema = {
  type: 'array',
  items: {
    type: 'object',
    properties: {
      index: { type: ['integer', 'string'] },
      status: { type: 'string' },
      modules: { type: 'array', items: { $ref: '#/components/schemas/FlowStatusModule' } },
    },
  },
} as const;

/** One module of `flow_status`, in the OpenAPI document as `FlowStatusModule`. */
export const flowStatusModuleSchema = {
  type: 'object',
  required: ['id', 'type', 'module_type', 'status'],
  properties: {
    id: { type: 'string' },
    type: { type: 'string', enum: WINDMILL_MODULE_TYPES, description: "The status in Windmill's words." },
    module_type: { type: 'string', description: 'The module kind: rawscript, script, flow, forloopflow, …' },
    status: {
      type: 'string',
      enum: ['waiting', 'running', 'suspended', 'success', 'failure', 'skipped'],
      description: "The status in Runnel's words.",
    },
    job: {
      ...uuid,
      description:
        'The latest step job. A loop or branchall: the last of `flow_jobs` (the nil UUID if it ended with none), ' +
        'unless it ran a job of its own (a suspend).',
    },
    jobs: { type: 'array', items: uuid, description: 'Every attempt, oldest first, when there was more than one.' },
    flow_jobs: {
      type: 'array',
      items: uuid,
      description:
        'Loops and branchall: per iteration or branch, in order, its first step job. Only grows; an iteration ' +
        'that ended without a job is left out.',
    },
    flow_jobs_success: { type: 'array', items: { type: 'boolean' } },
    iterations: childrenSchema,
    branches: childrenSchema,
    branch_chosen: { type: ['integer', 'string'], description: "branchone: the chosen branch's index or `default`." },
    approvers: {
      type: 'array',
      items: {
        type: 'object',
        properties: { resume_id: { type: 'integer' }, approver: { type: 'string' } },
      },
    },
    skipped: { type: 'boolean' },
    message: { type: 'string' },
  },
} as const;

/** `flow_status` of a flow job, in the OpenAPI document as `FlowStatus`. */
export const flowStatusSchema = {
  type: 'object',
  required: ['status', 'step', 'modules'],
  properties: {
    status: { type: 'string', enum: ['running', 'success', 'failure', 'canceled'] },
    step: { type: 'integer', description: 'The index of the first module that has not ended.' },
    modules: { type: 'array', items: { $ref: '#/components/schemas/FlowStatusModule' } },
    failure_module: { $ref: '#/components/schemas/FlowStatusModule' },
  },
} as const;

const windmillFields = {
  type: { type: 'string', enum: ['QueuedJob', 'CompletedJob'], description: 'CompletedJob once it ended.' },
  running: { type: 'boolean', description: 'Whether a worker runs it now.' },
  success: { type: 'boolean', description: 'Completed jobs: whether it succeeded.' },
  canceled: { type: 'boolean' },
  is_flow_step: { type: 'boolean' },
  flow_status: { $ref: '#/components/schemas/FlowStatus' },
} as const;

/** jobs_u/get's answer, in the OpenAPI document as `WindmillJob`. */
export const windmillJobSchema = {
  ...jobViewSchema,
  required: [...jobViewSchema.required, 'type', 'running', 'canceled', 'is_flow_step'],
  properties: { ...jobViewSchema.properties, ...windmillFields },
} as const;

/** jobs_u/completed/get's answer, in the OpenAPI document as `CompletedJob`. */
export const completedJobSchema = {
  ...windmillJobSchema,
  required: [...windmillJobSchema.required, 'success', 'logs'],
  properties: {
    ...windmillJobSchema.properties,
    logs: { type: 'string', description: 'Every attempt, in order.' },
    is_skipped: { type: 'boolean' },
  },
} as const;

/** jobs_u/getupdate's answer, in the OpenAPI document as `JobUpdate`. */
export const jobUpdateSchema = {
  type: 'object',
  required: ['running', 'completed', 'new_logs', 'log_offset'],
  properties: {
    running: { type: 'boolean' },
    completed: { type: 'boolean' },
    new_logs: { type: 'string', description: 'The logs from `log_offset` on.' },
    log_offset: { type: 'integer', description: 'Where the next poll starts: UTF-16 code units into the logs.' },
    progress: { type: ['integer', 'null'] },
    flow_status: { $ref: '#/components/schemas/FlowStatus' },
  },
} as const;
