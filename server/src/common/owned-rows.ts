import type { DataSource } from 'typeorm';
import { withAudit, type Actor } from '../audit/audit-log.js';
import { notFound } from './errors.js';

/** The tables whose rows a workspace owns by path (the trigger kinds). */
export type OwnedTable = 'schedule' | 'http_trigger' | 'nats_trigger';

/** The audit log's area of each table: `schedules.delete`, … */
const AREA: Record<OwnedTable, string> = {
  schedule: 'schedules',
  http_trigger: 'http_triggers',
  nats_trigger: 'nats_triggers',
};

/**
 * Deletes the row `path` of `workspace` from `table`, or answers 404 naming `what` (e.g.
 * `HTTP trigger`): the one delete of the three trigger kinds, whose HTTP answers differ only
 * because Windmill's do (see ADR 0034). Audited as `<area>.delete` in the same transaction.
 */
export async function deleteOwnedRow(
  db: DataSource,
  table: OwnedTable,
  what: string,
  workspace: string,
  path: string,
  actor: Actor,
): Promise<void> {
  await withAudit(db, { workspace, actor, action: `${AREA[table]}.delete`, path }, async (tx) => {
    const [, count]: [unknown, number] = await tx.query(`DELETE FROM ${table} WHERE workspace_id = $1 AND path = $2`, [
      workspace,
      path,
    ]);
    if (!count) throw notFound(`${what} "${path}" not found in workspace "${workspace}"`);
  });
}
