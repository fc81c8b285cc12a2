import { api, messageOf, type Schemas } from '$lib/api/client';

export type Job = Schemas['Job'];

/** What a form shows of a finished run. */
export interface Finished {
  status: 'success' | 'failure' | 'canceled';
  result: unknown;
  /** The error's message, for a run that did not succeed. */
  failure: string | null;
  durationMs?: number | null;
  /** The job, when the person may open its run page. */
  id?: string;
}

/** How a run from a form ended, as far as the page waits for it. */
export type RunOutcome =
  | { kind: 'done'; finished: Finished }
  /** Still going after the wait: it continues on its run page. */
  | { kind: 'running'; id: string }
  /** The server refused the args: its 400 body, whose details belong on the fields. */
  | { kind: 'invalid'; body: unknown }
  | { kind: 'error'; message: string };

/**
 * What a form runs: the path's current version, one version by its hash ("Run this version"), or
 * the flow at a path.
 */
export type RunTarget = { path: string } | { hash: string } | { flow: string };

/** How long the form shows "Running…" before handing the job to its run page. */
export const WAIT_MS = 4000;
const POLL_MS = 250;

const FINISHED = new Set(['success', 'failure', 'canceled']);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Queues the script (or the version) with `args`, then polls the job until it finishes or `waitMs` passes. Polling,
 * not run_wait_result: that one waits for the server's sync limit (20 s by default), far longer than
 * a person should stare at a form.
 */
export async function runScript(
  workspace: string,
  target: RunTarget,
  args: Record<string, unknown>,
  waitMs = WAIT_MS,
): Promise<RunOutcome> {
  const queued =
    'hash' in target
      ? await api.POST('/api/w/{workspace}/jobs/run/h/{hash}', {
          params: { path: { workspace, hash: target.hash } },
          body: args,
          parseAs: 'text',
        })
      : 'flow' in target
        ? await api.POST('/api/w/{workspace}/jobs/run/f/{path}', {
            params: { path: { workspace, path: target.flow } },
            body: args,
            parseAs: 'text',
          })
        : await api.POST('/api/w/{workspace}/jobs/run/p/{path}', {
            params: { path: { workspace, path: target.path } },
            body: args,
            parseAs: 'text',
          });
  if (queued.response.status === 400) return { kind: 'invalid', body: queued.error };
  if (queued.data === undefined) return { kind: 'error', message: messageOf(queued.error, queued.response) };
  const id = queued.data.trim();
  const deadline = Date.now() + waitMs;
  for (;;) {
    const got = await api.GET('/api/w/{workspace}/jobs_u/get/{id}', { params: { path: { workspace, id } } });
    if (!got.data) return { kind: 'error', message: messageOf(got.error, got.response) };
    if (FINISHED.has(got.data.status)) return { kind: 'done', finished: finishedOf(got.data) };
    if (Date.now() + POLL_MS > deadline) return { kind: 'running', id };
    await sleep(POLL_MS);
  }
}

function finishedOf(job: Job): Finished {
  return {
    status: job.status as Finished['status'],
    result: job.result,
    failure: failureOf(job),
    durationMs: job.duration_ms,
    id: job.id,
  };
}

/** A failed job's message: its result is `{error: {name, message}}`. */
export function failureOf(job: Job): string | null {
  if (job.status === 'success') return null;
  if (job.status === 'canceled') return 'The run was canceled.';
  const error = (job.result as { error?: { name?: unknown; message?: unknown } } | null)?.error;
  const name = typeof error?.name === 'string' ? `${error.name}: ` : '';
  return `${name}${typeof error?.message === 'string' ? error.message : 'the run failed'}`;
}
