import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Variables and secrets (docs/adr/0036-secrets-key-hierarchy.md): one data key per workspace,
 * stored only wrapped by the master key (`master_key_id` names which one); a variable keeps a plain
 * value in `value` or a secret's AES-256-GCM `secret` (nonce ‖ ciphertext ‖ tag), never both; and
 * the audit log's first table.
 */
export class VariablesSecrets1764000001300 implements MigrationInterface {
  name = 'VariablesSecrets1764000001300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE workspace_key (
        workspace_id text PRIMARY KEY REFERENCES workspace(id),
        master_key_id text NOT NULL,
        wrapped bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        wrapped_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE variable (
        id uuid PRIMARY KEY,
        workspace_id text NOT NULL REFERENCES workspace(id),
        path text NOT NULL,
        value text,
        secret bytea,
        is_secret boolean NOT NULL,
        description text NOT NULL DEFAULT '',
        created_by uuid NOT NULL REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        edited_by uuid NOT NULL REFERENCES app_user(id),
        edited_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (workspace_id, path),
        CHECK (CASE WHEN is_secret THEN secret IS NOT NULL AND value IS NULL
                    ELSE value IS NOT NULL AND secret IS NULL END)
      );
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        workspace_id text NOT NULL REFERENCES workspace(id),
        at timestamptz NOT NULL DEFAULT now(),
        user_id uuid REFERENCES app_user(id),
        username text NOT NULL,
        action text NOT NULL,
        path text,
        from_address text,
        details jsonb NOT NULL DEFAULT '{}'
      );
      CREATE INDEX audit_log_by_time ON audit_log (workspace_id, at DESC);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE audit_log; DROP TABLE variable; DROP TABLE workspace_key;');
  }
}
