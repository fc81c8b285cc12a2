import { api, messageOf } from '$lib/api/client';
import type { RunOutcome } from './run';

/**
 * Runs a public form's script for someone signed out and waits for the result (the only way: a
 * signed-out caller cannot read a job). What the server refuses is said in words a visitor can act
 * on; a limit reached says when to try again.
 */
export async function runPublicForm(
  workspace: string,
  path: string,
  args: Record<string, unknown>,
): Promise<RunOutcome> {
  const res = await api.POST('/api/w/{workspace}/public/forms/run_wait_result/script/{path}', {
    params: { path: { workspace, path } },
    body: args,
    parseAs: 'text',
  });
  const { status } = res.response;
  if (status === 200) return { kind: 'done', finished: { status: 'success', result: parsed(res.data), failure: null } };
  if (status === 202) {
    return {
      kind: 'error',
      message: 'the run is taking longer than this page waits; its result cannot be shown here.',
    };
  }
  if (status === 400) return { kind: 'invalid', body: res.error };
  if (status === 404) return { kind: 'error', message: 'this form is not available (any more).' };
  if (status === 422) {
    const error = (res.error as { error?: { code?: string; name?: string; message?: string } } | undefined)?.error;
    const canceled = error?.code === 'job_canceled';
    const failure = canceled
      ? 'The run was canceled.'
      : `${error?.name ? `${error.name}: ` : ''}${error?.message ?? ''}`;
    return { kind: 'done', finished: { status: canceled ? 'canceled' : 'failure', result: null, failure } };
  }
  if (status === 429) return { kind: 'error', message: tooMany(res.response.headers.get('retry-after')) };
  return { kind: 'error', message: messageOf(res.error, res.response) };
}

export function tooMany(retryAfter: string | null): string {
  const seconds = Number(retryAfter);
  const when = Number.isFinite(seconds) && seconds > 0 ? `in ${Math.ceil(seconds)}\u00a0s` : 'in a minute';
  return `too many runs from your address for now. Try again ${when}.`;
}

/** The result as JSON when it is JSON (a script may shape its answer as text). */
function parsed(text: string | undefined): unknown {
  if (text === undefined || text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
