import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SERVER_CONFIG, type ServerConfig } from '../common/config.js';
import { runPeriodically, type Periodic } from '../common/periodic.js';
import { vacuumWithoutAutovacuum } from '../database/vacuum.js';

/** How often old entries are deleted; retention is in days, so an hour late is nothing. */
const SWEEP_MS = 60 * 60 * 1000;
/** A retention shorter than ten hours (a soak's, a test's) is swept ten times per retention. */
const SWEEPS_PER_RETENTION = 10;

/**
 * Deletes audit entries older than RUNNEL_AUDIT_RETENTION_DAYS (0: keep all). Every replica runs
 * it: the DELETE is idempotent, so two replicas sweeping at once delete each row once between them
 * and need no lock or leader.
 */
@Injectable()
export class AuditRetention implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('AuditRetention');
  private periodic: Periodic | undefined;

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
  ) {}

  onModuleInit(): void {
    if (!this.config.auditRetentionDays) return;
    const retentionMs = this.config.auditRetentionDays * 86_400_000;
    const every = Math.max(1000, Math.min(SWEEP_MS, retentionMs / SWEEPS_PER_RETENTION));
    this.periodic = runPeriodically(this.logger, every, () => this.sweep());
  }

  async onApplicationShutdown(): Promise<void> {
    await this.periodic?.stop();
  }

  /** Deletes the entries older than the retention; returns how many. */
  async sweep(): Promise<number> {
    const days = this.config.auditRetentionDays;
    if (!days) return 0;
    const [, count]: [unknown, number] = await this.db.query(
      'DELETE FROM audit_log WHERE at < now() - make_interval(secs => $1)',
      [days * 86_400],
    );
    if (count) await vacuumWithoutAutovacuum(this.db, ['audit_log']);
    if (count) this.logger.log(`deleted ${count} audit entries older than ${days} days`);
    return count;
  }
}
