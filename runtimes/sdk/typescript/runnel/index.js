// The Runnel SDK inside a job's sandbox (README "The SDK"). The worker binds this folder's parent
// read-only at /node_modules, so `import * as runnel from 'runnel'` (and 'windmill-client', which
// re-exports this module) resolves in Bun and Deno with no install step and beside a job's locked
// dependencies. Each call is one request on the job's Unix socket (RUNNEL_SOCKET): one line of
// JSON `{"op": …, …params}` out, one line back, `{"ok": true, "value": …}` or
// `{"ok": false, "status": …, "error": …}`. The names and parameters are Windmill's, so a
// Windmill script runs unchanged. Plain JavaScript: it runs as it is, in both runtimes.
import { createConnection } from 'node:net';
import process from 'node:process';

/** Where the worker serves the job API when RUNNEL_SOCKET is not set (protocol/src/job-api.ts). */
const DEFAULT_SOCKET = '/job/.runnel.sock';

/** A request the platform refused or could not serve; `status` is its HTTP-like code (404, 403…). */
export class RunnelError extends Error {
  constructor(message, status) {
    super(message);
    this.name = 'RunnelError';
    this.status = status;
  }
}

/** The value of the reply's line, or the RunnelError it carries. */
function replyValue(text) {
  const line = text.split('\n', 1)[0];
  if (line === '') return new RunnelError('the platform closed the job API connection without a reply', 502);
  let reply;
  try {
    reply = JSON.parse(line);
  } catch {
    return new RunnelError(`the job API sent a reply that is not JSON: ${line.slice(0, 200)}`, 502);
  }
  if (reply.ok === true) return { value: reply.value };
  return new RunnelError(String(reply.error ?? 'the platform refused the request'), Number(reply.status ?? 500));
}

/** One exchange on the job's socket: the reply's `{value}`, or the RunnelError it carries. */
function exchange(line) {
  return new Promise((resolve) => {
    const socket = createConnection(process.env.RUNNEL_SOCKET || DEFAULT_SOCKET);
    const chunks = [];
    let failed = false;
    socket.on('connect', () => socket.write(line));
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', (err) => {
      failed = true;
      resolve(new RunnelError(`cannot reach the platform through the job API socket: ${err.message}`, 503));
    });
    socket.on('close', () => {
      if (!failed) resolve(replyValue(Buffer.concat(chunks).toString('utf8')));
    });
  });
}

/** How long a request refused as one too many at once (429) is tried again: `Promise.all` over many paths. */
const BUSY_RETRY_MS = 30_000;

/**
 * One request; the platform answers a few of a job's requests at a time, so a 429 is tried again
 * after a short wait (it is refused before anything is done). The error is made here, before any
 * await, so that its stack shows the script's line that called the SDK, not the socket's callbacks.
 */
async function call(op, params = {}) {
  const failure = new RunnelError('', 0);
  const line = `${JSON.stringify({ ...params, op })}\n`;
  const giveUp = Date.now() + BUSY_RETRY_MS;
  for (let pause = 10; ; pause = Math.min(pause * 2, 500)) {
    const outcome = await exchange(line);
    if (!(outcome instanceof RunnelError)) return outcome.value;
    if (outcome.status !== 429 || Date.now() + pause > giveUp) {
      failure.message = outcome.message;
      failure.status = outcome.status;
      throw failure;
    }
    await new Promise((resume) => setTimeout(resume, pause));
  }
}

/** Options Runnel cannot honour yet are refused rather than silently ignored. */
function refuse(name, value) {
  if (value !== null && value !== undefined) {
    throw new RunnelError(`${name} is not supported by Runnel; leave it out`, 400);
  }
}

/** The value of a variable; a secret's plaintext, masked in the job's logs. */
export function getVariable(path) {
  return call('get_variable', { path });
}

/**
 * Creates or updates a variable; `isSecretIfNotExist` makes a new one a secret. The job API keeps
 * no description, so Windmill's `descriptionIfNotExist` is accepted and left out.
 */
export async function setVariable(path, value, isSecretIfNotExist, _descriptionIfNotExist) {
  await call('set_variable', {
    path,
    value,
    ...(isSecretIfNotExist === undefined ? {} : { is_secret: Boolean(isSecretIfNotExist) }),
  });
}

/** A resource's value, its `$var:` fields resolved; undefined instead of a 404 with `undefinedIfEmpty`. */
export async function getResource(path, undefinedIfEmpty = false) {
  if (typeof path !== 'string' || path === '') throw new RunnelError('getResource needs the path of a resource', 400);
  try {
    return await call('get_resource', { path });
  } catch (err) {
    if (undefinedIfEmpty && err instanceof RunnelError && err.status === 404) return undefined;
    throw err;
  }
}

/** The state this script (and trigger) kept with setState in an earlier run; undefined at first. */
export async function getState() {
  return (await call('get_state')) ?? undefined;
}

/** Keeps `state` (any JSON value) for the next run of this script and trigger. */
export async function setState(state) {
  await call('set_state', { value: state ?? null });
}

/** Windmill keeps triggers' own state apart; in Runnel it is the same per-script state. */
export const getInternalState = getState;
export const setInternalState = setState;

function runScriptRequest(path, hash_, args, wait) {
  if (!path && !hash_) throw new RunnelError('runScript needs the path or the hash of a script', 400);
  return call('run_script', { ...(path ? { path } : {}), ...(hash_ ? { hash: hash_ } : {}), args: args ?? {}, wait });
}

/**
 * Runs a script (by path, or by hash of one version) as a child of this job and waits for its
 * result; its failure is thrown with its message. `verbose` is accepted for Windmill's sake.
 */
export async function runScript(path = null, hash_ = null, args = null, _verbose = false) {
  return runScriptRequest(path, hash_, args, true);
}

export function runScriptByPath(path, args = null, verbose = false) {
  return runScript(path, null, args, verbose);
}

export function runScriptByHash(hash_, args = null, verbose = false) {
  return runScript(null, hash_, args, verbose);
}

/** Starts a script as a child of this job without waiting; the child's job id. */
export async function runScriptAsync(path, hash_, args, scheduledInSeconds = null) {
  refuse('scheduledInSeconds', scheduledInSeconds);
  return runScriptRequest(path, hash_, args, false);
}

export function runScriptByPathAsync(path, args = null, scheduledInSeconds = null) {
  return runScriptAsync(path, null, args, scheduledInSeconds);
}

export function runScriptByHashAsync(hash_, args = null, scheduledInSeconds = null) {
  return runScriptAsync(null, hash_, args, scheduledInSeconds);
}

function runFlowRequest(path, args, wait) {
  if (!path) throw new RunnelError('runFlow needs the path of a flow', 400);
  return call('run_flow', { path, args: args ?? {}, wait });
}

/** Runs a flow as a child of this job and waits for its result. */
export async function runFlow(path = null, args = null, _verbose = false) {
  return runFlowRequest(path, args, true);
}

/**
 * Starts a flow as a child of this job without waiting; the flow's job id. The child always
 * records its parent, so Windmill's `doNotTrackInParent` changes nothing here.
 */
export async function runFlowAsync(path, args, scheduledInSeconds = null, _doNotTrackInParent = true) {
  refuse('scheduledInSeconds', scheduledInSeconds);
  return runFlowRequest(path, args, false);
}

/** The URLs that resume or cancel this job's flow at a suspend step: `{approvalPage, resume, cancel}`. */
export function getResumeUrls(approver) {
  return call('get_resume_urls', approver === undefined ? {} : { approver });
}

/**
 * Reports this job's progress, 0–100, rounded to a whole percent as the platform keeps it;
 * another job's (`jobId`) is not this job's to set.
 */
export async function setProgress(percent, jobId) {
  if (jobId !== undefined && jobId !== null && jobId !== process.env.RUNNEL_JOB_ID) {
    throw new RunnelError("setProgress sets this job's progress only; leave jobId out", 400);
  }
  await call('set_progress', { percent: typeof percent === 'number' ? Math.round(percent) : percent });
}
