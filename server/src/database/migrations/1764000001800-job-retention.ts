import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The retention sweep (docs/adr/0044-retention.md) looks for finished jobs oldest first; this
 * partial index makes that a short range scan however many jobs are queued or running. Built
 * CONCURRENTLY, outside a transaction, so that upgrading a server with a big job table does not
 * block job inserts for the minutes the build takes; an index left invalid by an interrupted
 * build is dropped and rebuilt on the next start.
 */
export class JobRetention1764000001800 implements MigrationInterface {
  name = 'JobRetention1764000001800';
  transaction = false as const;

  async up(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX CONCURRENTLY IF EXISTS job_finished');
    await q.query(
      `CREATE INDEX CONCURRENTLY job_finished ON job (completed_at)
         WHERE status IN ('success', 'failure', 'canceled')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX CONCURRENTLY IF EXISTS job_finished');
  }
}
