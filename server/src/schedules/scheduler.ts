import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { DueTimer } from '../common/due-timer.js';
import { ErrorCode, RunnelError } from '../common/errors.js';
import { FlowOrchestrator } from '../flows/flow-orchestrator.js';
import type { RunOptions } from '../jobs/job-row.js';
import { JobsService } from '../jobs/jobs.service.js';
import { NATS } from '../nats/nats-token.js';
import type { Nats } from '../nats/nats.js';
import { parseCron, planDue } from './cron.js';
import type { ScheduleRow } from './schedule-row.js';
import { ScheduleFailures } from './schedule-failures.js';

/**
 * Starts schedule ticks: the `schedule` rows, fired by a DueTimer at their `next_fire_at`; a
 * replica that changes a schedule announces the new time, so every replica re-arms.
 *
 * Exactly once per tick, however many replicas wake: a tick fires under the schedule row's lock
 * (`FOR UPDATE SKIP LOCKED`: another replica passes over it), its job is inserted with
 * `schedule_path`/`scheduled_for` under a unique index (a second insert answers Conflict), and
 * `next_fire_at` advances in the same transaction with a conditional UPDATE. A replica that dies
 * after inserting the job and before committing leaves `next_fire_at` where it was: the next
 * replica to fire it meets the Conflict, and only advances.
 */
@Injectable()
export class Scheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Scheduler');
  private readonly timer: DueTimer<{ workspace_id: string; path: string }>;

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(NATS) nats: Nats,
    @Inject(JobsService) private readonly jobs: JobsService,
    @Inject(FlowOrchestrator) private readonly flows: FlowOrchestrator,
    @Inject(ScheduleFailures) private readonly failures: ScheduleFailures,
  ) {
    this.timer = new DueTimer('Scheduler', nats.nc, nats.names.schedulesChangedSubject);
  }

  /** After every module's init: the orchestrator must be ready before a flow tick fires. */
  async onApplicationBootstrap(): Promise<void> {
    this.failures.start();
    await this.timer.start({
      due: (limit) =>
        this.db.query(
          `SELECT workspace_id, path FROM schedule WHERE next_fire_at <= clock_timestamp()
           ORDER BY next_fire_at LIMIT $1`,
          [limit],
        ),
      fire: (s) => this.fire(s.workspace_id, s.path),
      earliest: async () => {
        const [next]: { at: Date | null }[] = await this.db.query('SELECT min(next_fire_at) AS at FROM schedule');
        return next?.at ? next.at.getTime() : null;
      },
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.timer.stop();
  }

  /** Called after a write that set a schedule's `next_fire_at` committed. */
  changed(at: Date): void {
    this.timer.announce(at.getTime());
  }

  /** Starts the due ticks of one schedule and advances it, in one transaction under its row lock. */
  private async fire(workspace: string, path: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const [row]: (ScheduleRow & { now: Date })[] = await tx.query(
        `SELECT *, clock_timestamp() AS now FROM schedule
         WHERE workspace_id = $1 AND path = $2 AND next_fire_at <= clock_timestamp() FOR UPDATE SKIP LOCKED`,
        [workspace, path],
      );
      if (!row?.next_fire_at) return;
      let next: Date | null = null;
      let error: string | null = null;
      try {
        const plan = planDue(parseCron(row.schedule, row.timezone), row.next_fire_at, row.now, row.catch_up);
        next = plan.next;
        if (plan.skipped) {
          this.logger.log(
            `schedule ${workspace}/${path}: ticks missed since ${row.next_fire_at.toISOString()} skipped`,
          );
        }
        for (const at of plan.run) error = (await this.startTick(tx, row, at)) ?? error;
      } catch (err) {
        // A user's mistake (the cron no longer parses): record it and stop this schedule.
        if (!(err instanceof RunnelError)) throw err;
        error = err.message;
      }
      await tx.query(
        `UPDATE schedule SET next_fire_at = $4, last_fired_at = clock_timestamp(), error = $5
         WHERE workspace_id = $1 AND path = $2 AND next_fire_at = $3`,
        [workspace, path, row.next_fire_at, next, error],
      );
    });
  }

  /**
   * Starts one tick's job. Returns why it could not start when that is the user's to fix (the
   * script was archived, its arguments no longer match); an infrastructure failure throws, so
   * the transaction rolls back and the tick is tried again.
   */
  private async startTick(tx: EntityManager, s: ScheduleRow, at: Date): Promise<string | undefined> {
    if (s.no_overlap) {
      const running: unknown[] = await tx.query(
        `SELECT 1 FROM job WHERE workspace_id = $1 AND schedule_path = $2 AND status IN ('queued', 'running') LIMIT 1`,
        [s.workspace_id, s.path],
      );
      if (running.length) {
        this.logger.log(`schedule ${s.workspace_id}/${s.path}: tick ${at.toISOString()} skipped, previous job runs`);
        return undefined;
      }
    }
    const options: RunOptions = { schedule: { path: s.path, at }, trigger: { kind: 'schedule', path: s.path } };
    try {
      if (s.is_flow) {
        await this.flows.run(s.workspace_id, s.edited_by, { path: s.script_path }, s.args, options);
      } else {
        await this.jobs.runScript(s.workspace_id, s.edited_by, { path: s.script_path }, s.args, options);
      }
      return undefined;
    } catch (err) {
      if (!(err instanceof RunnelError)) throw err;
      if (err.code === ErrorCode.Conflict) return undefined; // this tick already has its job
      const message = `tick ${at.toISOString()} could not start ${s.is_flow ? 'flow' : 'script'} "${s.script_path}": ${err.message}`;
      this.logger.warn(`schedule ${s.workspace_id}/${s.path}: ${message}`);
      return message;
    }
  }
}
