import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Subscription } from '@nats-io/nats-core';
import { DataSource, type EntityManager } from 'typeorm';
import { ErrorCode, RunnelError } from '../common/errors.js';
import { FlowOrchestrator } from '../flows/flow-orchestrator.js';
import type { RunOptions } from '../jobs/job-row.js';
import { JobsService } from '../jobs/jobs.service.js';
import { NATS } from '../nats/nats.module.js';
import type { Nats } from '../nats/nats.js';
import { parseCron, planDue } from './cron.js';
import type { ScheduleRow } from './schedule-row.js';
import { ScheduleFailures } from './schedule-failures.js';

/** setTimeout's longest delay; a later tick is simply re-armed when this one wakes. */
const MAX_DELAY = 2 ** 31 - 1;
/** How soon to look again at a due schedule another replica holds (it is firing it right now). */
const BUSY_RETRY_MS = 250;

/**
 * Starts schedule ticks. The `schedule` rows are the truth: this process keeps one setTimeout
 * for the earliest `next_fire_at`, so nothing polls between ticks; a replica that changes a
 * schedule announces the new time on NATS so the others re-arm (as FlowTimers does).
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
  private handle: NodeJS.Timeout | undefined;
  private nextAt = Infinity;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private sub: Subscription | undefined;

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(NATS) private readonly nats: Nats,
    @Inject(JobsService) private readonly jobs: JobsService,
    @Inject(FlowOrchestrator) private readonly flows: FlowOrchestrator,
    @Inject(ScheduleFailures) private readonly failures: ScheduleFailures,
  ) {}

  private get subject() {
    return `${this.nats.names.prefix}.schedules.changed`;
  }

  /** After every module's init: the orchestrator must be ready before a flow tick fires. */
  async onApplicationBootstrap(): Promise<void> {
    this.sub = this.nats.nc.subscribe(this.subject, {
      callback: (err, msg) => {
        if (!err) this.arm(Number(msg.string()));
      },
    });
    this.failures.start();
    await this.tick();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.handle);
    this.sub?.unsubscribe();
    await this.running;
  }

  /** Called after a write that set a schedule's `next_fire_at` committed. */
  changed(at: Date): void {
    this.arm(at.getTime());
    this.nats.nc.publish(this.subject, String(at.getTime()));
  }

  private arm(at: number): void {
    if (this.stopped || !Number.isFinite(at) || at >= this.nextAt) return;
    clearTimeout(this.handle);
    this.nextAt = at;
    this.handle = setTimeout(() => void this.tick(), Math.min(Math.max(at - Date.now(), 0), MAX_DELAY));
    this.handle.unref();
  }

  private tick(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.pass().finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(): Promise<void> {
    this.nextAt = Infinity;
    try {
      do {
        this.again = false;
        for (;;) {
          const due: { workspace_id: string; path: string }[] = await this.db.query(
            `SELECT workspace_id, path FROM schedule WHERE next_fire_at <= clock_timestamp()
             ORDER BY next_fire_at LIMIT 100`,
          );
          for (const s of due) {
            if (this.stopped) return;
            await this.fire(s.workspace_id, s.path);
          }
          if (due.length < 100 || this.stopped) break;
        }
      } while (this.again && !this.stopped);
      const [next]: { at: Date | null }[] = await this.db.query('SELECT min(next_fire_at) AS at FROM schedule');
      if (next?.at) {
        // Still due: another replica holds that row and is firing it; look again shortly.
        const at = next.at.getTime();
        this.arm(at <= Date.now() ? Date.now() + BUSY_RETRY_MS : at);
      }
    } catch (err) {
      if (this.stopped) return;
      this.logger.warn(`schedule pass failed, retrying in 1 s: ${(err as Error).message}`);
      this.arm(Date.now() + 1000);
    }
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
