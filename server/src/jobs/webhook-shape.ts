import type { FastifyReply, FastifyRequest } from 'fastify';
import { TOKEN_HEADER, TOKEN_QUERY } from '../auth/auth.guard.js';
import { ErrorCode, RunnelError, STATUS_OF } from '../common/errors.js';
import { parseJsonText } from '../common/json-depth.js';
import { sendText } from '../common/replies.js';
import type { JobRow } from './job-row.js';

/**
 * Request → job arguments and job result → HTTP response, shared by the webhooks
 * (`jobs/run…`) and the HTTP routes (`/api/r/…`). The rules are Windmill's, so a caller or a
 * script written for Windmill behaves the same here.
 */

/** A request whose body parser kept the body as received, for `raw=true` and signature checks. */
export type RawBodyRequest = FastifyRequest & { rawBody?: string | Buffer };

/** The raw body as bytes (HMAC input); an empty buffer when there was none. */
export function rawBodyBytes(req: FastifyRequest): Buffer {
  const raw = (req as RawBodyRequest).rawBody;
  if (raw === undefined) return Buffer.alloc(0);
  return typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
}

export function rawBodyText(req: FastifyRequest): string {
  const raw = (req as RawBodyRequest).rawBody;
  if (raw === undefined) return '';
  return typeof raw === 'string' ? raw : raw.toString('utf8');
}

export const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A JSON value as the object of a job's arguments: an object as is, anything else as `{body}`. */
export function asArgs(value: unknown): Record<string, unknown> {
  if (value === undefined) return {};
  return isPlainObject(value) ? { ...value } : { body: value };
}

/** `?payload=`: the JSON arguments, base64-encoded (URL-safe or not, padded or not). */
export function decodePayload(payload: string): unknown {
  return parseJsonText(
    Buffer.from(payload, 'base64').toString('utf8'),
    '?payload=',
    '?payload= must be the JSON arguments encoded in URL-safe base64, e.g. btoa(JSON.stringify(args))',
  );
}

const list = (v: unknown) =>
  typeof v === 'string'
    ? v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [];

const headerValue = (v: string | string[] | undefined) => (Array.isArray(v) ? v.join(', ') : v);

/**
 * A webhook's arguments, as Windmill builds them: the body (or `?payload=` on GET), a
 * non-object wrapped as `{body}` (`?wrap_body=true` wraps an object too); then
 * `?include_header=a,b` adds those headers (named lower-case, `-` → `_`), `?include_query=a,b`
 * those query parameters, and `?raw=true` the body as received as `raw_string`. The additions
 * win over body fields of the same name. A webhook is always called with a token of this
 * instance, so `include_header=authorization` and `include_query=token` add nothing: arguments
 * are stored and every viewer reads them.
 */
export function webhookArgs(req: FastifyRequest, body: unknown): Record<string, unknown> {
  const query = (req.query ?? {}) as Record<string, unknown>;
  let value = body;
  let raw = rawBodyText(req);
  if (req.method === 'GET' && typeof query.payload === 'string') {
    value = decodePayload(query.payload);
    raw = Buffer.from(query.payload, 'base64').toString('utf8');
  }
  const args = query.wrap_body === 'true' && value !== undefined ? { body: value } : asArgs(value);
  // Own properties only: `?include_header=constructor` must not reach Object.prototype's.
  for (const name of list(query.include_header)) {
    const key = name.toLowerCase();
    if (key === TOKEN_HEADER) continue;
    const v = Object.hasOwn(req.headers, key) ? headerValue(req.headers[key]) : undefined;
    if (typeof v === 'string') args[key.replaceAll('-', '_')] = v;
  }
  for (const name of list(query.include_query)) {
    if (name === TOKEN_QUERY) continue;
    if (Object.hasOwn(query, name) && typeof query[name] === 'string') args[name] = query[name];
  }
  if (query.raw === 'true') args.raw_string = raw;
  return args;
}

/** What a sync endpoint answers for a finished job. */
export interface ShapedResponse {
  status: number;
  headers: Record<string, string>;
  contentType: string;
  /** Absent: no body (204, or a status the script chose without a result). */
  body?: string;
}

const SHAPE_KEYS = ['windmill_status_code', 'windmill_content_type', 'windmill_headers'] as const;
/** Headers that describe the connection or the framing: Fastify sets them, a script may not. */
const RESERVED_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'upgrade']);
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

const scriptError = (message: string) => new RunnelError(ErrorCode.JobFailed, message);

/**
 * Windmill's composite result: an object with `windmill_status_code`, `windmill_content_type`
 * or `windmill_headers` sets the status, content type and headers; the body is its `result`
 * key when it has one, else the object without those keys (no body at all if nothing is left:
 * 204 unless a status is set). With a content type, a string body is sent as is (a script
 * returns HTML or CSV text), anything else as JSON text. Without any of the keys, the result
 * is the JSON body. A malformed key is the script's mistake: 422 saying which.
 */
export function shapeResult(result: unknown, success: boolean): ShapedResponse {
  const json = 'application/json; charset=utf-8';
  const fallback = success ? 200 : STATUS_OF[ErrorCode.JobFailed];
  if (!isPlainObject(result) || !SHAPE_KEYS.some((k) => k in result)) {
    return { status: fallback, headers: {}, contentType: json, body: JSON.stringify(result ?? null) };
  }
  const { windmill_status_code: code, windmill_content_type: type, windmill_headers: extra, ...rest } = result;
  const value = 'result' in rest ? rest.result : Object.keys(rest).length ? rest : undefined;

  let status = value === undefined && success ? 204 : fallback;
  if (code !== undefined && code !== null) {
    if (!Number.isInteger(code) || (code as number) < 200 || (code as number) > 599) {
      throw scriptError(`the result's windmill_status_code must be an HTTP status from 200 to 599, got ${code}`);
    }
    status = code as number;
  }
  const headers: Record<string, string> = {};
  if (extra !== undefined && extra !== null) {
    if (!isPlainObject(extra)) throw scriptError("the result's windmill_headers must be an object of header: value");
    for (const [name, v] of Object.entries(extra)) {
      const text = typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : null;
      if (!HEADER_NAME.test(name) || text === null || /[\r\n\0]/.test(text)) {
        throw scriptError(`the result's windmill_headers has an invalid header "${name}"`);
      }
      if (!RESERVED_HEADERS.has(name.toLowerCase())) headers[name.toLowerCase()] = text;
    }
  }
  if (type !== undefined && type !== null) {
    if (typeof type !== 'string' || !type || /[\r\n\0]/.test(type)) {
      throw scriptError("the result's windmill_content_type must be a content type such as text/html");
    }
    const body = value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
    return { status, headers, contentType: type, body };
  }
  const contentType = headers['content-type'] ?? json;
  delete headers['content-type'];
  return { status, headers, contentType, body: value === undefined ? undefined : JSON.stringify(value) };
}

/** The 422 body of a sync endpoint whose job failed, in the OpenAPI document as `JobFailure`. */
export const jobFailureSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'job_id'],
      properties: {
        code: { type: 'string', enum: [ErrorCode.JobFailed, 'job_canceled'] },
        message: { type: 'string' },
        name: { type: 'string', description: "The error's name in the script (TypeError, ValueError…)." },
        stack: { type: 'string' },
        job_id: { type: 'string', format: 'uuid' },
      },
    },
  },
} as const;

/** The answer of an async run: 201 and the job id. */
export async function answerQueued(reply: FastifyReply, id: string): Promise<void> {
  await sendText(reply, 201, id);
}

/** The documented answers of answerJob. */
export const waitOk = {
  200: {
    description:
      "The job's result. A result object may set `windmill_status_code`, `windmill_content_type` and " +
      '`windmill_headers` to shape this answer. The `x-runnel-job-id` header carries the job id.',
    any: true,
  },
  202: {
    description: 'Still running after the sync limit (RUNNEL_SYNC_TIMEOUT_MS): poll getJob.',
    text: 'The job id.',
  },
} as const;

/**
 * The answer of a sync endpoint once waiting is over: the shaped result; a failed job its error
 * with 422; a job still running after the limit, 202 and its id so the caller can poll.
 */
export async function answerJob(reply: FastifyReply, id: string, job: JobRow | undefined): Promise<void> {
  reply.header('x-runnel-job-id', id);
  if (!job) {
    await sendText(reply, 202, id);
    return;
  }
  if (job.status === 'success' || (job.status === 'running' && job.early_return)) {
    let shaped: ShapedResponse;
    try {
      shaped = shapeResult(job.result ?? null, true);
    } catch (err) {
      if (!(err instanceof RunnelError)) throw err;
      await sendJson(reply, STATUS_OF[err.code], { error: { code: err.code, message: err.message, job_id: id } });
      return;
    }
    reply.status(shaped.status).headers(shaped.headers);
    if (shaped.body === undefined) await reply.send();
    else await reply.type(shaped.contentType).send(shaped.body);
    return;
  }
  const error = (job.result as { error?: { name?: string; message?: string; stack?: string } } | null)?.error;
  await sendJson(reply, STATUS_OF[ErrorCode.JobFailed], {
    error: {
      code: job.status === 'canceled' ? 'job_canceled' : ErrorCode.JobFailed,
      message: error?.message ?? `job ${job.status}`,
      name: error?.name ?? 'Error',
      stack: error?.stack,
      job_id: id,
    },
  });
}

export function sendJson(reply: FastifyReply, status: number, value: unknown) {
  return reply.status(status).type('application/json; charset=utf-8').send(JSON.stringify(value));
}
