import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A script's own CPU and disk quota (`cpus`, `disk_mb`); NULL, as for every existing version,
 * means its worker group's default (WORKER_CPUS, WORKER_DISK_MB).
 */
export class ScriptQuotas1764000000400 implements MigrationInterface {
  name = 'ScriptQuotas1764000000400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE script
        ADD COLUMN cpus double precision CHECK (cpus > 0),
        ADD COLUMN disk_mb integer CHECK (disk_mb > 0)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE script DROP COLUMN cpus, DROP COLUMN disk_mb');
  }
}
