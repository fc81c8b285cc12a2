import pg from 'pg';

/**
 * Named prepared statements for the hottest queries (each flow step runs several): PostgreSQL
 * parses them once per connection and, after a few runs, keeps a generic plan, instead of parsing
 * and planning every call. Parse and plan were about a third of PostgreSQL's CPU in
 * bench:webhook's dedicated variant (perf record). ADR 0051.
 *
 * A statement is marked where it is written, `tx.query(prepared(SQL), params)`; the pool's client
 * (`PreparingClient`) sends a marked text under its name. Only statements whose result columns are
 * named: a `*` would make PostgreSQL refuse the cached statement once a migration adds a column
 * ("cached plan must not change result type") on a replica that prepared it before.
 */
const names = new Map<string, string>();

/** Marks `text` to go as a named prepared statement; returns it unchanged. */
export function prepared(text: string): string {
  if (!names.has(text)) {
    if (/\bRETURNING\s+(\w+\.)?\*|\bSELECT\s+(\w+\.)?\*/i.test(text)) {
      throw new Error(`a prepared statement names its result columns: ${text.slice(0, 80)}`);
    }
    names.set(text, `runnel_${names.size}`);
  }
  return text;
}

type Query = (this: pg.Client, config: unknown, values?: unknown, callback?: unknown) => unknown;
const query = pg.Client.prototype.query as unknown as Query;

/**
 * pg's Client, sending marked texts (with an array of values) as named statements; everything else
 * as pg does. The pool makes its connections with it (`extra.Client`), unless RUNNEL_DB_PREPARED is
 * off (a PgBouncer before 1.21 in transaction mode does not keep prepared statements).
 */
export class PreparingClient extends pg.Client {}

(PreparingClient.prototype as unknown as { query: Query }).query = function (config, values, callback) {
  if (typeof config === 'string' && Array.isArray(values)) {
    const name = names.get(config);
    if (name !== undefined) return query.call(this, { name, text: config, values }, callback);
  }
  return query.call(this, config, values, callback);
};
