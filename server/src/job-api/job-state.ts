import type { EntityManager } from 'typeorm';
import { badRequest, ErrorCode, RunnelError } from '../common/errors.js';
import type { JobCaller } from './job-caller.js';

/** The largest state a script keeps, as JSON text. */
export const MAX_STATE_BYTES = 1024 * 1024;

/** The key of a job's state; a job of no deployed script has none. */
function keyOf(job: JobCaller): [string, string, string] {
  if (!job.scriptPath) {
    throw badRequest('state is kept per script path: this job runs code with no path (deploy it to keep state)');
  }
  return [job.workspace, job.scriptPath, job.triggerKey];
}

/**
 * State a script keeps between its runs (Windmill's getState/setState, for incremental
 * pollers): one JSON value per workspace, script path and trigger, so a schedule's runs and a
 * webhook's runs of the same script do not overwrite each other's.
 */
export async function getState(db: EntityManager, job: JobCaller): Promise<unknown> {
  const [row]: { value: unknown }[] = await db.query(
    'SELECT value FROM job_state WHERE workspace_id = $1 AND script_path = $2 AND trigger_key = $3',
    keyOf(job),
  );
  return row ? row.value : null;
}

export async function setState(db: EntityManager, job: JobCaller, value: unknown): Promise<void> {
  const key = keyOf(job);
  if (value === undefined) throw badRequest('set_state needs "value" (null clears the state)');
  if (value === null) {
    await db.query('DELETE FROM job_state WHERE workspace_id = $1 AND script_path = $2 AND trigger_key = $3', key);
    return;
  }
  const text = JSON.stringify(value);
  const bytes = Buffer.byteLength(text);
  if (bytes > MAX_STATE_BYTES) {
    throw new RunnelError(
      ErrorCode.PayloadTooLarge,
      `the state is ${bytes} bytes as JSON; a script keeps at most ${MAX_STATE_BYTES} (1 MiB): keep large data elsewhere and its location in the state`,
    );
  }
  await db.query(
    `INSERT INTO job_state (workspace_id, script_path, trigger_key, value) VALUES ($1, $2, $3, $4)
     ON CONFLICT (workspace_id, script_path, trigger_key) DO UPDATE SET value = excluded.value, updated_at = now()`,
    [...key, text],
  );
}
