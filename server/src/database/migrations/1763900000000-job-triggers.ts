import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What started a job: a schedule tick (`schedule_path`, `scheduled_for`), an HTTP route, a NATS
 * subject, a webhook (`trigger_kind`, `trigger_path`). One tick of a schedule is one job however
 * many replicas fire it: the unique index turns the second insert into a no-op.
 */
export class JobTriggers1763900000000 implements MigrationInterface {
  name = 'JobTriggers1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE job
        ADD COLUMN schedule_path text,
        ADD COLUMN scheduled_for timestamptz,
        ADD COLUMN trigger_kind text,
        ADD COLUMN trigger_path text;
      CREATE UNIQUE INDEX job_schedule_tick ON job (workspace_id, schedule_path, scheduled_for)
        WHERE schedule_path IS NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX job_schedule_tick;
      ALTER TABLE job DROP COLUMN schedule_path, DROP COLUMN scheduled_for, DROP COLUMN trigger_kind,
        DROP COLUMN trigger_path;
    `);
  }
}
