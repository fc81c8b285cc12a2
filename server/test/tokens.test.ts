import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { json, startHarness, until, type Harness } from './harness.js';

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

  it('creates a token shown once, lists it by prefix, and deletes it', async () => {
    const token = await newToken({ label: 'ci' });
    const me = await h.api('/api/auth/whoami', { token });
    assert.equal(me.status, 200);
    assert.equal((await json(me)).username, 'admin');

    const listed = (await json(h.api('/api/users/tokens/list'))) as Record<string, unknown>[];
    const mine = listed.find((t) => t.token_prefix === token.slice(0, 10));
    assert.ok(mine, 'the new token is listed by its first 10 characters');
    assert.equal(mine.label, 'ci');
    assert.equal(mine.scopes, null);
    assert.equal(mine.expiration, null);
    assert.ok(mine.created_at);
    assert.ok(mine.last_used_at, 'whoami used it');
    assert.ok(!JSON.stringify(listed).includes(token), 'the token itself is never listed');
    assert.ok(listed.some((t) => t.label === 'bootstrap'));

    const stored = new pg.Client({ connectionString: h.databaseUrl });
    await stored.connect();
    const rows = await stored.query('SELECT token_hash FROM api_token WHERE token_prefix = $1', [token.slice(0, 10)]);
    await stored.end();
    assert.equal(rows.rows.length, 1);
    assert.match(rows.rows[0].token_hash, /^[0-9a-f]{64}$/, 'stored as its sha256');

    const del = await h.api(`/api/users/tokens/delete/${token.slice(0, 10)}`, { method: 'DELETE' });
    assert.equal(del.status, 200, await del.clone().text());
    const gone = await h.api('/api/auth/whoami', { token });
    assert.equal(gone.status, 401);
    const again = await h.api(`/api/users/tokens/delete/${token.slice(0, 10)}`, { method: 'DELETE' });
    assert.equal(again.status, 404);
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
      const del = await h.api(`/api/users/tokens/delete/${token.slice(0, 10)}`, { method: 'DELETE' });
      assert.equal(del.status, 200);
      // Told over NATS: well within the 10 s it would otherwise trust what it remembered.
      await until(async () => ((await whoami()).status === 401 ? true : undefined), 5_000);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('limits a token to running one script: by path and by hash, async and sync, header or ?token=', async () => {
    const token = await newToken({ label: 'webhook', scopes: ['run:script/f/tok/a'], workspace_id: 'main' });
    const listed = (await json(h.api('/api/users/tokens/list'))) as Record<string, unknown>[];
    const entry = listed.find((t) => t.token_prefix === token.slice(0, 10))!;
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
    const childToken = await child.text();
    const listed = (await json(h.api('/api/users/tokens/list'))) as Record<string, unknown>[];
    assert.equal(listed.find((t) => t.token_prefix === childToken.slice(0, 10))!.workspace_id, 'main');
  });
});
