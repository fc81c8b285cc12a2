import type { MigrationInterface, QueryRunner } from 'typeorm';

interface Row {
  workspace_id: string;
  path: string;
  http_method: string;
  route_path: string;
  route_key: string;
  workspaced_route: boolean;
}

/** Where a formerly global route goes when its workspace already serves the same route. */
export const MOVED_ROUTE_PREFIX = 'legacy/';

/**
 * Every HTTP route is served under its workspace, `/api/r/{workspace}/{route_path}`
 * (docs/adr/0011-workspace-routes.md): a global route could answer requests meant for another
 * workspace. `route_key` loses its workspace prefix and is unique per workspace.
 *
 * A formerly global route moves from `/api/r/{route_path}` to `/api/r/{workspace}/{route_path}`.
 * Where that workspace already served the same method and route shape as a workspaced route
 * (possible before: the two URLs differed), the workspaced one keeps its URL, which callers
 * already use, and the moved one gets `legacy/` in front of its route path (as many times as
 * needed to be free).
 */
export class WorkspaceRoutes1764000000100 implements MigrationInterface {
  name = 'WorkspaceRoutes1764000000100';

  async up(q: QueryRunner): Promise<void> {
    const rows: Row[] = await q.query(
      `SELECT workspace_id, path, http_method, route_path, route_key, workspaced_route FROM http_trigger
       ORDER BY workspaced_route DESC, workspace_id, created_at, path`,
    );
    // The old index would refuse a key's new form while another row still has it.
    await q.query('DROP INDEX http_trigger_route');
    const taken = new Set<string>();
    for (const row of rows) {
      let key = row.workspaced_route ? row.route_key.slice(row.workspace_id.length + 1) : row.route_key;
      let route = row.route_path;
      const slot = () => `${row.workspace_id}\n${row.http_method}\n${key}`;
      while (taken.has(slot())) {
        key = MOVED_ROUTE_PREFIX + key;
        route = MOVED_ROUTE_PREFIX + route;
      }
      taken.add(slot());
      if (key !== row.route_key || route !== row.route_path) {
        await q.query('UPDATE http_trigger SET route_key = $3, route_path = $4 WHERE workspace_id = $1 AND path = $2', [
          row.workspace_id,
          row.path,
          key,
          route,
        ]);
      }
    }
    await q.query(`
      ALTER TABLE http_trigger DROP COLUMN workspaced_route;
      CREATE UNIQUE INDEX http_trigger_route ON http_trigger (workspace_id, http_method, route_key);
    `);
  }

  /** Every route stays where it is served now: workspaced. */
  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX http_trigger_route;
      ALTER TABLE http_trigger ADD COLUMN workspaced_route boolean NOT NULL DEFAULT false;
      UPDATE http_trigger SET workspaced_route = true, route_key = workspace_id || '/' || route_key;
      CREATE UNIQUE INDEX http_trigger_route ON http_trigger (http_method, route_key);
    `);
  }
}
