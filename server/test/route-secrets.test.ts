import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { TOKEN, startHarness, type Harness } from './harness.js';
import { dumpDatabase } from './variables-helpers.js';

const SCHEME = { header: 'X-Hub-Signature-256', algorithm: 'sha256', prefix: 'sha256=' };

/**
 * HTTP routes' signature secrets in the secrets store (docs/adr/0038-resources.md): in the clear
 * only on a server without a master key, sealed at the next start with one, sealed on write since,
 * and bound to the trigger's path (a rename seals again).
 */
describe('HTTP route signature secrets', () => {
  let h: Harness;
  let db: pg.Client;

  const call = (server: { url: string }, path: string, init: { method?: string; json?: unknown } = {}) =>
    fetch(`${server.url}${path}`, {
      method: init.method ?? (init.json === undefined ? 'GET' : 'POST'),
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: init.json === undefined ? undefined : JSON.stringify(init.json),
    });
  const createRoute = (server: { url: string }, path: string, route: string, secret?: string) =>
    call(server, '/api/w/main/http_triggers/create', {
      json: {
        path,
        route_path: route,
        script_path: 'f/rs/target',
        http_method: 'post',
        is_async: true,
        authentication_method: 'signature',
        signature: { ...SCHEME, secret },
      },
    });
  /** A signed POST to the route: 202 when the signature is right (the job is queued), 401 when not. */
  const signed = async (server: { url: string }, route: string, secret: string) => {
    const body = JSON.stringify({ hello: 'route' });
    const sig = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
    const res = await fetch(`${server.url}/api/r/main/${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': sig },
      body,
    });
    return res.status;
  };
  async function serverWithKey(key: string): Promise<Harness> {
    await h.restartServer({ RUNNEL_MASTER_KEY: key });
    return h;
  }

  before(async () => {
    h = await startHarness();
    db = new pg.Client({ connectionString: h.databaseUrl });
    await db.connect();
    await h.deploy('f/rs/target', 'bash', 'echo ok');
  });
  after(async () => {
    await db.end();
    await h.close();
  });

  it('keeps a secret in the clear without a master key, then seals it when a server with one starts', async () => {
    assert.equal((await createRoute(h, 'f/rs/old', 'old', 'old-route-secret-7e1')).status, 201);
    assert.equal(await signed(h, 'old', 'old-route-secret-7e1'), 202);
    assert.ok((await dumpDatabase(db)).includes('old-route-secret-7e1'), 'without a key, as before');

    const server = await serverWithKey(randomBytes(32).toString('base64'));
    const dump = await dumpDatabase(db);
    assert.ok(!dump.includes('old-route-secret-7e1'), 'sealed at start');
    const { rows } = await db.query("SELECT signature, signature_secret FROM http_trigger WHERE path = 'f/rs/old'");
    assert.equal(rows[0].signature.secret, undefined);
    assert.ok(rows[0].signature_secret.length > 28);
    assert.equal(await signed(server, 'old', 'old-route-secret-7e1'), 202);
    assert.equal(await signed(server, 'old', 'another-secret'), 401);

    // Written with a key: never in the clear; renamed or changed without a secret, it still verifies.
    assert.equal((await createRoute(server, 'f/rs/new', 'new', 'new-route-secret-5a9')).status, 201);
    assert.ok(!(await dumpDatabase(db)).includes('new-route-secret-5a9'));
    assert.equal(await signed(server, 'new', 'new-route-secret-5a9'), 202);
    const renamed = await call(server, '/api/w/main/http_triggers/update/f/rs/new', {
      json: {
        path: 'f/rs/renamed',
        route_path: 'renamed',
        script_path: 'f/rs/target',
        http_method: 'post',
        is_async: true,
        authentication_method: 'signature',
        signature: SCHEME,
      },
    });
    assert.equal(renamed.status, 200, await renamed.text());
    assert.equal(await signed(server, 'renamed', 'new-route-secret-5a9'), 202);
    assert.equal(await signed(server, 'renamed', 'old-route-secret-7e1'), 401);

    // A sealed secret moved onto another trigger does not open: the route refuses, naming why.
    await db.query(
      `UPDATE http_trigger SET signature_secret = (SELECT signature_secret FROM http_trigger WHERE path = 'f/rs/renamed')
       WHERE path = 'f/rs/old'`,
    );
    // Any change makes every replica reload its routes, the altered row included.
    await call(server, '/api/w/main/http_triggers/update/f/rs/renamed', {
      json: {
        path: 'f/rs/renamed',
        route_path: 'renamed',
        script_path: 'f/rs/target',
        http_method: 'post',
        is_async: true,
        authentication_method: 'signature',
        signature: SCHEME,
      },
    });
    const moved = await signed(server, 'old', 'new-route-secret-5a9');
    assert.equal(moved, 500);
  });
});
