import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { badRequest } from '../common/errors.js';
import { FINAL_STATUSES, isFlowJob, type JobStatus } from '../jobs/job-row.js';
import { JobsService } from '../jobs/jobs.service.js';
import { NATS } from '../nats/nats-token.js';
import type { Nats } from '../nats/nats.js';
import { Channel } from './channel.js';
import { toGraphQLError } from './gql-errors.js';

/** One step job of a flow run, as the flow's progress shows it: no args, result or logs. */
export interface FlowStepJobRow {
  id: string;
  flow_step_id: string | null;
  kind: string;
  status: JobStatus;
  started_at: Date | null;
  completed_at: Date | null;
  duration_ms: number | null;
}

/** A flow run's progress: its status, the engine's per-step view, and its step jobs. */
export interface FlowProgressRow {
  id: string;
  status: JobStatus;
  flow_status: unknown;
  steps: FlowStepJobRow[];
}

/**
 * The `flowProgress` subscription, correct on any replica. The orchestrator announces each
 * transition of a flow that does not end it on `updated.<flow>` and its end on `done.<flow>`;
 * a step job that starts announces `updated.<step>`. A step job's id is known only once it is
 * created, so one wildcard subscription on `updated.*` is opened first and the ids are matched
 * against the flow's step jobs as they become known; ids heard while a read is in flight are
 * kept, so a step that starts before the read that finds it is read again. Every read is
 * scoped to the workspace: a flow of another workspace is "not found".
 */
@Injectable()
export class FlowFeed {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(NATS) private readonly nats: Nats,
    @Inject(JobsService) private readonly jobs: JobsService,
  ) {}

  async progress(workspace: string, id: string): Promise<AsyncIterableIterator<FlowProgressRow>> {
    // The id only goes into SQL parameters and set lookups, never into a subject.
    const job = await this.jobs.get(workspace, id);
    if (!isFlowJob(job)) throw badRequest(`job ${id} is a ${job.kind} job, not a flow: follow it with jobUpdated`);

    const channel = new Channel<FlowProgressRow>();
    const watched = new Set<string>([id]);
    /** Step ids heard while a read was in flight, not yet known to be this flow's. */
    let heardDuring: Set<string> | undefined;
    let last = '';
    let chain: Promise<void> = Promise.resolve();
    let queued = false;

    const read = async (): Promise<void> => {
      heardDuring = new Set();
      const row = await this.read(workspace, id);
      const heard = heardDuring;
      heardDuring = undefined;
      let again = false;
      for (const step of row.steps) {
        if (watched.has(step.id)) continue;
        watched.add(step.id);
        if (heard.has(step.id)) again = true;
      }
      const key = JSON.stringify(row);
      if (key !== last) {
        last = key;
        channel.push(row);
      }
      if (FINAL_STATUSES.includes(row.status)) channel.end();
      else if (again) schedule();
    };
    // Reads one at a time, and at most one waiting: announcements heard meanwhile share it.
    const schedule = () => {
      if (queued) return;
      queued = true;
      chain = chain.then(async () => {
        queued = false;
        await read();
      });
      chain = chain.catch((err: unknown) => channel.fail(toGraphQLError(err)));
    };

    const { nc, names } = this.nats;
    const prefix = names.jobUpdatedSubject('');
    const updates = nc.subscribe(names.jobUpdatedSubject('*'), {
      callback: (err, msg) => {
        if (err) return;
        const heardId = msg.subject.slice(prefix.length);
        if (watched.has(heardId)) schedule();
        else heardDuring?.add(heardId);
      },
    });
    const done = nc.subscribe(names.doneSubject('*'), {
      callback: (err, msg) => {
        if (!err && watched.has(msg.subject.slice(msg.subject.lastIndexOf('.') + 1))) schedule();
      },
    });
    channel.onClose(() => {
      updates.unsubscribe();
      done.unsubscribe();
    });
    const first = read();
    chain = first.catch(() => undefined);
    try {
      await first;
    } catch (err) {
      channel.return();
      throw err;
    }
    return channel;
  }

  private async read(workspace: string, id: string): Promise<FlowProgressRow> {
    const [flow]: Pick<FlowProgressRow, 'id' | 'status' | 'flow_status'>[] = await this.db.query(
      'SELECT id, status, flow_status FROM job WHERE id = $1 AND workspace_id = $2',
      [id, workspace],
    );
    if (!flow) {
      // Deleted while watched: the same not-found as at the start.
      await this.jobs.get(workspace, id);
    }
    const steps: FlowStepJobRow[] = await this.db.query(
      `SELECT id, flow_step_id, kind, status, started_at, completed_at, duration_ms
       FROM job WHERE parent_job = $1 AND workspace_id = $2 ORDER BY created_at, id`,
      [id, workspace],
    );
    return { id: flow!.id, status: flow!.status, flow_status: flow!.flow_status ?? null, steps };
  }
}
