import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Cron schedules. `next_fire_at` is the next tick still to start (NULL while disabled); the
 * scheduler starts a tick's job and advances it under the row's lock, so a tick is started once
 * however many replicas wake. `schedule_failure` records which failed jobs already had their
 * schedule's `on_failure` handler started, so every replica may hear of a failure and one acts.
 */
export class Schedules1763900000001 implements MigrationInterface {
  name = 'Schedules1763900000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE schedule (
        workspace_id text NOT NULL REFERENCES workspace(id),
        path text NOT NULL,
        schedule text NOT NULL,
        timezone text NOT NULL,
        script_path text NOT NULL,
        is_flow boolean NOT NULL DEFAULT false,
        args jsonb NOT NULL DEFAULT '{}',
        enabled boolean NOT NULL DEFAULT true,
        no_overlap boolean NOT NULL DEFAULT false,
        on_failure text,
        catch_up boolean NOT NULL DEFAULT false,
        summary text,
        next_fire_at timestamptz,
        last_fired_at timestamptz,
        error text,
        created_by uuid NOT NULL REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        edited_by uuid NOT NULL REFERENCES app_user(id),
        edited_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (workspace_id, path)
      );
      CREATE INDEX schedule_due ON schedule (next_fire_at) WHERE next_fire_at IS NOT NULL;
      CREATE TABLE schedule_failure (
        job_id uuid PRIMARY KEY,
        handler_job uuid,
        created_at timestamptz NOT NULL DEFAULT now()
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE schedule_failure; DROP TABLE schedule;');
  }
}
