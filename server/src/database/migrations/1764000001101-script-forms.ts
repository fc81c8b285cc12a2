import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A script version's refinements of its inferred form (`schema_overrides`, `json` so their key
 * order, which is the order a person chose, is kept; NULL for every existing version: none), and
 * the paths whose form page anyone may use signed out (a row per public path, so the choice
 * belongs to the path, not to one version, and survives deploys).
 */
export class ScriptForms1764000001101 implements MigrationInterface {
  name = 'ScriptForms1764000001101';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE script ADD COLUMN schema_overrides json;
      CREATE TABLE script_public_form (
        workspace_id text NOT NULL REFERENCES workspace(id),
        path text NOT NULL,
        enabled_by uuid NOT NULL REFERENCES app_user(id),
        enabled_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (workspace_id, path)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE script_public_form; ALTER TABLE script DROP COLUMN schema_overrides;');
  }
}
