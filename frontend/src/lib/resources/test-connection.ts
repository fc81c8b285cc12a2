import { RES_PREFIX } from '@runnel/runtimes/resource-fields';

/** The types "Test connection" knows how to try. */
export const TESTABLE_TYPES = new Set(['postgresql']);

/**
 * A Bun script that connects with Bun's built-in SQL client and answers "connected: PostgreSQL
 * <version>". It gets `$res:<path>`, which the server resolves to the resource's value (secret
 * fields and `$var:` fields included) when the job starts; a string means it was not resolved.
 */
export const POSTGRESQL_CHECK = `export async function main(db: any) {
  if (typeof db !== 'object' || db === null) {
    throw new Error('the resource was not resolved: the job got ' + JSON.stringify(db));
  }
  const tls = ['require', 'verify-ca', 'verify-full'].includes(db.sslmode);
  const sql = new Bun.SQL({
    hostname: db.host,
    port: db.port ?? 5432,
    username: db.user,
    password: db.password ?? undefined,
    database: db.dbname,
    tls,
    max: 1,
    connectionTimeout: 10,
  });
  try {
    const [row] = await sql\`SELECT version() AS version\`;
    return 'connected: ' + String(row.version).split(' ').slice(0, 2).join(' ');
  } finally {
    await sql.close();
  }
}
`;

/** The preview job that tests the resource at `path`. */
export const connectionCheck = (path: string) => ({
  language: 'bun' as const,
  content: POSTGRESQL_CHECK,
  path: 'u/runnel/test_connection',
  args: { db: `${RES_PREFIX}${path}` },
});
