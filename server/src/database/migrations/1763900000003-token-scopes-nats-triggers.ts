import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Token management (Windmill's `users/tokens/*`): a token shows its first 10 characters as
 * `token_prefix`, may carry scopes (`run:script/<path>`, `run:flow/<path>` limit it to running
 * one path) and records when it was last used. NATS subject triggers: one row per trigger,
 * served by every server replica through a core NATS queue group (docs/adr/0006-nats-triggers.md).
 */
export class TokenScopesNatsTriggers1763900000003 implements MigrationInterface {
  name = 'TokenScopesNatsTriggers1763900000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE api_token
        ADD COLUMN token_prefix text,
        ADD COLUMN scopes text[],
        ADD COLUMN last_used_at timestamptz;
      CREATE INDEX api_token_by_user ON api_token (user_id, token_prefix);
      CREATE TABLE nats_trigger (
        id uuid PRIMARY KEY,
        workspace_id text NOT NULL REFERENCES workspace(id),
        path text NOT NULL,
        subjects text[] NOT NULL CHECK (cardinality(subjects) > 0),
        script_path text NOT NULL,
        is_flow boolean NOT NULL DEFAULT false,
        summary text NOT NULL DEFAULT '',
        enabled boolean NOT NULL DEFAULT true,
        created_by uuid NOT NULL REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        edited_by uuid NOT NULL REFERENCES app_user(id),
        edited_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (workspace_id, path)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE nats_trigger;
      DROP INDEX api_token_by_user;
      ALTER TABLE api_token DROP COLUMN token_prefix, DROP COLUMN scopes, DROP COLUMN last_used_at;
    `);
  }
}
