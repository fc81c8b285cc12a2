import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What Windmill's CLI sends with a script and compares on its next push (docs/adr/0047):
 * `kind` (script, failure, trigger, command, approval, preprocessor); the schema exactly as the
 * client sent it (`json`, not `jsonb`, so it reads back as written), beside the inferred `schema`
 * that forms and argument checks keep using; whether `tag` was given (Windmill answers null when
 * not); and the other NewScript fields Runnel stores and answers but does not act on.
 * `dependency_lock_result` keeps what `jobs/run/dependencies_async` (and flow_dependencies_async) resolved until the CLI fetches
 * it (windmill/dependency-locks.ts), an hour at most.
 */
export class WindmillScriptFields1764000003000 implements MigrationInterface {
  name = 'WindmillScriptFields1764000003000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE script
        ADD COLUMN kind text NOT NULL DEFAULT 'script',
        ADD COLUMN client_schema json,
        ADD COLUMN tag_set boolean NOT NULL DEFAULT false,
        ADD COLUMN windmill_fields json
    `);
    await q.query(`
      CREATE TABLE dependency_lock_result (
        id uuid PRIMARY KEY,
        workspace_id text NOT NULL REFERENCES workspace(id) ON DELETE CASCADE,
        created_by uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        result json,
        error text,
        created_at timestamptz NOT NULL DEFAULT now()
      )
    `);
    // Before this, a tag other than the default was always one somebody set.
    await q.query(`UPDATE script SET tag_set = true WHERE tag <> 'default'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE dependency_lock_result');
    await q.query(`
      ALTER TABLE script DROP COLUMN kind, DROP COLUMN client_schema, DROP COLUMN tag_set,
        DROP COLUMN windmill_fields
    `);
  }
}
