import { LANGUAGES, type Language } from '@runnel/runtimes/languages';
import { Ajv, type ValidateFunction } from 'ajv';

/**
 * Queue messages between server and worker. The server publishes a JobMessage on
 * `jobs.<tag>`; the worker answers with WorkerEvents on `events.<jobId>`. Both ends validate
 * what they receive: a worker may run another version than the server during a rollout.
 */
export const PROTOCOL_VERSION = 1;

export type JobLanguage = Language;
export type JobNetwork = 'none' | 'outbound' | 'host';

export interface JobMessage {
  v: number;
  id: string;
  workspace: string;
  language: JobLanguage;
  content: string;
  args: Record<string, unknown>;
  /** Parameter names of `main` in declared order. */
  arg_order: string[];
  tag: string;
  /** Wall-time limit in seconds. */
  timeout_s: number;
  /** Network policy the script asked for; the worker group's own policy may narrow it. */
  network: JobNetwork | null;
  /** CPU cores the script asked for; unset or null = the worker group's WORKER_CPUS. */
  cpus?: number | null;
  /** Disk quota of the job folder in MiB the script asked for; unset or null = the group's WORKER_DISK_MB. */
  disk_mb?: number | null;
  script_path: string | null;
  script_hash: string | null;
  /**
   * The version's dependency lock (runtimes/deps), which the worker installs into its cache and
   * mounts read-only into the sandbox; unset or null = none (docs/adr/0035-script-dependencies.md).
   */
  lock?: string | null;
  /**
   * The job's capability for the job API (HMAC of its id under a server key): honoured only
   * until the job's row is final, never logged (docs/adr/0037-secrets-in-jobs.md). Unset: the
   * job may not use the API (a server older than the worker).
   */
  credential?: string;
  /**
   * The flow job this job is a step of, for the worker's log lines (docs/adr/0043); unset for a
   * job outside any flow.
   */
  flow_id?: string;
  /**
   * The script asked for a dedicated runtime (`dedicated: true`, Windmill's `dedicated_worker`):
   * its version's process serves one job after another (docs/adr/0050). Unset: the worker
   * group's WORKER_DEDICATED decides.
   */
  dedicated?: boolean;
}

/** What a deploy announces on `depsPrefetchSubject` (names.ts): a lock worth installing now. */
export interface DepsPrefetch {
  language: JobLanguage;
  /** The lock, exactly as a job of that version carries it in `JobMessage.lock`. */
  lock: string;
}

export type WorkerEvent =
  | { type: 'started'; job_id: string; attempt: number; worker: string; at: string }
  | { type: 'log'; job_id: string; attempt: number; seq: number; text: string }
  | {
      type: 'result';
      job_id: string;
      attempt: number;
      worker: string;
      status: 'success' | 'failure' | 'canceled';
      result: unknown;
      started_at: string;
      completed_at: string;
      duration_ms: number;
      /** The last log batch, sent with the result rather than as an event of its own. */
      log?: { seq: number; text: string };
    };

const jobMessageSchema = {
  type: 'object',
  required: ['v', 'id', 'workspace', 'language', 'content', 'args', 'arg_order', 'tag', 'timeout_s'],
  properties: {
    v: { type: 'integer', const: PROTOCOL_VERSION },
    id: { type: 'string', minLength: 1 },
    workspace: { type: 'string', minLength: 1 },
    language: { type: 'string', enum: LANGUAGES },
    content: { type: 'string' },
    args: { type: 'object' },
    arg_order: { type: 'array', items: { type: 'string' } },
    tag: { type: 'string', minLength: 1 },
    timeout_s: { type: 'number', exclusiveMinimum: 0 },
    network: { enum: ['none', 'outbound', 'host', null] },
    cpus: { type: ['number', 'null'], exclusiveMinimum: 0 },
    disk_mb: { type: ['integer', 'null'], minimum: 1 },
    script_path: { type: ['string', 'null'] },
    script_hash: { type: ['string', 'null'] },
    lock: { type: ['string', 'null'] },
    credential: { type: 'string', pattern: '^[0-9a-f]{64}$' },
    flow_id: { type: 'string', minLength: 1 },
    dedicated: { type: 'boolean' },
  },
  additionalProperties: false,
};

const depsPrefetchSchema = {
  type: 'object',
  required: ['language', 'lock'],
  properties: { language: { type: 'string', enum: LANGUAGES }, lock: { type: 'string', minLength: 1 } },
  additionalProperties: false,
};

const common = {
  job_id: { type: 'string', minLength: 1 },
  attempt: { type: 'integer', minimum: 1 },
} as const;

const workerEventSchema = {
  oneOf: [
    {
      type: 'object',
      required: ['type', 'job_id', 'attempt', 'worker', 'at'],
      properties: { type: { const: 'started' }, ...common, worker: { type: 'string' }, at: { type: 'string' } },
      additionalProperties: false,
    },
    {
      type: 'object',
      required: ['type', 'job_id', 'attempt', 'seq', 'text'],
      properties: { type: { const: 'log' }, ...common, seq: { type: 'integer', minimum: 0 }, text: { type: 'string' } },
      additionalProperties: false,
    },
    {
      type: 'object',
      required: ['type', 'job_id', 'attempt', 'worker', 'status', 'started_at', 'completed_at', 'duration_ms'],
      properties: {
        type: { const: 'result' },
        ...common,
        worker: { type: 'string' },
        status: { enum: ['success', 'failure', 'canceled'] },
        result: {},
        started_at: { type: 'string' },
        completed_at: { type: 'string' },
        duration_ms: { type: 'number', minimum: 0 },
        log: {
          type: 'object',
          required: ['seq', 'text'],
          properties: { seq: { type: 'integer', minimum: 0 }, text: { type: 'string' } },
          additionalProperties: false,
        },
      },
      additionalProperties: false,
    },
  ],
};

export const ajv = new Ajv({ allErrors: false });
const validateJob = ajv.compile<JobMessage>(jobMessageSchema);
const validateEvent = ajv.compile<WorkerEvent>(workerEventSchema);
const validateDepsPrefetch = ajv.compile<DepsPrefetch>(depsPrefetchSchema);

export class ProtocolError extends Error {
  override name = 'ProtocolError';
}

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** Parses and validates a message; a ProtocolError says what is wrong. */
export function decodeValidated<T>(data: Uint8Array, validate: ValidateFunction<T>, what: string): T {
  let value: unknown;
  try {
    value = JSON.parse(decoder.decode(data));
  } catch (err) {
    throw new ProtocolError(`${what} is not JSON: ${(err as Error).message}`);
  }
  if (!validate(value)) {
    throw new ProtocolError(`${what} is invalid: ${ajv.errorsText(validate.errors)}`);
  }
  return value;
}

export function encodeJob(job: JobMessage): Uint8Array {
  return encoder.encode(JSON.stringify(job));
}

export function decodeJob(data: Uint8Array): JobMessage {
  return decodeValidated(data, validateJob, 'job message');
}

export function encodeDepsPrefetch(message: DepsPrefetch): Uint8Array {
  return encoder.encode(JSON.stringify(message));
}

export function decodeDepsPrefetch(data: Uint8Array): DepsPrefetch {
  return decodeValidated(data, validateDepsPrefetch, 'dependency prefetch');
}

export function encodeEvent(event: WorkerEvent): Uint8Array {
  return encoder.encode(JSON.stringify(event));
}

export function decodeEvent(data: Uint8Array): WorkerEvent {
  return decodeValidated(data, validateEvent, 'worker event');
}
