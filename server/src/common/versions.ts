import { notFound } from './errors.js';

/**
 * Scripts and flows are both immutable versions under a path: the newest version is the path's
 * current one, and archiving marks every version. One place for those queries, for either table.
 */
export type VersionedTable = 'script' | 'flow';

/** What runs a query: the DataSource, or a transaction's EntityManager. */
export interface Queryable {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  query(sql: string, params?: unknown[]): Promise<any>;
}

/** The newest version at `path`, or undefined. */
export async function latestVersion<T>(
  db: Queryable,
  table: VersionedTable,
  workspace: string,
  path: string,
): Promise<T | undefined> {
  const rows: T[] = await db.query(
    `SELECT * FROM ${table} WHERE workspace_id = $1 AND path = $2 ORDER BY created_at DESC LIMIT 1`,
    [workspace, path],
  );
  return rows[0];
}

/** The newest version at `path`; a 404 naming it when there is none. */
export async function requireLatestVersion<T>(
  db: Queryable,
  table: VersionedTable,
  workspace: string,
  path: string,
): Promise<T> {
  const row = await latestVersion<T>(db, table, workspace, path);
  if (!row) throw notFound(`${table} "${path}" not found in workspace "${workspace}"`);
  return row;
}

/** The newest version of every path, by path; archived paths only when asked for. */
export function listLatestVersions<T>(
  db: Queryable,
  table: VersionedTable,
  workspace: string,
  showArchived: boolean,
): Promise<T[]> {
  return db.query(
    `SELECT * FROM (
       SELECT DISTINCT ON (path) * FROM ${table} WHERE workspace_id = $1 ORDER BY path, created_at DESC
     ) latest WHERE $2 OR NOT archived ORDER BY path`,
    [workspace, showArchived],
  );
}

/** Archives every version at `path`; a 404 when there is none. */
export async function archivePath(db: Queryable, table: VersionedTable, workspace: string, path: string) {
  // TypeORM answers an UPDATE with [rows, count].
  const [, count]: [unknown[], number] = await db.query(
    `UPDATE ${table} SET archived = true WHERE workspace_id = $1 AND path = $2`,
    [workspace, path],
  );
  if (count === 0) throw notFound(`${table} "${path}" not found in workspace "${workspace}"`);
}
