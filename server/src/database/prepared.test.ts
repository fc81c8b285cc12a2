import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';

import { createDataSource } from './database.js';
import { prepared } from './prepared.js';

const ADMIN_URL = process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Named prepared statements (ADR 0051), against a real PostgreSQL, in a database of this test's own. */
describe('prepared statements', () => {
  const database = `runnel_prepared_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  const url = ADMIN_URL.replace(/\/[^/]*$/, `/${database}`);
  before(async () => {
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
  });
  after(async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  });

  const SQL = 'SELECT $1::int + 1 AS next, pg_backend_pid() AS pid';
  const statementsOf = async (ds: ReturnType<typeof createDataSource>, pid: number) => {
    // pg_prepared_statements shows the asking session's own: ask on the same connection.
    const runner = ds.createQueryRunner();
    try {
      const [{ pid: own }] = (await runner.query('SELECT pg_backend_pid() AS pid')) as { pid: number }[];
      assert.equal(own, pid, 'the pool handed out another connection');
      return ((await runner.query('SELECT name FROM pg_prepared_statements')) as { name: string }[]).map((r) => r.name);
    } finally {
      await runner.release();
    }
  };

  it('a marked statement goes under its name; an unmarked one and RUNNEL_DB_PREPARED=0 do not', async () => {
    const marked = prepared(SQL);
    assert.equal(marked, SQL, 'prepared() returns its text');
    for (const named of [true, false]) {
      const ds = createDataSource(url, named);
      await ds.initialize();
      // One connection, so that the statement and the check share it.
      (ds.driver as unknown as { master: { options: { max: number } } }).master.options.max = 1;
      try {
        const [first] = (await ds.query(marked, [1])) as { next: number; pid: number }[];
        const [second] = (await ds.query(marked, [41])) as { next: number; pid: number }[];
        assert.deepEqual([first!.next, second!.next], [2, 42]);
        await ds.query('SELECT $1::int AS unmarked', [1]);
        const names = await statementsOf(ds, first!.pid);
        if (named) assert.deepEqual(names.filter((n) => n.startsWith('runnel_')).length, 1, names.join());
        else assert.deepEqual(names, []);
      } finally {
        await ds.destroy();
      }
    }
  });

  it('refuses a statement whose result columns are not named', () => {
    assert.throws(() => prepared('SELECT * FROM job WHERE id = $1'), /names its result columns/);
    assert.throws(
      () => prepared('UPDATE job SET status = $2 WHERE id = $1 RETURNING job.*'),
      /names its result columns/,
    );
    assert.equal(prepared('SELECT count(*) AS n FROM job'), 'SELECT count(*) AS n FROM job');
  });
});
