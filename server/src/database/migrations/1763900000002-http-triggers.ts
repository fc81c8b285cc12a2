import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * HTTP routes (`/api/r/…`). `route_key` is the route with its parameters' names erased
 * (`orders/:id` → `orders/:`), prefixed by the workspace when the route is workspaced: two
 * triggers with the same method and key would answer the same requests, so the unique index
 * refuses the second whichever replica creates it.
 */
export class HttpTriggers1763900000002 implements MigrationInterface {
  name = 'HttpTriggers1763900000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE http_trigger (
        workspace_id text NOT NULL REFERENCES workspace(id),
        path text NOT NULL,
        route_path text NOT NULL,
        route_key text NOT NULL,
        workspaced_route boolean NOT NULL DEFAULT false,
        http_method text NOT NULL CHECK (http_method IN ('get', 'post', 'put', 'patch', 'delete')),
        script_path text NOT NULL,
        is_flow boolean NOT NULL DEFAULT false,
        is_async boolean NOT NULL DEFAULT false,
        authentication_method text NOT NULL CHECK (authentication_method IN ('none', 'token', 'basic', 'signature')),
        signature jsonb,
        basic jsonb,
        rate_limit_per_minute integer CHECK (rate_limit_per_minute > 0),
        summary text NOT NULL DEFAULT '',
        description text NOT NULL DEFAULT '',
        created_by uuid NOT NULL REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        edited_by uuid NOT NULL REFERENCES app_user(id),
        edited_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (workspace_id, path)
      );
      CREATE UNIQUE INDEX http_trigger_route ON http_trigger (http_method, route_key);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE http_trigger');
  }
}
