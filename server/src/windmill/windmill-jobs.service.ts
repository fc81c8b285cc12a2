import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Access } from '../auth/path-access.js';
import { badRequest, notFound } from '../common/errors.js';
import { singleQuery } from '../common/query-params.js';
import type { FlowStatusView } from '../flows/engine/types.js';
import { FINAL_STATUSES, isFlowJob, type JobRow } from '../jobs/job-row.js';
import { JobWaiter } from '../jobs/job-waiter.js';
import { JobsService } from '../jobs/jobs.service.js';
import { runningStepJobs } from './flow-status-view.js';
import { completedJob, jobUpdate, nothingNew, windmillJob } from './job-view.js';

/**
 * How long a poll that would tell nothing new waits for the job to end before answering. The CLI
 * polls getupdate in a loop with no pause of its own; this is its pause (the job's end cuts it short).
 */
export const UPDATE_WAIT_MS = 500;

export interface UpdateQuery {
  running?: string | string[];
  log_offset?: string | string[];
  no_logs?: string | string[];
}

/** Jobs in the shapes Windmill's clients poll (job-view.ts), over JobsService's access rules. */
@Injectable()
export class WindmillJobs {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(JobsService) private readonly jobs: JobsService,
    @Inject(JobWaiter) private readonly waiter: JobWaiter,
  ) {}

  async get(access: Access, id: string) {
    const row = await this.jobs.readable(access, id);
    return windmillJob(row, await this.queuedSteps(row));
  }

  /** The job once it ended; a 404 before, which Windmill's clients take as "not yet". */
  async completed(access: Access, id: string) {
    const row = await this.jobs.readable(access, id);
    if (!FINAL_STATUSES.includes(row.status)) {
      throw notFound(`job "${id}" has not completed yet (it is ${row.status})`);
    }
    return completedJob(row, await this.jobs.logText(id), await this.queuedSteps(row));
  }

  /**
   * Logs from `log_offset` on and whether the job runs or ended. When that would be nothing the
   * caller does not know yet, waits up to UPDATE_WAIT_MS for the job to end first.
   */
  async update(access: Access, id: string, query: UpdateQuery) {
    const offset = offsetParam(singleQuery(query.log_offset, 'log_offset'));
    const clientRunning = booleanParam(singleQuery(query.running, 'running'), 'running');
    const withLogs = !booleanParam(singleQuery(query.no_logs, 'no_logs'), 'no_logs');
    const read = async (): Promise<[JobRow, string]> => {
      const row = await this.jobs.readable(access, id);
      return [row, withLogs ? await this.jobs.logText(id) : ''];
    };
    let [row, logs] = await read();
    if (nothingNew(row, logs, offset, clientRunning)) {
      await this.waiter.wait(access.workspace, id, UPDATE_WAIT_MS);
      [row, logs] = await read();
    }
    return jobUpdate(row, logs, offset, await this.queuedSteps(row));
  }

  /** A running flow's step jobs that no worker has started yet (its WaitingForExecutor modules). */
  private async queuedSteps(row: JobRow): Promise<Set<string>> {
    if (!isFlowJob(row) || row.status !== 'running') return new Set();
    const ids = runningStepJobs(row.flow_status as FlowStatusView | null);
    if (ids.length === 0) return new Set();
    const rows: { id: string }[] = await this.db.query(
      `SELECT id FROM job WHERE workspace_id = $1 AND parent_job = $2 AND id = ANY($3::uuid[]) AND status = 'queued'`,
      [row.workspace_id, row.id, ids],
    );
    return new Set(rows.map((r) => r.id));
  }
}

/** Largest log_offset accepted: past any log a job can keep. */
const MAX_OFFSET = 2 ** 31 - 1;

function offsetParam(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 0;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n > MAX_OFFSET) {
    throw badRequest(`log_offset must be an integer from 0 to ${MAX_OFFSET}: where the logs you have end`);
  }
  return n;
}

function booleanParam(raw: string | undefined, name: string): boolean {
  if (raw === undefined || raw === '' || raw === 'false') return false;
  if (raw === 'true') return true;
  throw badRequest(`${name} must be true or false`);
}
