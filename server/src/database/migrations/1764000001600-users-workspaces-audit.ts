import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Users, workspaces and the audit log (docs/adr/0039-users-workspaces-audit.md): instance admins
 * (the bootstrap admin is one), invitations by one-time token, and instance-level audit entries
 * (sign-ins, users, workspaces) with a NULL workspace.
 */
export class UsersWorkspacesAudit1764000001600 implements MigrationInterface {
  name = 'UsersWorkspacesAudit1764000001600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE app_user ADD COLUMN instance_admin boolean NOT NULL DEFAULT false;
      UPDATE app_user SET instance_admin = true WHERE username = 'admin';
      CREATE TABLE workspace_invite (
        id uuid PRIMARY KEY,
        workspace_id text NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
        email text NOT NULL,
        role text NOT NULL CHECK (role IN ('admin', 'developer', 'operator', 'viewer')),
        token_hash text NOT NULL UNIQUE,
        invited_by uuid NOT NULL REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        UNIQUE (workspace_id, email)
      );
      ALTER TABLE audit_log ALTER COLUMN workspace_id DROP NOT NULL;
      CREATE INDEX audit_log_at ON audit_log (at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX audit_log_at;
      DELETE FROM audit_log WHERE workspace_id IS NULL;
      ALTER TABLE audit_log ALTER COLUMN workspace_id SET NOT NULL;
      DROP TABLE workspace_invite;
      ALTER TABLE app_user DROP COLUMN instance_admin;
    `);
  }
}
