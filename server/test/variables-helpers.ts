import assert from 'node:assert/strict';
import type pg from 'pg';
import type { Harness } from './harness.js';
import { json } from './harness.js';

/** One GraphQL operation over HTTP with `token`; the body as GraphQL answers it (`data`, `errors`). */
export async function graphql(
  h: Pick<Harness, 'url'>,
  token: string,
  query: string,
  variables?: Record<string, unknown>,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
): Promise<any> {
  return json(
    fetch(`${h.url}/graphql`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    }),
  );
}

/** Every row of every table of the public schema, as PostgreSQL writes it as text. */
export async function dumpDatabase(db: pg.Client): Promise<string> {
  const tables = await db.query(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
  );
  assert.ok(tables.rows.length > 10);
  let dump = '';
  for (const { table_name } of tables.rows) {
    const res = await db.query(`SELECT t::text AS row FROM "${table_name}" t`);
    dump += res.rows.map((r) => r.row).join('\n');
  }
  return dump;
}
