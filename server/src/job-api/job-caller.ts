import type { EntityManager } from 'typeorm';
import type { Actor } from '../audit/audit-log.js';
import { forbidden, unauthorized } from '../common/errors.js';
import type { JobCredentials } from '../jobs/job-credentials.js';
import type { JobStatus } from '../jobs/job-row.js';

/** The job a job API request comes from, as far as the API needs it, and the user it runs as. */
export interface JobCaller {
  id: string;
  workspace: string;
  status: JobStatus;
  args: Record<string, unknown>;
  scriptPath: string | null;
  /** `schedule:<path>`, `<kind>:<path>` or '': what state is kept per, besides the script path. */
  triggerKey: string;
  /** When the job's timeout ends, in ms since the epoch. */
  deadline: number;
  userId: string;
  actor: Actor;
}

interface CallerRow {
  id: string;
  workspace_id: string;
  status: JobStatus;
  args: Record<string, unknown>;
  script_path: string | null;
  schedule_path: string | null;
  trigger_kind: string | null;
  trigger_path: string | null;
  created_by: string | null;
  username: string | null;
  timeout_s: number;
  started_at: Date | null;
  created_at: Date;
}

/**
 * Who asks: a request is honoured only with the credential of its job while that job has not
 * ended (queued counts: a short job asks before its start is recorded), and as the job's user.
 */
export async function jobCaller(
  db: EntityManager,
  credentials: JobCredentials,
  jobId: unknown,
  credential: unknown,
): Promise<JobCaller> {
  if (typeof jobId !== 'string' || !credentials.verify(jobId, credential)) {
    throw unauthorized('the job credential is not valid for this job');
  }
  return callerOfJob(db, jobId);
}

/** The job `jobId` as the job API sees it, while it has not ended; no credential asked (nativets runs in the server). */
export async function callerOfJob(db: EntityManager, jobId: string): Promise<JobCaller> {
  const [row]: CallerRow[] = await db.query(
    `SELECT j.id, j.workspace_id, j.status, j.args, j.script_path, j.schedule_path, j.trigger_kind, j.trigger_path,
            j.created_by, u.username, j.timeout_s, j.started_at, j.created_at
     FROM job j LEFT JOIN app_user u ON u.id = j.created_by WHERE j.id = $1`,
    [jobId],
  );
  if (!row || (row.status !== 'queued' && row.status !== 'running')) {
    throw unauthorized(`job ${jobId} is not running: its credential is no longer honoured`);
  }
  if (!row.created_by) throw forbidden(`job ${jobId} runs as no user, so it may use no part of the job API`);
  const trigger = row.schedule_path
    ? `schedule:${row.schedule_path}`
    : row.trigger_kind
      ? `${row.trigger_kind}:${row.trigger_path ?? ''}`
      : '';
  return {
    id: row.id,
    workspace: row.workspace_id,
    status: row.status,
    args: row.args,
    scriptPath: row.script_path,
    triggerKey: trigger,
    deadline: (row.started_at ?? row.created_at).getTime() + row.timeout_s * 1000,
    userId: row.created_by,
    actor: { userId: row.created_by, username: row.username ?? row.created_by, from: `job ${row.id}` },
  };
}
