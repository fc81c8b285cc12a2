import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Script dependencies (docs/adr/0035-script-dependencies.md): a script version's `lock`, resolved
 * at its deploy (NULL: it imports no package, as every existing version); and a job's own `lock`
 * for jobs that carry their code rather than name a version (previews, a flow's inline steps), so
 * the relay republishes them as they were queued.
 */
export class DependencyLocks1764000001200 implements MigrationInterface {
  name = 'DependencyLocks1764000001200';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE script ADD COLUMN lock text; ALTER TABLE job ADD COLUMN lock text;');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE job DROP COLUMN lock; ALTER TABLE script DROP COLUMN lock;');
  }
}
