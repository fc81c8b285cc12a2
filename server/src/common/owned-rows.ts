import { notFound } from './errors.js';
import type { Queryable } from './versions.js';

/** The tables whose rows a workspace owns by path (the trigger kinds). */
export type OwnedTable = 'schedule' | 'http_trigger' | 'nats_trigger';

/**
 * Deletes the row `path` of `workspace` from `table`, or answers 404 naming `what` (e.g.
 * `HTTP trigger`): the one delete of the three trigger kinds, whose HTTP answers differ only
 * because Windmill's do (see ADR 0034). `db` is the caller's transaction, which audits the delete.
 */
export async function deleteOwnedRow(
  db: Queryable,
  table: OwnedTable,
  what: string,
  workspace: string,
  path: string,
): Promise<void> {
  const [, count]: [unknown, number] = await db.query(`DELETE FROM ${table} WHERE workspace_id = $1 AND path = $2`, [
    workspace,
    path,
  ]);
  if (!count) throw notFound(`${what} "${path}" not found in workspace "${workspace}"`);
}
