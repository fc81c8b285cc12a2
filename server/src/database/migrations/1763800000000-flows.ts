import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Flows. A flow version is immutable like a script version. A flow run is a job row of kind
 * `flow` (or `flowpreview`) carrying the flow definition it runs, the engine's state and the
 * status view derived from it; its steps are ordinary jobs with `parent_job` and
 * `flow_step_id`. A step of an inline `rawscript` module has no script row, so the job keeps
 * its own content and parameter order (the relay republishes from them). Timers are rows:
 * a restart loses no sleep or approval timeout.
 */
export class Flows1763800000000 implements MigrationInterface {
  name = 'Flows1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE flow (
        hash text PRIMARY KEY,
        workspace_id text NOT NULL REFERENCES workspace(id),
        path text NOT NULL,
        parent_hash text,
        summary text NOT NULL DEFAULT '',
        description text NOT NULL DEFAULT '',
        value json NOT NULL,
        schema json,
        created_by uuid NOT NULL REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        archived boolean NOT NULL DEFAULT false
      );
      CREATE INDEX flow_latest ON flow (workspace_id, path, created_at DESC);
      ALTER TABLE job
        ADD COLUMN flow_step_id text,
        ADD COLUMN flow_value json,
        ADD COLUMN flow_state json,
        ADD COLUMN flow_status json,
        ADD COLUMN early_return boolean NOT NULL DEFAULT false,
        ADD COLUMN content text,
        ADD COLUMN arg_order text[];
      CREATE TABLE flow_timer (
        id uuid PRIMARY KEY,
        flow_job uuid NOT NULL REFERENCES job(id) ON DELETE CASCADE,
        fire_at timestamptz NOT NULL
      );
      CREATE INDEX flow_timer_due ON flow_timer (fire_at);
      CREATE TABLE instance_secret (
        name text PRIMARY KEY,
        value text NOT NULL
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE instance_secret; DROP TABLE flow_timer;
      ALTER TABLE job DROP COLUMN flow_step_id, DROP COLUMN flow_value, DROP COLUMN flow_state,
        DROP COLUMN flow_status, DROP COLUMN early_return, DROP COLUMN content, DROP COLUMN arg_order;
      DROP TABLE flow;
    `);
  }
}
