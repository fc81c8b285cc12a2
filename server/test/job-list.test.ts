import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { json, startHarness, type Harness } from './harness.js';

interface Row {
  kind?: string;
  status?: string;
  path?: string | null;
  trigger?: string | null;
  parent?: string | null;
  created?: string;
  started?: string | null;
  result?: unknown;
  args?: unknown;
}

describe('the runs list: cursor pages, filters, no payloads', () => {
  let h: Harness;
  let db: pg.Client;
  before(async () => {
    h = await startHarness();
    db = new pg.Client({ connectionString: h.databaseUrl });
    await db.connect();
  });
  after(async () => {
    await db?.end();
    await h?.close();
  });

  /** Job rows written as the platform writes them; the list only reads them. */
  const insert = async (rows: Row[]): Promise<string[]> => {
    const ids: string[] = [];
    for (const r of rows) {
      const id = randomUUID();
      ids.push(id);
      await db.query(
        `INSERT INTO job (id, workspace_id, kind, script_path, language, args, tag, timeout_s, status, result,
           trigger_kind, parent_job, created_at, started_at)
         VALUES ($1, 'main', $2, $3, 'bash', $4, 'default', 60, $5, $6, $7, $8, COALESCE($9::timestamptz, clock_timestamp()), $10)`,
        [
          id,
          r.kind ?? 'script',
          r.path === undefined ? 'f/list/a' : r.path,
          JSON.stringify(r.args ?? {}),
          r.status ?? 'success',
          r.result === undefined ? null : JSON.stringify(r.result),
          r.trigger ?? null,
          r.parent ?? null,
          r.created ?? null,
          r.started ?? null,
        ],
      );
    }
    return ids;
  };
  const runs = async (query: string) => {
    const res = await h.api(`/api/w/main/jobs/runs?${query}`);
    assert.equal(res.status, 200, await res.clone().text());
    return (await res.json()) as { jobs: { id: string }[]; next_cursor: string | null };
  };
  const ids = async (query: string) => (await runs(query)).jobs.map((j) => j.id);

  it('pages by cursor through jobs created in the same microsecond, and new jobs shift nothing', async () => {
    const at = '2026-01-01T00:00:00.123456Z';
    const same = await insert(Array.from({ length: 23 }, () => ({ path: 'f/page/x', created: at })));
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await runs(`script_path=f/page/x&per_page=10${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.jobs.map((j) => j.id));
      cursor = page.next_cursor;
      // Jobs queued between pages are newer: they belong before the first page, not in the next.
      if (pages++ === 0) await insert([{ path: 'f/page/x' }]);
    } while (cursor);
    assert.equal(pages, 3);
    assert.equal(seen.length, 23);
    assert.deepEqual([...seen].sort(), [...same].sort());
    // Newest first, ties by id descending.
    assert.deepEqual(seen, [...same].sort().reverse());
  });

  it('filters by status, path prefix, kind, trigger, time and top level', async () => {
    const [http, nats, sched, api, flow, step, failed, underscore, old] = await insert([
      { path: 'f/filt/a', trigger: 'http' },
      { path: 'f/filt/b', trigger: 'nats' },
      { path: 'f/filt/c', trigger: 'schedule', started: '2026-03-01T10:00:00Z' },
      { path: 'f/filt/d', kind: 'preview' },
      { path: 'f/filt/flow', kind: 'flow' },
      { path: 'f/filt/flow/s1', kind: 'flowscript' },
      { path: 'f/filt/e', status: 'failure' },
      { path: 'f/filt_x/y' },
      { path: 'f/filt/old', created: '2020-01-01T00:00:00Z' },
    ]);
    await db.query('UPDATE job SET parent_job = $1 WHERE id = $2', [flow, step]);
    const set = async (q: string) => new Set(await ids(`script_path_start=f/filt/&${q}`));

    const all = await set('');
    assert.equal(all.size, 8);
    assert.ok(!all.has(underscore!));
    // _ and % in a prefix are characters, not LIKE's wildcards.
    const [literal] = await insert([{ path: 'f/u_s%/1' }, { path: 'f/uxs%/1' }, { path: 'f/u_sz/1' }]);
    assert.deepEqual(await ids('script_path_start=f/u_s%25/'), [literal]);
    assert.deepEqual(await set('status=failure'), new Set([failed]));
    assert.deepEqual(await set('job_kinds=flow,preview'), new Set([api, flow]));
    assert.deepEqual(await set('trigger_kind=route'), new Set([http]));
    assert.deepEqual(await set('trigger_kind=nats,schedule'), new Set([nats, sched]));
    assert.deepEqual(await set('trigger_kind=api&job_kinds=preview'), new Set([api]));
    assert.deepEqual(await set('created_before=2021-01-01T00:00:00Z'), new Set([old]));
    assert.equal((await set('created_after=2021-01-01T00:00:00Z')).has(old!), false);
    assert.deepEqual(
      await set('started_after=2026-03-01T09:00:00Z&started_before=2026-03-01T11:00:00Z'),
      new Set([sched]),
    );
    assert.equal((await set('top_level=true')).has(step!), false);
    assert.deepEqual(await set(`parent_job=${flow}`), new Set([step]));
    // A message a NATS trigger could not turn into a run is listed, and found, as its own kind.
    const [broken] = await insert([
      { path: 'f/trig/broken', kind: 'trigger_error', status: 'failure', trigger: 'nats' },
    ]);
    assert.deepEqual(await ids('script_path_start=f/trig/&job_kinds=trigger_error'), [broken]);

    // Windmill's jobs/list takes the same filters, by page.
    const listed = (await json(h.api('/api/w/main/jobs/list?script_path_start=f/filt/&status=failure'))) as {
      id: string;
    }[];
    assert.deepEqual(
      listed.map((j) => j.id),
      [failed],
    );
    // And GraphQL's jobs query.
    const gql = await json(
      h.api('/graphql', {
        method: 'POST',
        json: {
          query: `query { jobs(workspace: "main", filter: {scriptPathStart: "f/filt/", triggerKinds: ["nats", "schedule"],
            startedAfter: "2026-03-01T09:00:00Z"}) { id } }`,
        },
      }),
    );
    assert.deepEqual(gql.data.jobs, [{ id: sched }]);
    const paged = (await json(h.api('/api/w/main/jobs/list?script_path_start=f/filt/&per_page=3&page=3'))) as unknown[];
    assert.equal(paged.length, 2);
  });

  it('carries no arguments, results or logs: a 1 MB result stays out of the list', async () => {
    const big = 'R'.repeat(1024 * 1024);
    const [id] = await insert([{ path: 'f/big/one', result: { big }, args: { big: 'A'.repeat(100_000) } }]);
    await db.query("INSERT INTO job_log (job_id, attempt, seq, text) VALUES ($1, 1, 1, 'LOGLINE')", [id]);
    const res = await h.api('/api/w/main/jobs/runs?script_path=f/big/one');
    const text = await res.text();
    const [row] = JSON.parse(text).jobs as Record<string, unknown>[];
    assert.equal(row!.id, id);
    assert.ok(text.length < 2000, `the page is ${text.length} bytes`);
    for (const field of ['args', 'result', 'logs', 'content', 'flow_state', 'raw_flow']) {
      assert.equal(field in row!, false, field);
    }
    assert.ok(!text.includes('RRRR') && !text.includes('LOGLINE'));
  });

  it('says what to fix in a bad query', async () => {
    for (const [query, message] of [
      ['cursor=nonsense', /cursor/],
      ['job_kinds=script,bogus', /job_kinds "bogus"/],
      ['trigger_kind=email', /trigger_kind/],
      ['created_after=yesterday', /created_after must be an ISO 8601/],
      ['status=done', /status must be one of/],
      ['per_page=0', /per_page/],
      ['top_level=yes', /top_level/],
    ] as const) {
      const res = await h.api(`/api/w/main/jobs/runs?${query}`);
      assert.equal(res.status, 400, query);
      const body = await json(res);
      assert.equal(body.error.code, 'bad_request');
      assert.match(body.error.message, message);
    }
  });
});
