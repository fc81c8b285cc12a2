import type { EntityManager } from 'typeorm';
import { recordAudit } from '../audit/audit-log.js';
import type { RunOptions } from './job-row.js';

/** A run that started: who (the caller, or the owner of the trigger or schedule) and what. */
export interface StartedRun {
  workspace: string;
  userId: string;
  jobId: string;
  /** `script`, `preview`, `flow`, `flowpreview`. */
  kind: string;
  path: string | null;
  options?: RunOptions;
}

/**
 * The `jobs.run` audit entry of a job started by a person, a trigger or a schedule, in the
 * transaction that writes the job. Flow steps are no runs of their own: their flow's entry covers them.
 */
export function recordRun(tx: Pick<EntityManager, 'query'>, run: StartedRun): Promise<void> {
  const o = run.options ?? {};
  const by = o.schedule ? { kind: 'schedule', path: o.schedule.path } : (o.trigger ?? { kind: 'user', path: null });
  return recordAudit(tx, {
    workspace: run.workspace,
    actor: { userId: run.userId, from: o.from },
    action: 'jobs.run',
    path: run.path ?? undefined,
    details: { job_id: run.jobId, kind: run.kind, started_by: by.kind, trigger_path: by.path },
  });
}
