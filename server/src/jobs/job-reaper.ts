import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SERVER_CONFIG, type ServerConfig } from '../config.js';
import { NATS } from '../nats/nats.module.js';
import type { Nats } from '../nats/nats.js';
import { jobError } from './job-row.js';

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
    const [rows]: [{ id: string }[], number] = await this.db.query(
      `UPDATE job SET status = 'failure', result = $1, completed_at = clock_timestamp()
       WHERE status = 'running' AND started_at < now() - make_interval(secs => timeout_s * 3 + $2)
       RETURNING id`,
      [JSON.stringify(jobError('JobLost', message)), grace],
    );
    for (const { id } of rows) this.nats.nc.publish(this.nats.names.doneSubject(id), 'failure');
    if (rows.length) this.logger.warn(`failed ${rows.length} lost job(s)`);
    return rows.map((r) => r.id);
  }
}
