import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { SERVER_CONFIG, type ServerConfig } from '../common/config.js';
import { runPeriodically, type Periodic } from '../common/periodic.js';
import { vacuumWithoutAutovacuum } from '../database/vacuum.js';

/** What one sweep did. */
export interface RetentionReport {
  /** Jobs that finished before this were deleted, unless something still needed them. */
  cutoff: Date;
  /** Jobs deleted by each batch, in order; the last is 0 (the one that found nothing left). */
  batches: number[];
  deleted: number;
  /** Whether the sweep vacuumed job and job_log itself (it does when PostgreSQL's autovacuum is off). */
  vacuumed: boolean;
}

/**
 * One batch: up to $2 finished jobs that completed before $1, oldest first, that
 *  - have no job left under them (a flow's steps go before the flow: a flow row present means its
 *    tree is whole, or is being taken down from the leaves), and
 *  - have no ancestor (the flow they are a step of, its parent flow …) that is still queued or
 *    running, or that finished after the cutoff: a kept flow keeps every run its history shows.
 * Rows another replica's batch holds are skipped, not waited for (SKIP LOCKED), so sweepers on
 * several replicas share the work. Logs (job_log) and flow timers go with their job (ON DELETE
 * CASCADE); a schedule_failure row, which names a failed job without a foreign key, goes with it.
 */
const BATCH_SQL = `
  WITH batch AS (
    SELECT j.id FROM job j
     WHERE j.status IN ('success', 'failure', 'canceled') AND j.completed_at < $1
       AND NOT EXISTS (SELECT 1 FROM job c WHERE c.parent_job = j.id)
       AND NOT EXISTS (
         WITH RECURSIVE up (id, depth) AS (
           SELECT j.parent_job, 1
           UNION ALL
           SELECT a.parent_job, up.depth + 1 FROM job a JOIN up ON a.id = up.id
            WHERE a.parent_job IS NOT NULL AND up.depth < 64
         )
         SELECT 1 FROM up JOIN job a ON a.id = up.id
          WHERE a.status NOT IN ('success', 'failure', 'canceled') OR a.completed_at >= $1
       )
     ORDER BY j.completed_at
     LIMIT $2
     FOR UPDATE OF j SKIP LOCKED
  ), gone AS (
    DELETE FROM job WHERE id IN (SELECT id FROM batch) RETURNING id
  ), failures AS (
    DELETE FROM schedule_failure WHERE job_id IN (SELECT id FROM gone)
  )
  SELECT count(*)::int AS n FROM gone`;

/**
 * Deletes finished jobs older than RUNNEL_RETENTION_DAYS with their logs and results
 * (docs/adr/0044-retention.md), every RUNNEL_RETENTION_INTERVAL_MS, in batches of
 * RUNNEL_RETENTION_BATCH jobs, each its own statement and so its own short transaction, with a
 * pause between them. Every replica sweeps; batches skip each other's rows, so no leader is needed.
 */
@Injectable()
export class JobRetention implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('JobRetention');
  private periodic: Periodic | undefined;

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
  ) {}

  onModuleInit(): void {
    const { days, intervalMs } = this.config.jobRetention;
    if (!days) return;
    this.periodic = runPeriodically(this.logger, intervalMs, () => this.sweep());
  }

  async onApplicationShutdown(): Promise<void> {
    await this.periodic?.stop();
  }

  /** Deletes the jobs past retention, batch after batch until none is left (or the server stops). */
  async sweep(): Promise<RetentionReport> {
    const { days, batch, pauseMs } = this.config.jobRetention;
    if (!days) return { cutoff: new Date(0), batches: [], deleted: 0, vacuumed: false };
    const [{ cutoff }]: { cutoff: Date }[] = await this.db.query('SELECT now() - make_interval(secs => $1) AS cutoff', [
      days * 86_400,
    ]);
    const report: RetentionReport = { cutoff, batches: [], deleted: 0, vacuumed: false };
    for (;;) {
      const [{ n }]: { n: number }[] = await this.db.query(BATCH_SQL, [cutoff, batch]);
      report.batches.push(n);
      report.deleted += n;
      if (n === 0 || this.periodic?.stopping) break;
      if (pauseMs) await sleep(pauseMs);
    }
    if (report.deleted) {
      if (!this.periodic?.stopping) report.vacuumed = await vacuumWithoutAutovacuum(this.db, ['job', 'job_log']);
      this.logger.log(
        `deleted ${report.deleted} jobs finished before ${cutoff.toISOString()} in ${report.batches.length - 1} batches`,
      );
    }
    return report;
  }
}
