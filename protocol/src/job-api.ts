/**
 * The job API (docs/adr/0037-secrets-in-jobs.md): what a running job may ask of the platform,
 * through the Unix socket its worker serves at JOB_SOCKET (one line of JSON each way), relayed
 * by the worker over core NATS request–reply on `jobApiSubject` (names.ts) with the job's id and
 * credential added. The SDKs (runtimes/sdk) code against these names and shapes.
 */

/** Where a job finds the socket inside its sandbox; also in its environment as RUNNEL_SOCKET. */
export const JOB_SOCKET = '/job/.runnel.sock';

/** The operations, by their exact names. */
export const JOB_API_OPS = [
  'resolve_args',
  'get_variable',
  'set_variable',
  'get_resource',
  'get_state',
  'set_state',
  'run_script',
  'run_flow',
  'get_resume_urls',
  'set_progress',
] as const;
export type JobApiOp = (typeof JOB_API_OPS)[number];

/** What the worker sends on `jobApiSubject`: the job's own line plus who asks. */
export interface JobApiRequest {
  job_id: string;
  credential: string;
  op: string;
  [param: string]: unknown;
}

/**
 * The answer. `secrets` (NATS only, stripped before the job sees the reply) lists every secret
 * plaintext inside `value`, so the worker masks them in the job's logs and result.
 */
export type JobApiReply =
  { ok: true; value: unknown; secrets?: string[] } | { ok: false; status: number; error: string };

/** A string argument that names a variable or a resource rather than being a value. */
const REFERENCE = /^\$(var|res):(.+)$/;

export interface Reference {
  kind: 'var' | 'res';
  path: string;
}

export function parseReference(value: unknown): Reference | undefined {
  if (typeof value !== 'string' || value.charCodeAt(0) !== 36 /* $ */) return undefined;
  const m = REFERENCE.exec(value);
  return m ? { kind: m[1] as Reference['kind'], path: m[2]! } : undefined;
}

/**
 * Whether a job's arguments hold a reference anywhere (top level, arrays, objects): the worker
 * asks for `resolve_args` only then, so a job without one starts as fast as before.
 */
export function hasReference(value: unknown): boolean {
  if (typeof value === 'string') return parseReference(value) !== undefined;
  if (Array.isArray(value)) return value.some(hasReference);
  if (value !== null && typeof value === 'object') return Object.values(value).some(hasReference);
  return false;
}
