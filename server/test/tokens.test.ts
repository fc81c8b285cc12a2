import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { AuthService } from '../src/auth/auth.service.js';
import { ShortTokenPrefix1764000000600 } from '../src/database/migrations/1764000000600-short-token-prefix.js';
import { TOKEN, json, startHarness, until, type Harness } from './harness.js';

type Listed = Record<string, unknown> & { id: string; label: string; token_prefix: string | null };

describe('API tokens: create, list, delete, expiry, tokens limited to running one path', () => {
  let h: Harness;
  let hashA: string;
  let hashB: string;
  before(async () => {
    // No worker runs: a sync run answers 202 with the job id after this wait.
    h = await startHarness({ RUNNEL_SYNC_TIMEOUT_MS: '300' });
    hashA = await h.deploy('f/tok/a', 'bash', 'x="${1:-none}"\necho "a $x"');
    hashB = await h.deploy('f/tok/b', 'bash', 'echo b');
    const flow = await h.api('/api/w/main/flows/create', {
      method: 'POST',
      json: { path: 'f/tok/flow', summary: '', value: { modules: [{ id: 'a', value: { type: 'identity' } }] } },
    });
    assert.equal(flow.status, 201, await flow.text());
  });
  after(async () => h?.close());

  const create = (body: unknown, token?: string) =>
    h.api('/api/users/tokens/create', { method: 'POST', json: body, token });
  const newToken = async (body: unknown) => {
    const res = await create(body);
    assert.equal(res.status, 201, await res.clone().text());
    assert.match(res.headers.get('content-type') ?? '', /text\/plain/);
    return res.text();
  };

  const list = async () => (await json(h.api('/api/users/tokens/list'))) as Listed[];
  /** The listed entry of the one token with this label. */
  const listedAs = async (label: string) => {
    const found = (await list()).filter((t) => t.label === label);
    assert.equal(found.length, 1, `one token labelled ${label}`);
    return found[0]!;
  };

  it('creates a long token shown once, lists it by id and a 4-character prefix, and deletes it by id', async () => {
    const token = await newToken({ label: 'ci' });
    assert.match(token, /^rn_[\w-]{43}$/, 'rn_ and 32 random bytes');
    const me = await h.api('/api/auth/whoami', { token });
    assert.equal(me.status, 200);
    assert.equal((await json(me)).username, 'admin');

    const mine = await listedAs('ci');
    assert.match(mine.id, /^[0-9a-f-]{36}$/);
    assert.equal(mine.token_prefix, token.slice(0, 4));
    assert.equal(mine.scopes, null);
    assert.equal(mine.expiration, null);
    assert.ok(mine.created_at);
    assert.ok(mine.last_used_at, 'whoami used it');
    const listed = JSON.stringify(await list());
    assert.ok(!listed.includes(token.slice(0, 5)), 'no more than 4 characters of a token are ever listed');

    const stored = new pg.Client({ connectionString: h.databaseUrl });
    await stored.connect();
    const rows = await stored.query('SELECT token_hash, token_prefix FROM api_token WHERE id = $1', [mine.id]);
    const bootstrap = await stored.query(`SELECT token_prefix FROM api_token WHERE label = 'bootstrap'`);
    await stored.end();
    assert.match(rows.rows[0].token_hash, /^[0-9a-f]{64}$/, 'stored as its sha256');
    assert.equal(rows.rows[0].token_prefix, token.slice(0, 4));
    assert.ok(TOKEN.length < 32);
    assert.deepEqual(bootstrap.rows, [{ token_prefix: null }], 'nothing of a short token is stored in clear');

    const del = await h.api(`/api/users/tokens/delete/${mine.id}`, { method: 'DELETE' });
    assert.equal(del.status, 200, await del.clone().text());
    const gone = await h.api('/api/auth/whoami', { token });
    assert.equal(gone.status, 401);
    const again = await h.api(`/api/users/tokens/delete/${mine.id}`, { method: 'DELETE' });
    assert.equal(again.status, 404);
    assert.match((await json(again)).error.message, /no token whose id or prefix is/);
  });

  it('lists the bootstrap token, marked by its value (not its label), and refuses to delete it', async () => {
    const copycat = await newToken({ label: 'bootstrap' });
    const listed = (await list()).filter((t) => t.label === 'bootstrap');
    assert.equal(listed.length, 2);
    const real = listed.find((t) => t.bootstrap === true);
    assert.ok(real, JSON.stringify(listed));
    assert.equal(real.token_prefix, null, 'nothing of the short bootstrap token is listed');
    const other = listed.find((t) => t.id !== real.id)!;
    assert.equal(other.bootstrap, false, 'a token labelled bootstrap is not the bootstrap token');
    assert.ok((await list()).every((t) => t.id === real.id || t.bootstrap === false));

    const refused = await h.api(`/api/users/tokens/delete/${real.id}`, { method: 'DELETE' });
    assert.equal(refused.status, 409);
    assert.match(
      (await json(refused)).error.message,
      /bootstrap token \(RUNNEL_BOOTSTRAP_TOKEN\).*unset RUNNEL_BOOTSTRAP_TOKEN, restart the server, then delete it/,
    );
    assert.equal((await h.api('/api/auth/whoami')).status, 200, 'it still works');
    const del = await h.api(`/api/users/tokens/delete/${other.id}`, { method: 'DELETE', token: copycat });
    assert.equal(del.status, 200, 'the copycat is an ordinary token');
  });

  it('deletes by prefix while only one token has it, and says 409 when several do', async () => {
    const auth = h.server.app.get(AuthService);
    const admin = (await json(h.api('/api/auth/whoami'))).user_id as string;
    const value = (c: string) => `rn_~${c.repeat(40)}`;
    await auth.createToken(admin, 'same-prefix-1', {}, value('a'));
    const unique = await h.api('/api/users/tokens/delete/rn_~', { method: 'DELETE' });
    assert.equal(unique.status, 200, await unique.clone().text());
    assert.equal((await list()).filter((t) => t.label.startsWith('same-prefix')).length, 0);

    await auth.createToken(admin, 'same-prefix-2', {}, value('b'));
    await auth.createToken(admin, 'same-prefix-3', {}, value('c'));
    const ambiguous = await h.api('/api/users/tokens/delete/rn_~', { method: 'DELETE' });
    assert.equal(ambiguous.status, 409);
    assert.match(
      (await json(ambiguous)).error.message,
      /2 of your tokens have the prefix "rn_~"; delete one by its id/,
    );
    assert.equal((await list()).filter((t) => t.label.startsWith('same-prefix')).length, 2, 'none deleted');
  });

  it('a token that expires creates only tokens that expire no later than itself', async () => {
    const parentExpiry = new Date(Date.now() + 60_000);
    const parent = await newToken({ label: 'sixty-seconds', expiration: parentExpiry.toISOString() });

    const forever = await create({ label: 'forever' }, parent);
    assert.equal(forever.status, 201, await forever.clone().text());
    assert.equal(
      new Date((await listedAs('forever')).expiration as string).getTime(),
      parentExpiry.getTime(),
      'without expiration, the child expires with its parent',
    );

    const later = await create({ label: 'later', expiration: new Date(Date.now() + 3_600_000).toISOString() }, parent);
    assert.equal(later.status, 400);
    assert.match(
      (await json(later)).error.message,
      new RegExp(
        `expiration must be no later than ${parentExpiry.toISOString()}, when the token you are using expires`,
      ),
    );

    const sooner = new Date(Date.now() + 30_000).toISOString();
    assert.equal((await create({ label: 'sooner', expiration: sooner }, parent)).status, 201);
    // A token that never expires may still create one that never does.
    assert.equal((await create({ label: 'unbounded' })).status, 201);
    assert.equal((await listedAs('unbounded')).expiration, null);
  });

  it('the migration keeps every token row and no more than 4 characters of any token', async () => {
    const db = h.server.app.get(DataSource);
    const admin = (await json(h.api('/api/auth/whoami'))).user_id as string;
    const old: [string, string | null][] = [
      ['rn_abcdefg', 'rn_a'], // a generated token's 10 characters: it was 35 long
      ['bootstrap1', null], // another token's: its length is unknown
      ['short', null], // a short token, stored whole
    ];
    for (const [prefix] of old) {
      await db.query(
        `INSERT INTO api_token (id, token_hash, token_prefix, label, user_id) VALUES (gen_random_uuid(), $1, $2, 'old', $3)`,
        [`hash-of-${prefix}`, prefix, admin],
      );
    }
    const before: { count: string }[] = await db.query('SELECT count(*) FROM api_token');
    const runner = db.createQueryRunner();
    try {
      await new ShortTokenPrefix1764000000600().up(runner);
    } finally {
      await runner.release();
    }
    assert.deepEqual(await db.query('SELECT count(*) FROM api_token'), before, 'no row lost');
    for (const [prefix, kept] of old) {
      const rows: { token_prefix: string | null }[] = await db.query(
        'SELECT token_prefix FROM api_token WHERE token_hash = $1',
        [`hash-of-${prefix}`],
      );
      assert.deepEqual(rows, [{ token_prefix: kept }], prefix);
    }
    const longest: { max: number | null }[] = await db.query('SELECT max(length(token_prefix)) AS max FROM api_token');
    assert.ok((longest[0]!.max ?? 0) <= 4);
  });

  it('rejects bad requests with a 400 that says why', async () => {
    const cases: [unknown, RegExp][] = [
      [{ scopes: ['admin'] }, /unknown scope "admin".*run:script\/<path>/],
      [{ scopes: ['run:script/not a path'] }, /is not a path/],
      [{ expiration: 'tomorrow' }, /expiration/],
      [{ expiration: '2001-01-01T00:00:00Z' }, /expiration must be in the future/],
      [{ workspace_id: 'nowhere' }, /not a member of a workspace "nowhere"/],
      [{ label: 'x', extra: 1 }, /unknown property "extra"/],
    ];
    for (const [body, message] of cases) {
      const res = await create(body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.match((await json(res)).error.message, message);
    }
  });

  it('answers 401 once a token has expired, though it was used (and remembered) just before', async () => {
    const expiresAt = Date.now() + 3_000;
    const token = await newToken({ label: 'short', expiration: new Date(expiresAt).toISOString() });
    assert.equal((await h.api('/api/w/main/scripts/list', { token })).status, 200);
    await new Promise((r) => setTimeout(r, expiresAt - Date.now() + 100));
    const res = await h.api('/api/w/main/scripts/list', { token });
    assert.equal(res.status, 401);
    assert.match((await json(res)).error.message, /expired at/);
  });

  it('a token deleted on one server is refused at once by the others', async () => {
    const token = await newToken({ label: 'replicas' });
    const { child, url } = await h.spawnServer();
    try {
      const whoami = () => fetch(`${url}/api/auth/whoami`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal((await whoami()).status, 200);
      const del = await h.api(`/api/users/tokens/delete/${(await listedAs('replicas')).id}`, { method: 'DELETE' });
      assert.equal(del.status, 200);
      // Told over NATS: well within the 10 s it would otherwise trust what it remembered.
      await until(async () => ((await whoami()).status === 401 ? true : undefined), 5_000);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('limits a token to running one script: by path and by hash, async and sync, header or ?token=', async () => {
    const token = await newToken({ label: 'webhook', scopes: ['run:script/f/tok/a'], workspace_id: 'main' });
    const entry = await listedAs('webhook');
    assert.deepEqual(entry.scopes, ['run:script/f/tok/a']);
    assert.equal(entry.workspace_id, 'main');

    const byPath = await h.api('/api/w/main/jobs/run/p/f/tok/a', { method: 'POST', json: { x: '1' }, token });
    assert.equal(byPath.status, 201, await byPath.clone().text());
    const byHash = await h.api(`/api/w/main/jobs/run/h/${hashA}`, { method: 'POST', json: { x: '2' }, token });
    assert.equal(byHash.status, 201, await byHash.clone().text());
    const viaQuery = await fetch(`${h.url}/api/w/main/jobs/run/p/f/tok/a?token=${token}`, { method: 'POST' });
    assert.equal(viaQuery.status, 201, await viaQuery.clone().text());
    for (const [method, url] of [
      ['POST', '/api/w/main/jobs/run_wait_result/p/f/tok/a'],
      ['GET', `/api/w/main/jobs/run_wait_result/h/${hashA}`],
    ]) {
      const sync = await fetch(`${h.url}${url}?token=${token}`, { method: method! });
      assert.equal(sync.status, 202, `${method} ${url}: ${await sync.clone().text()}`);
    }
    const job = await json(h.api(`/api/w/main/jobs_u/get/${await byPath.text()}`));
    assert.equal(job.script_path, 'f/tok/a');

    const forbidden: [string, string][] = [
      ['POST', '/api/w/main/jobs/run/p/f/tok/b'],
      ['POST', `/api/w/main/jobs/run/h/${hashB}`],
      ['POST', '/api/w/main/jobs/run/h/0000000000000000'],
      ['POST', '/api/w/main/jobs/run_wait_result/p/f/tok/b'],
      ['GET', '/api/w/main/jobs/run_wait_result/p/f/tok/b'],
      ['GET', `/api/w/main/jobs/run_wait_result/h/${hashB}`],
      ['POST', '/api/w/main/jobs/run/f/f/tok/a'],
      ['POST', '/api/w/main/jobs/run/preview_flow'],
      ['GET', '/api/w/main/scripts/list'],
      ['GET', '/api/w/main/jobs/list'],
      ['GET', '/api/auth/whoami'],
      ['GET', '/api/users/tokens/list'],
      ['POST', '/api/users/tokens/create'],
      ['POST', '/api/w/main/scripts/create'],
    ];
    for (const [method, path] of forbidden) {
      const res = await h.api(path, { method, token, ...(method === 'POST' ? { json: {} } : {}) });
      assert.equal(res.status, 403, `${method} ${path}`);
      assert.match((await json(res)).error.message, /limited to running script f\/tok\/a/, `${method} ${path}`);
    }
  });

  it('limits a token to running one flow', async () => {
    const token = await newToken({ scopes: ['run:flow/f/tok/flow'] });
    const run = await h.api('/api/w/main/jobs/run/f/f/tok/flow', { method: 'POST', json: {}, token });
    assert.equal(run.status, 201, await run.clone().text());
    const script = await h.api('/api/w/main/jobs/run/p/f/tok/flow', { method: 'POST', json: {}, token });
    assert.equal(script.status, 403);
    assert.match(
      (await json(script)).error.message,
      /limited to running flow f\/tok\/flow .*; it cannot run script f\/tok\/flow/,
    );
  });

  it('a token limited to a workspace creates only tokens limited to it', async () => {
    const token = await newToken({ workspace_id: 'main' });
    const child = await create({ label: 'child' }, token);
    assert.equal(child.status, 201);
    assert.equal((await listedAs('child')).workspace_id, 'main');
  });
});
