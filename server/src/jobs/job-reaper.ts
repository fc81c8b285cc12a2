import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SERVER_CONFIG, type ServerConfig } from '../common/config.js';
import { NATS } from '../nats/nats-token.js';
import type { Nats } from '../nats/nats.js';
import { JobTelemetry } from '../metrics/job-telemetry.js';
import { jobError, type JobRow } from './job-row.js';
import { StepFinished } from './step-finished.js';

/**
 * The backstop for a job whose end nobody reported: normally JetStream's max-deliveries
 * advisory fails a job whose every attempt died, but an advisory sent while no server
 * listened is gone. No attempt runs longer than the job's timeout, so a job still `running`
 * long after every attempt could have ended is lost, and is failed as such.
 */
@Injectable()
export class JobReaper implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('JobReaper');
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(NATS) private readonly nats: Nats,
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
    @Inject(StepFinished) private readonly stepFinished: StepFinished,
    @Inject(JobTelemetry) private readonly telemetry: JobTelemetry,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.reap().catch((err: Error) => this.logger.warn(err.message)), 60_000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Fails lost jobs; returns their ids. */
  async reap(): Promise<string[]> {
    const grace = this.config.lostJobGraceS;
    const message = `no worker reported this job's end within its timeout × 3 attempts + ${grace} s; it is presumed lost`;
    // TypeORM answers an UPDATE with [rows, count].
    const [rows]: [JobRow[], number] = await this.db.query(
      `UPDATE job SET status = 'failure', result = $1, completed_at = clock_timestamp()
       WHERE status = 'running' AND kind NOT IN ('flow', 'flowpreview') AND started_at < now() - make_interval(secs => timeout_s * 3 + $2)
       RETURNING *`,
      [JSON.stringify(jobError('JobLost', message)), grace],
    );
    for (const row of rows) {
      this.telemetry.finished(row, 'lost');
      this.nats.nc.publish(this.nats.names.doneSubject(row.id), 'failure');
      if (row.parent_job) await this.stepFinished.announce(row);
    }
    if (rows.length) this.logger.warn(`failed ${rows.length} lost job(s)`);
    return rows.map((r) => r.id);
  }
}
