import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Resources and resource types (docs/adr/0038-resources.md): a workspace's own types (the built-in
 * ones live in code), resources whose `value` holds every field except the secret ones, and one
 * `resource_secret` row per secret field, sealed for its workspace, resource path and field. And
 * `http_trigger.signature_secret`: a route's HMAC secret, sealed; the rows that hold one in the clear
 * are sealed when a server with a master key starts (route-secrets.ts: a migration has no keys).
 */
export class Resources1764000001400 implements MigrationInterface {
  name = 'Resources1764000001400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE resource_type (
        workspace_id text NOT NULL REFERENCES workspace(id),
        name text NOT NULL,
        schema jsonb NOT NULL,
        description text NOT NULL DEFAULT '',
        created_by uuid NOT NULL REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        edited_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (workspace_id, name)
      );
      CREATE TABLE resource (
        id uuid PRIMARY KEY,
        workspace_id text NOT NULL REFERENCES workspace(id),
        path text NOT NULL,
        resource_type text NOT NULL,
        value jsonb NOT NULL,
        description text NOT NULL DEFAULT '',
        created_by uuid NOT NULL REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        edited_by uuid NOT NULL REFERENCES app_user(id),
        edited_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (workspace_id, path)
      );
      CREATE INDEX resource_by_type ON resource (workspace_id, resource_type, path);
      CREATE TABLE resource_secret (
        resource_id uuid NOT NULL REFERENCES resource(id) ON DELETE CASCADE,
        field text NOT NULL,
        sealed bytea NOT NULL,
        PRIMARY KEY (resource_id, field)
      );
      ALTER TABLE http_trigger ADD COLUMN signature_secret bytea;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      'ALTER TABLE http_trigger DROP COLUMN signature_secret; DROP TABLE resource_secret; DROP TABLE resource; DROP TABLE resource_type;',
    );
  }
}
