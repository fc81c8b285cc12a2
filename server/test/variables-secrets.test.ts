import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { loadServerConfig } from '../src/common/config.js';
import { parseMasterKey } from '../src/common/master-key.js';
import { TOKEN, addUser, json, startHarness, type Harness } from './harness.js';
import { dumpDatabase, graphql } from './variables-helpers.js';

const REWRAP_MAIN = fileURLToPath(new URL('../src/secrets/rewrap-main.js', import.meta.url));
const OLD_KEY = randomBytes(32).toString('base64');
const NEW_KEY = randomBytes(32).toString('hex');

/**
 * Where a secret's plaintext is not (docs/adr/0036-secrets-key-hierarchy.md): not in any row of
 * the database; a ciphertext moved to another row does not open; a master key rotation re-wraps
 * the data keys and leaves every ciphertext as it was.
 */
describe('secrets at rest', () => {
  let h: Harness;
  let db: pg.Client;

  const api = (server: { url: string }, path: string, init: { method?: string; json?: unknown; token?: string } = {}) =>
    fetch(`${server.url}/api/w/${path}`, {
      method: init.method ?? (init.json === undefined ? 'GET' : 'POST'),
      headers: { authorization: `Bearer ${init.token ?? TOKEN}`, 'content-type': 'application/json' },
      body: init.json === undefined ? undefined : JSON.stringify(init.json),
    });
  const reveal = (server: { url: string }, ws: string, path: string, token?: string) =>
    api(server, `${ws}/variables/reveal/${path}`, { method: 'POST', token });

  /** Stops whichever server runs and starts one with these master key settings. */
  async function serverWith(env: Record<string, string>): Promise<Harness> {
    await h.restartServer(env);
    return h;
  }

  before(async () => {
    h = await startHarness({ RUNNEL_MASTER_KEY: OLD_KEY });
    db = new pg.Client({ connectionString: h.databaseUrl });
    await db.connect();
  });
  after(async () => {
    await db.end();
    await h.close();
  });

  it('leaves no secret plaintext in any row of any table, whichever way it was written', async () => {
    const plaintexts = ['first-plaintext-c0ffee', 'second-plaintext-beef', 'third-plaintext-gql', 'fourth-updated'];
    const create = (path: string, value: string) =>
      api(h, 'main/variables/create', { json: { path, value, is_secret: true, description: 'no value here' } });
    assert.equal((await create('f/dump/a', plaintexts[0]!)).status, 201);
    assert.equal((await create('f/dump/b', plaintexts[1]!)).status, 201);
    const gql = await graphql(
      h,
      TOKEN,
      `mutation { createVariable(workspace: "main", input: {path: "f/dump/c", value: "${plaintexts[2]}", isSecret: true}) { path } }`,
    );
    assert.equal(gql.data.createVariable.path, 'f/dump/c');
    assert.equal((await api(h, 'main/variables/update/f/dump/b', { json: { value: plaintexts[3] } })).status, 200);
    assert.equal((await api(h, 'main/variables/update/f/dump/a', { json: { path: 'f/dump/a2' } })).status, 200);
    assert.equal(await json(reveal(h, 'main', 'f/dump/a2')), plaintexts[0]);

    const dump = await dumpDatabase(db);
    assert.ok(dump.includes('no value here'), 'the dump reads the variable rows');
    const masterKey = parseMasterKey(OLD_KEY, 'test').key;
    for (const secret of [...plaintexts, OLD_KEY, masterKey.toString('hex')]) {
      for (const form of [secret, Buffer.from(secret).toString('hex'), Buffer.from(secret).toString('base64')]) {
        assert.ok(!dump.includes(form), `"${secret}" is in the database (as ${form})`);
      }
    }
  });

  it('refuses, with a clear error, a ciphertext copied onto another row or into another workspace', async () => {
    const otherAdmin = (await addUser(h, 'admin', { workspace: 'other' })).token;
    const create = (ws: string, path: string, value: string, token?: string) =>
      api(h, `${ws}/variables/create`, { json: { path, value, is_secret: true }, token });
    assert.equal((await create('main', 'f/copy/one', 'the-first-secret')).status, 201);
    assert.equal((await create('main', 'f/copy/two', 'the-second-secret')).status, 201);
    assert.equal((await create('other', 'f/copy/one', 'other-secret', otherAdmin)).status, 201);
    await db.query(
      `UPDATE variable SET secret = (SELECT secret FROM variable WHERE workspace_id = 'main' AND path = 'f/copy/one')
       WHERE (workspace_id = 'main' AND path = 'f/copy/two') OR (workspace_id = 'other' AND path = 'f/copy/one')`,
    );
    for (const [ws, token, path] of [
      ['main', TOKEN, 'f/copy/two'],
      ['other', otherAdmin, 'f/copy/one'],
    ] as const) {
      const res = await reveal(h, ws, path, token);
      assert.equal(res.status, 500);
      const body = await res.text();
      assert.match(body, new RegExp(`the secret \\\\"${path}\\\\" of workspace \\\\"${ws}\\\\" cannot be decrypted`));
      assert.doesNotMatch(body, /the-first-secret/);
    }
    assert.equal(await json(reveal(h, 'main', 'f/copy/one')), 'the-first-secret');
  });

  it('rotates the master key: every data key is re-wrapped in one go, no ciphertext changes, every secret reads', async () => {
    const otherAdmin = (await addUser(h, 'admin', { workspace: 'rot' })).token;
    assert.equal(
      (await api(h, 'main/variables/create', { json: { path: 'f/rot/a', value: 'rot-main', is_secret: true } })).status,
      201,
    );
    const created = await api(h, 'rot/variables/create', {
      json: { path: 'f/rot/a', value: 'rot-other', is_secret: true },
      token: otherAdmin,
    });
    assert.equal(created.status, 201);
    const keysBefore = await rows(db, 'SELECT workspace_id, master_key_id, wrapped FROM workspace_key ORDER BY 1');
    const secretsBefore = await rows(
      db,
      'SELECT workspace_id, path, secret FROM variable WHERE is_secret ORDER BY 1, 2',
    );
    const oldId = parseMasterKey(OLD_KEY, 'test').id;
    const newId = parseMasterKey(NEW_KEY, 'test').id;
    assert.ok(keysBefore.length >= 3 && keysBefore.every((k) => k.master_key_id === oldId));

    // The new key alone cannot unwrap what the old one wrapped, and says so.
    let server = await serverWith({ RUNNEL_MASTER_KEY: NEW_KEY });
    const refused = await reveal(server, 'main', 'f/rot/a');
    assert.equal(refused.status, 503);
    assert.match(
      (await json(refused)).error.message,
      new RegExp(`wrapped by master key ${oldId}.*RUNNEL_MASTER_KEY_PREVIOUS`),
    );

    // During the rotation both keys are accepted; an admin re-wraps.
    server = await serverWith({ RUNNEL_MASTER_KEY: NEW_KEY, RUNNEL_MASTER_KEY_PREVIOUS: OLD_KEY });
    assert.equal(await json(reveal(server, 'main', 'f/rot/a')), 'rot-main');
    const developer = (await addUser(h, 'developer', { workspace: 'dev-only' })).token;
    const notAdmin = await fetch(`${server.url}/api/secrets/rewrap`, {
      method: 'POST',
      headers: { authorization: `Bearer ${developer}` },
    });
    assert.equal(notAdmin.status, 403);
    const rewrap = await fetch(`${server.url}/api/secrets/rewrap`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    assert.equal(rewrap.status, 200);
    assert.deepEqual(await rewrap.json(), {
      rewrapped: keysBefore.length,
      total: keysBefore.length,
      master_key_id: newId,
    });

    const keysAfter = await rows(db, 'SELECT workspace_id, master_key_id, wrapped FROM workspace_key ORDER BY 1');
    assert.deepEqual(
      keysAfter.map((k) => k.workspace_id),
      keysBefore.map((k) => k.workspace_id),
    );
    for (const [i, key] of keysAfter.entries()) {
      assert.equal(key.master_key_id, newId);
      assert.ok(!key.wrapped.equals(keysBefore[i]!.wrapped), `${key.workspace_id}'s wrapped key changed`);
    }
    assert.deepEqual(
      await rows(db, 'SELECT workspace_id, path, secret FROM variable WHERE is_secret ORDER BY 1, 2'),
      secretsBefore,
    );

    // The new key alone now reads every secret; the old one no longer does.
    server = await serverWith({ RUNNEL_MASTER_KEY: NEW_KEY });
    assert.equal(await json(reveal(server, 'main', 'f/rot/a')), 'rot-main');
    assert.equal(await json(reveal(server, 'rot', 'f/rot/a', otherAdmin)), 'rot-other');
    assert.equal(await json(reveal(server, 'main', 'f/dump/a2')), 'first-plaintext-c0ffee');
    server = await serverWith({ RUNNEL_MASTER_KEY: OLD_KEY });
    assert.equal((await reveal(server, 'main', 'f/rot/a')).status, 503);

    // Again with the command, no server needed: the third key takes over from the second.
    const third = randomBytes(32).toString('base64');
    const command = (env: Record<string, string>) =>
      spawnSync(process.execPath, [REWRAP_MAIN], {
        env: { PATH: process.env.PATH, DATABASE_URL: h.databaseUrl, ...env },
      });
    const noKey = command({});
    assert.equal(noKey.status, 1);
    assert.match(noKey.stderr.toString(), /no RUNNEL_MASTER_KEY/);
    const ran = command({ RUNNEL_MASTER_KEY: third, RUNNEL_MASTER_KEY_PREVIOUS: `${OLD_KEY},${NEW_KEY}` });
    assert.equal(ran.status, 0, ran.stderr.toString());
    assert.match(
      ran.stdout.toString(),
      new RegExp(`re-wrapped ${keysBefore.length} of ${keysBefore.length} workspace data keys`),
    );
    assert.deepEqual(
      await rows(db, 'SELECT workspace_id, path, secret FROM variable WHERE is_secret ORDER BY 1, 2'),
      secretsBefore,
    );
    server = await serverWith({ RUNNEL_MASTER_KEY: third });
    assert.equal(await json(reveal(server, 'rot', 'f/rot/a', otherAdmin)), 'rot-other');
  });

  it('without RUNNEL_MASTER_KEY keeps plain variables working and refuses secrets with a 503 naming the setting', async () => {
    const server = await serverWith({});
    const plain = await api(server, 'main/variables/create', {
      json: { path: 'f/nokey/p', value: 'x', is_secret: false },
    });
    assert.equal(plain.status, 201);
    for (const res of [
      await api(server, 'main/variables/create', { json: { path: 'f/nokey/s', value: 'x', is_secret: true } }),
      await api(server, 'main/variables/update/f/nokey/p', { json: { is_secret: true } }),
      await reveal(server, 'main', 'f/rot/a'),
    ]) {
      assert.equal(res.status, 503);
      assert.match((await json(res)).error.message, /no RUNNEL_MASTER_KEY/);
    }
    assert.equal(await json(api(server, 'main/variables/get_value/f/nokey/p')), 'x');
    assert.throws(
      () => loadServerConfig({ DATABASE_URL: 'postgres://x', RUNNEL_MASTER_KEY: 'short' }),
      /RUNNEL_MASTER_KEY must be 32/,
    );
  });
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const rows = async (db: pg.Client, sql: string): Promise<any[]> => (await db.query(sql)).rows;
