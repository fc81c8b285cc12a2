import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { ResourceResolver } from '../src/resources/resolve-resource.js';
import { TOKEN, addUser, json, startHarness, type Harness } from './harness.js';
import { dumpDatabase, graphql } from './variables-helpers.js';

/**
 * Where a resource's secret fields are (docs/adr/0038-resources.md): sealed in `resource_secret`,
 * never in a row in the clear, opened for an admin's audited reveal and for a job's resolve, bound
 * to their workspace, path and field.
 */
describe('resource secrets', () => {
  let h: Harness;
  let db: pg.Client;
  let admin: { id: string; token: string };
  let developer: { id: string; token: string };
  const post = (path: string, body: unknown, token: string = TOKEN) =>
    h.api(`/api/w/main/resources/${path}`, { method: 'POST', json: body, token });
  const reveal = (path: string, token: string = TOKEN) =>
    h.api(`/api/w/main/resources/reveal/${path}`, { method: 'POST', token });
  const resolver = () => h.server.app.get(ResourceResolver);

  before(async () => {
    h = await startHarness({ RUNNEL_MASTER_KEY: randomBytes(32).toString('base64') });
    db = new pg.Client({ connectionString: h.databaseUrl });
    await db.connect();
    admin = await addUser(h, 'admin');
    developer = await addUser(h, 'developer');
  });
  after(async () => {
    await db.end();
    await h.close();
  });

  it('leaves no secret field in plaintext in any row, however the resource was written', async () => {
    const plaintexts = ['pg-pass-0d15ea5e', 's3-secret-feed', 'gql-token-cafe', 'updated-pass-b0ba'];
    assert.equal(
      (
        await post('create', {
          path: 'f/dump/db',
          resource_type: 'postgresql',
          description: 'dump me',
          value: { host: 'h', user: 'u', dbname: 'd', password: plaintexts[0] },
        })
      ).status,
      201,
    );
    assert.equal(
      (
        await post('create', {
          path: 'f/dump/bucket',
          resource_type: 's3',
          value: { bucket: 'b', region: 'r', accessKey: 'AKIA', secretKey: plaintexts[1] },
        })
      ).status,
      201,
    );
    const gql = await graphql(
      h,
      TOKEN,
      `mutation { createResource(workspace: "main", input: {path: "f/dump/gh", resourceType: "github",
         value: {token: "${plaintexts[2]}"}}) { path } }`,
    );
    assert.equal(gql.data.createResource.path, 'f/dump/gh');
    assert.equal(
      (await post('update/f/dump/db', { value: { host: 'h', user: 'u', dbname: 'd', password: plaintexts[3] } }))
        .status,
      200,
    );
    assert.equal((await post('update/f/dump/bucket', { path: 'f/dump/bucket2' })).status, 200);

    const dump = await dumpDatabase(db);
    assert.ok(dump.includes('dump me') && dump.includes('AKIA'), 'the dump reads the resource rows');
    for (const secret of plaintexts) {
      for (const form of [secret, Buffer.from(secret).toString('hex'), Buffer.from(secret).toString('base64')]) {
        assert.ok(!dump.includes(form), `"${secret}" is in the database (as ${form})`);
      }
    }
    // Renamed, the secret still opens: it was sealed again for its new path.
    assert.equal((await json(reveal('f/dump/bucket2'))).secretKey, plaintexts[1]);
    assert.equal((await json(reveal('f/dump/db'))).password, plaintexts[3]);
  });

  it('reveals secret fields to an admin only, and audits it', async () => {
    await post('create', { path: 'f/rev/bot', resource_type: 'slack', value: { token: 'xoxb-reveal' } });
    assert.equal((await reveal('f/rev/bot', developer.token)).status, 403);
    assert.deepEqual(await json(reveal('f/rev/bot', admin.token)), { token: 'xoxb-reveal' });
    const { rows } = await db.query(
      "SELECT username, from_address FROM audit_log WHERE action = 'resources.reveal' AND path = 'f/rev/bot'",
    );
    assert.equal(rows.length, 1);
    assert.equal(rows[0].username, `u${admin.id}`);
    assert.ok(rows[0].from_address);
    await post('create', { path: 'f/rev/plain', resource_type: 'http', value: { base_url: 'https://x.example' } });
    const nothing = await reveal('f/rev/plain');
    assert.equal(nothing.status, 400);
    assert.match((await json(nothing)).error.message, /no secret field/);
    assert.equal((await reveal('f/rev/none')).status, 404);
  });

  it('resolves a resource for a job: $var: fields replaced, secret fields opened, every secret listed for masking', async () => {
    const variables = [
      { path: 'f/res/host', value: '127.0.0.1', is_secret: false },
      { path: 'f/res/pass', value: 'var-secret-pass', is_secret: true },
    ];
    for (const v of variables) {
      assert.equal((await h.api('/api/w/main/variables/create', { method: 'POST', json: v })).status, 201);
    }
    await post('create', {
      path: 'f/res/db',
      resource_type: 'postgresql',
      value: { host: '$var:f/res/host', user: 'postgres', dbname: 'postgres', password: '$var:f/res/pass' },
    });
    await post('create', {
      path: 'f/res/api',
      resource_type: 'http',
      value: { base_url: 'https://api.example', headers: { 'x-host': '$var:f/res/host' }, bearer: 'bearer-secret' },
    });
    const db1 = await resolver().resolve('main', 'f/res/db', developer.id);
    assert.deepEqual(db1, {
      value: {
        host: '127.0.0.1',
        port: 5432,
        user: 'postgres',
        dbname: 'postgres',
        sslmode: 'prefer',
        password: 'var-secret-pass',
      },
      secrets: ['var-secret-pass'],
    });
    const api = await resolver().resolve('main', 'f/res/api', developer.id);
    assert.deepEqual(api.value, {
      base_url: 'https://api.example',
      headers: { 'x-host': '127.0.0.1' },
      bearer: 'bearer-secret',
    });
    assert.deepEqual(api.secrets, ['bearer-secret']);

    await assert.rejects(resolver().resolve('main', 'f/res/none', developer.id), /resource "f\/res\/none" not found/);
    const outsider = await addUser(h, 'admin', { workspace: 'elsewhere' });
    await assert.rejects(resolver().resolve('main', 'f/res/db', outsider.id), /not a member of workspace "main"/);
    await h.api('/api/w/main/variables/delete/f/res/host', { method: 'DELETE' });
    await assert.rejects(
      resolver().resolve('main', 'f/res/api', developer.id),
      /references variable "f\/res\/host", which does not exist/,
    );
  });

  it('refuses a sealed field copied onto another resource, field or workspace with a clear error', async () => {
    const otherAdmin = (await addUser(h, 'admin', { workspace: 'other' })).token;
    await post('create', { path: 'f/copy/a', resource_type: 'github', value: { token: 'the-first-token' } });
    await post('create', { path: 'f/copy/b', resource_type: 'github', value: { token: 'the-second-token' } });
    const other = await h.api('/api/w/other/resources/create', {
      method: 'POST',
      token: otherAdmin,
      json: { path: 'f/copy/a', resource_type: 'github', value: { token: 'other-token' } },
    });
    assert.equal(other.status, 201);
    await db.query(
      `UPDATE resource_secret SET sealed = (SELECT s.sealed FROM resource_secret s JOIN resource r ON r.id = s.resource_id
         WHERE r.workspace_id = 'main' AND r.path = 'f/copy/a')
       WHERE resource_id IN (SELECT id FROM resource WHERE (workspace_id = 'main' AND path = 'f/copy/b')
         OR (workspace_id = 'other' AND path = 'f/copy/a'))`,
    );
    const copied = await reveal('f/copy/b');
    assert.equal(copied.status, 500);
    const body = await copied.text();
    assert.match(
      body,
      /the secret field \\"token\\" of resource \\"f\/copy\/b\\" of workspace \\"main\\" cannot be decrypted/,
    );
    assert.doesNotMatch(body, /the-first-token/);
    const elsewhere = await h.api('/api/w/other/resources/reveal/f/copy/a', { method: 'POST', token: otherAdmin });
    assert.equal(elsewhere.status, 500);
    assert.deepEqual(await json(reveal('f/copy/a')), { token: 'the-first-token' });
  });

  it('without RUNNEL_MASTER_KEY keeps resources without secrets working and refuses secret fields with a 503', async () => {
    await h.restartServer({});
    try {
      const api = (path: string, body?: unknown) =>
        h.api(`/api/w/main/resources/${path}`, { method: body === undefined ? 'GET' : 'POST', json: body });
      const plain = await api('create', {
        path: 'f/nokey/api',
        resource_type: 'http',
        value: { base_url: 'https://a.example' },
      });
      assert.equal(plain.status, 201);
      const secret = await api('create', { path: 'f/nokey/gh', resource_type: 'github', value: { token: 't' } });
      assert.equal(secret.status, 503);
      assert.match((await json(secret)).error.message, /no RUNNEL_MASTER_KEY/);
      // Reading never needs the key: secret fields are answered as null anyway.
      assert.equal((await json(api('get/f/dump/db'))).value.password, null);
      // A change to a description leaves sealed fields as they are, without the key.
      assert.equal((await api('update/f/dump/db', { description: 'no key needed' })).status, 200);
      assert.equal((await api('update/f/dump/db', { path: 'f/dump/moved' })).status, 503);
    } finally {
      await h.restartServer();
    }
  });
});
