import { notFound } from './errors.js';
import { integerParam } from './validate.js';

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

/** The rows a caller may read: auth/path-access.ts's `Access`, which common/ does not import. */
export interface ReadFilter {
  workspace: string;
  where(column: string, params: unknown[]): string;
}

/** The newest version of every path, by path; archived paths only when asked for. */
export function listLatestVersions<T>(
  db: Queryable,
  table: VersionedTable,
  access: ReadFilter,
  showArchived: boolean,
): Promise<T[]> {
  const params: unknown[] = [access.workspace, showArchived];
  const readable = access.where('path', params);
  return db.query(
    `SELECT * FROM (
       SELECT DISTINCT ON (path) * FROM ${table} WHERE workspace_id = $1 AND ${readable} ORDER BY path, created_at DESC
     ) latest WHERE $2 OR NOT archived ORDER BY path`,
    params,
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

/** One entry of a path's history: what tells versions apart, not their code or document. */
export interface VersionRow {
  hash: string;
  parent_hash: string | null;
  summary: string;
  created_by: string;
  created_by_username: string | null;
  created_at: Date;
  archived: boolean;
  current: boolean;
}

/** The most versions one page of a history holds, and how many it holds when not asked. */
export const HISTORY_MAX_PER_PAGE = 1000;
export const HISTORY_PER_PAGE = 100;

/** A history endpoint's paging query, as its OpenAPI operation documents it. */
export const HISTORY_QUERY = {
  page: { schema: { type: 'integer', minimum: 1 }, description: 'Page number, from 1. Default 1.' },
  per_page: {
    schema: { type: 'integer', minimum: 1, maximum: HISTORY_MAX_PER_PAGE },
    description: `Versions per page. Default ${HISTORY_PER_PAGE}.`,
  },
};

/** A history endpoint's `page` and `per_page`, read from its query: a 400 names a bad one. */
export function historyPaging(page: string | undefined, perPage: string | undefined): [number, number] {
  return [
    integerParam(page, 'page', 1, 1_000_000),
    integerParam(perPage, 'per_page', HISTORY_PER_PAGE, HISTORY_MAX_PER_PAGE),
  ];
}

/** The response schema of a history entry (`ScriptVersion`, `FlowVersion`); `fetch` names how to get one. */
export function versionEntrySchema(fetch: string) {
  return {
    type: 'object',
    required: [
      'hash',
      'parent_hash',
      'summary',
      'created_by',
      'created_by_username',
      'created_at',
      'archived',
      'current',
    ],
    properties: {
      hash: { type: 'string', description: `The version (${fetch}).` },
      parent_hash: { type: ['string', 'null'], description: 'The version it was deployed over; null for the first.' },
      summary: { type: 'string' },
      created_by: { type: 'string', description: 'The id of the user who deployed it.' },
      created_by_username: { type: ['string', 'null'], description: 'Their username.' },
      created_at: { type: 'string', format: 'date-time' },
      archived: { type: 'boolean', description: 'Archived with its path (archiving marks every version).' },
      current: { type: 'boolean', description: "The path's newest version: what runs by path." },
    },
  } as const;
}

/**
 * The versions at `path`, newest first, one page of them (`page` from 1). A path with no version
 * in this workspace is a 404, whichever workspace has it; a page past the last is empty.
 */
export async function versionHistory(
  db: Queryable,
  table: VersionedTable,
  workspace: string,
  path: string,
  page: number,
  perPage: number,
): Promise<VersionRow[]> {
  const rows: VersionRow[] = await db.query(
    `WITH versions AS (
       SELECT hash, parent_hash, summary, created_by, created_at, archived,
              row_number() OVER (ORDER BY created_at DESC, hash) AS n
       FROM ${table} WHERE workspace_id = $1 AND path = $2
     )
     SELECT v.hash, v.parent_hash, v.summary, v.created_by, u.username AS created_by_username,
            v.created_at, v.archived, v.n = 1 AS current
     FROM versions v LEFT JOIN app_user u ON u.id = v.created_by
     ORDER BY v.n LIMIT $3 OFFSET $4`,
    [workspace, path, perPage, (page - 1) * perPage],
  );
  if (rows.length === 0) await requireLatestVersion(db, table, workspace, path);
  return rows;
}
