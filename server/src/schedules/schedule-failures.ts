import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Subscription } from '@nats-io/nats-core';
import { DataSource } from 'typeorm';
import { RunnelError } from '../common/errors.js';
import { JobsService } from '../jobs/jobs.service.js';
import { NATS } from '../nats/nats-token.js';
import type { Nats } from '../nats/nats.js';

interface FailedTick {
  id: string;
  workspace_id: string;
  schedule_path: string;
  result: unknown;
  on_failure: string;
  edited_by: string;
}

/**
 * Runs a schedule's `on_failure` script, with `{schedule_path, job_id, error}`, when a job the
 * schedule started fails.
 *
 * How it hears of failures: every path that gives a job its final status (a worker's result, a
 * flow finishing, the max-deliveries advisory, the lost-job reaper) publishes `done.<id>` with
 * the status, and every replica listens to `done.*`. So this needs no hook in those places and
 * sees flows and scripts alike. Every replica hears each failure; the `schedule_failure` row
 * (primary key: the failed job) is claimed in the transaction that starts the handler, so one
 * handler job runs per failure. The limit: `done.*` is core NATS, so a failure published while
 * no server replica is connected to NATS has no handler run (the failed job itself is recorded).
 */
@Injectable()
export class ScheduleFailures implements OnApplicationShutdown {
  private readonly logger = new Logger('ScheduleFailures');
  private sub: Subscription | undefined;
  private readonly pending = new Set<Promise<void>>();

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(NATS) private readonly nats: Nats,
    @Inject(JobsService) private readonly jobs: JobsService,
  ) {}

  start(): void {
    this.sub = this.nats.nc.subscribe(this.nats.names.doneSubject('*'), {
      callback: (err, msg) => {
        if (err || msg.string() !== 'failure') return;
        const id = msg.subject.slice(msg.subject.lastIndexOf('.') + 1);
        const p = this.handle(id)
          .catch((e: Error) => this.logger.error(`on_failure for job ${id} not started: ${e.message}`))
          .finally(() => this.pending.delete(p));
        this.pending.add(p);
      },
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.sub?.unsubscribe();
    await Promise.all(this.pending);
  }

  /** Starts the handler of failed job `id` if it belongs to a schedule with one and none ran yet. */
  async handle(id: string): Promise<void> {
    const [tick]: FailedTick[] = await this.db.query(
      `SELECT j.id, j.workspace_id, j.schedule_path, j.result, s.on_failure, s.edited_by
       FROM job j JOIN schedule s ON s.workspace_id = j.workspace_id AND s.path = j.schedule_path
       WHERE j.id = $1 AND j.status = 'failure' AND s.on_failure IS NOT NULL`,
      [id],
    );
    if (!tick) return;
    await this.db.transaction(async (tx) => {
      // An INSERT answers its rows; another replica's claim, committed or not, makes this empty.
      const claimed: unknown[] = await tx.query(
        'INSERT INTO schedule_failure (job_id) VALUES ($1) ON CONFLICT DO NOTHING RETURNING job_id',
        [id],
      );
      if (!claimed.length) return;
      const result = tick.result as { error?: unknown } | null;
      const args = { schedule_path: tick.schedule_path, job_id: tick.id, error: result?.error ?? result };
      try {
        const handler = await this.jobs.runScript(tick.workspace_id, tick.edited_by, { path: tick.on_failure }, args, {
          trigger: { kind: 'schedule_on_failure', path: tick.schedule_path },
        });
        await tx.query('UPDATE schedule_failure SET handler_job = $2 WHERE job_id = $1', [id, handler]);
      } catch (err) {
        if (!(err instanceof RunnelError)) throw err;
        // The handler cannot run as written (archived, arguments it does not take): say so on the
        // schedule rather than retry what will fail again.
        const message = `on_failure "${tick.on_failure}" could not start for job ${id}: ${err.message}`;
        this.logger.warn(`schedule ${tick.workspace_id}/${tick.schedule_path}: ${message}`);
        await tx.query('UPDATE schedule SET error = $3 WHERE workspace_id = $1 AND path = $2', [
          tick.workspace_id,
          tick.schedule_path,
          message,
        ]);
      }
    });
  }
}
