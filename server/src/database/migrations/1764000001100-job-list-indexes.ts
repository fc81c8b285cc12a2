import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the runs list (jobs/runs, jobs/list): newest first by (created_at, id), which the
 * cursor compares, within a workspace and each filter a person narrows by. A path prefix
 * (`LIKE 'f/sales/%'`) needs text_pattern_ops whatever the database's collation; that index also
 * serves an exact path, so it replaces job_by_script.
 */
export class JobListIndexes1764000001100 implements MigrationInterface {
  name = 'JobListIndexes1764000001100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX job_by_workspace;
      DROP INDEX job_by_script;
      CREATE INDEX job_by_workspace ON job (workspace_id, created_at DESC, id DESC);
      CREATE INDEX job_by_path ON job (workspace_id, script_path text_pattern_ops, created_at DESC, id DESC);
      CREATE INDEX job_by_status ON job (workspace_id, status, created_at DESC, id DESC);
      CREATE INDEX job_by_kind ON job (workspace_id, kind, created_at DESC, id DESC);
      CREATE INDEX job_by_trigger ON job (workspace_id, trigger_kind, created_at DESC, id DESC)
        WHERE trigger_kind IS NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX job_by_trigger;
      DROP INDEX job_by_kind;
      DROP INDEX job_by_status;
      DROP INDEX job_by_path;
      DROP INDEX job_by_workspace;
      CREATE INDEX job_by_workspace ON job (workspace_id, created_at DESC);
      CREATE INDEX job_by_script ON job (workspace_id, script_path, created_at DESC);
    `);
  }
}
