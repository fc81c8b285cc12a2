import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The job API (docs/adr/0037-secrets-in-jobs.md): a job's `progress` (0–100, set by the job
 * itself), and `job_state`, the JSON a script keeps between its runs, one value per workspace,
 * script path and trigger (`trigger_key`: `schedule:<path>`, `<kind>:<path>`, or '' for none).
 */
export class JobApi1764000001500 implements MigrationInterface {
  name = 'JobApi1764000001500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE job ADD COLUMN progress smallint CHECK (progress BETWEEN 0 AND 100);
      CREATE TABLE job_state (
        workspace_id text NOT NULL REFERENCES workspace(id),
        script_path text NOT NULL,
        trigger_key text NOT NULL,
        value jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (workspace_id, script_path, trigger_key)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE job_state; ALTER TABLE job DROP COLUMN progress;');
  }
}
