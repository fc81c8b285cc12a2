import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Groups, folders and the path a job's visibility follows (docs/adr/0040-folders-and-permissions.md).
 * A folder's grants live in `extra_perms` as Windmill keeps them: `{"u/<user>": write?, "g/<group>": write?}`.
 * `job.access_path` is the path whose folder decides who sees a job: its own script or flow path
 * for a top-level job, its root's for a flow step (a step of flow f/a/… runs script f/b/… and
 * still belongs to f/a's readers), `u/<creator>` for a preview without a path. A trigger fills it
 * so that no INSERT INTO job, today's or tomorrow's, can forget it.
 */
export class FoldersGroups1764000001700 implements MigrationInterface {
  name = 'FoldersGroups1764000001700';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE workspace_group (
        workspace_id text NOT NULL REFERENCES workspace(id),
        name text NOT NULL CHECK (name ~ '^[A-Za-z0-9_-]{1,100}$'),
        summary text NOT NULL DEFAULT '',
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (workspace_id, name)
      );
      CREATE TABLE group_member (
        workspace_id text NOT NULL,
        group_name text NOT NULL,
        user_id uuid NOT NULL REFERENCES app_user(id),
        PRIMARY KEY (workspace_id, group_name, user_id),
        FOREIGN KEY (workspace_id, group_name) REFERENCES workspace_group(workspace_id, name) ON DELETE CASCADE
      );
      CREATE TABLE folder (
        workspace_id text NOT NULL REFERENCES workspace(id),
        name text NOT NULL CHECK (name ~ '^[A-Za-z0-9_-]{1,100}$'),
        summary text NOT NULL DEFAULT '',
        extra_perms jsonb NOT NULL DEFAULT '{}',
        created_by uuid NOT NULL REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (workspace_id, name)
      );
      ALTER TABLE job ADD COLUMN access_path text;
      WITH RECURSIVE tree AS (
        SELECT j.id, COALESCE(j.script_path, 'u/' || u.username) AS access_path
          FROM job j LEFT JOIN app_user u ON u.id = j.created_by WHERE j.parent_job IS NULL
        UNION ALL
        SELECT c.id, t.access_path FROM job c JOIN tree t ON c.parent_job = t.id
      )
      UPDATE job SET access_path = tree.access_path FROM tree WHERE job.id = tree.id;
      CREATE FUNCTION job_access_path() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.parent_job IS NOT NULL THEN
          SELECT access_path INTO NEW.access_path FROM job WHERE id = NEW.parent_job;
        ELSIF NEW.script_path IS NOT NULL THEN
          NEW.access_path := NEW.script_path;
        ELSE
          SELECT 'u/' || username INTO NEW.access_path FROM app_user WHERE id = NEW.created_by;
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER job_access_path BEFORE INSERT ON job FOR EACH ROW EXECUTE FUNCTION job_access_path();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER job_access_path ON job;
      DROP FUNCTION job_access_path();
      ALTER TABLE job DROP COLUMN access_path;
      DROP TABLE folder;
      DROP TABLE group_member;
      DROP TABLE workspace_group;
    `);
  }
}
