import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { TOKEN, addUser, json, startHarness, type Harness } from './harness.js';
import { graphql } from './variables-helpers.js';

/** Variables through REST and GraphQL: CRUD, roles, the audit of every change and reveal, bad input, isolation. */
describe('variables', () => {
  let h: Harness;
  let db: pg.Client;
  let viewer: string;
  let developer: string;
  let otherAdmin: string;
  const post = (path: string, body: unknown, token: string = TOKEN) =>
    h.api(`/api/w/main/variables/${path}`, { method: 'POST', json: body, token });
  const get = (path: string, token: string = TOKEN) => h.api(`/api/w/main/variables/${path}`, { token });

  before(async () => {
    h = await startHarness({ RUNNEL_MASTER_KEY: randomBytes(32).toString('base64') });
    db = new pg.Client({ connectionString: h.databaseUrl });
    await db.connect();
    viewer = (await addUser(h, 'viewer')).token;
    developer = (await addUser(h, 'developer')).token;
    otherAdmin = (await addUser(h, 'admin', { workspace: 'other' })).token;
  });
  after(async () => {
    await db.end();
    await h.close();
  });

  it('creates, reads, lists, renames and deletes a plain variable in Windmill shapes', async () => {
    const created = await post('create', {
      path: 'f/cfg/region',
      value: 'eu-west',
      is_secret: false,
      description: 'd',
    });
    assert.equal(created.status, 201);
    assert.equal(await created.text(), 'f/cfg/region');
    const one = await json(get('get/f/cfg/region'));
    assert.deepEqual(
      { path: one.path, value: one.value, is_secret: one.is_secret, description: one.description },
      { path: 'f/cfg/region', value: 'eu-west', is_secret: false, description: 'd' },
    );
    assert.equal(await json(get('get_value/f/cfg/region', viewer)), 'eu-west');
    assert.equal(await json(get('exists/f/cfg/region')), true);
    assert.ok((await json(get('list'))).some((v: { path: string }) => v.path === 'f/cfg/region'));

    const updated = await post('update/f/cfg/region', { value: 'us-east', path: 'f/cfg/zone', description: 'e' });
    assert.equal(updated.status, 200, await updated.text());
    assert.equal(await json(get('exists/f/cfg/region')), false);
    assert.equal(await json(get('get_value/f/cfg/zone')), 'us-east');
    assert.equal((await json(get('get/f/cfg/zone'))).description, 'e');

    assert.equal((await h.api('/api/w/main/variables/delete/f/cfg/zone', { method: 'DELETE' })).status, 200);
    assert.equal((await get('get/f/cfg/zone')).status, 404);
    assert.equal((await h.api('/api/w/main/variables/delete/f/cfg/zone', { method: 'DELETE' })).status, 404);
  });

  it('never returns a secret by get, list or get_value; an admin reveals it and the reveal is audited', async () => {
    assert.equal(
      (await post('create', { path: 'f/cfg/db_password', value: 'pa55-w0rd', is_secret: true })).status,
      201,
    );
    const one = await json(get('get/f/cfg/db_password'));
    assert.equal(one.is_secret, true);
    assert.equal(one.value, null);
    const listed = (await json(get('list'))).find((v: { path: string }) => v.path === 'f/cfg/db_password');
    assert.equal(listed.value, null);

    const value = await get('get_value/f/cfg/db_password');
    assert.equal(value.status, 403);
    assert.match((await json(value)).error.message, /is a secret.*reveal/);

    for (const token of [viewer, developer]) {
      const refused = await post('reveal/f/cfg/db_password', undefined, token);
      assert.equal(refused.status, 403);
      assert.match((await json(refused)).error.message, /needs the admin role/);
    }
    const revealed = await post('reveal/f/cfg/db_password', undefined);
    assert.equal(revealed.status, 200);
    assert.equal(await json(revealed), 'pa55-w0rd');

    const { rows } = await db.query(
      `SELECT action, username, from_address, details::text AS details FROM audit_log
       WHERE workspace_id = 'main' AND path = 'f/cfg/db_password' ORDER BY id`,
    );
    assert.deepEqual(
      rows.map((r) => r.action),
      ['variables.create', 'variables.reveal'],
    );
    for (const row of rows) {
      assert.equal(row.username, 'admin');
      assert.match(row.from_address, /127\.0\.0\.1/);
      assert.doesNotMatch(row.details, /pa55-w0rd/);
    }
  });

  it('lets viewers read plain values only, developers write, and audits create, update and delete', async () => {
    // f/x, not u/x: a u/<user>/ path is its user's alone (ADR 0040), and no user here is called x.
    assert.equal((await post('create', { path: 'f/x/v', value: '1', is_secret: false }, viewer)).status, 403);
    assert.equal((await post('create', { path: 'f/x/v', value: '1', is_secret: false }, developer)).status, 201);
    assert.equal((await post('update/f/x/v', { value: '2' }, viewer)).status, 403);
    assert.equal((await post('update/f/x/v', { value: '2' }, developer)).status, 200);
    const deleted = await h.api('/api/w/main/variables/delete/f/x/v', { method: 'DELETE', token: developer });
    assert.equal(deleted.status, 200);
    const { rows } = await db.query(
      "SELECT action, details FROM audit_log WHERE workspace_id = 'main' AND path = 'f/x/v' ORDER BY id",
    );
    assert.deepEqual(
      rows.map((r) => [r.action, r.details]),
      [
        ['variables.create', { is_secret: false }],
        ['variables.update', { changed: ['value'], is_secret: false }],
        ['variables.delete', {}],
      ],
    );
  });

  it('keeps a secret secret through updates: a rename seals it for its new path, and it turns plain only with a new value', async () => {
    assert.equal((await post('create', { path: 'f/s/token', value: 'tok-1', is_secret: true })).status, 201);
    assert.equal((await post('update/f/s/token', { description: 'the API token' })).status, 200);
    assert.equal((await post('update/f/s/token', { path: 'f/s/api_token' })).status, 200);
    assert.equal(await json(post('reveal/f/s/api_token', undefined)), 'tok-1');
    const plain = await post('update/f/s/api_token', { is_secret: false });
    assert.equal(plain.status, 400);
    assert.match((await json(plain)).error.message, /give its new value/);
    assert.equal((await post('update/f/s/api_token', { is_secret: false, value: 'public' })).status, 200);
    assert.equal(await json(get('get_value/f/s/api_token', viewer)), 'public');
    assert.equal((await post('update/f/s/api_token', { is_secret: true })).status, 200);
    assert.equal((await get('get_value/f/s/api_token')).status, 403);
    assert.equal(await json(post('reveal/f/s/api_token', undefined)), 'public');
  });

  it('answers bad input with a 4xx that says what to fix', async () => {
    const cases: [unknown, number, RegExp][] = [
      [{ path: 'nope', value: 'x', is_secret: false }, 400, /invalid path "nope"/],
      [{ path: 'f/a/../b', value: 'x', is_secret: false }, 400, /invalid path/],
      [{ path: 'f/a/b', value: { deep: [] }, is_secret: false }, 400, /value must be string/],
      [{ path: 'f/a/b', value: 'x' }, 400, /is_secret/],
      [{ path: 'f/a/b', value: 'x', is_secret: false, extra: 1 }, 400, /extra/],
      [{ path: 'f/a/b', value: 'x'.repeat(65_537), is_secret: true }, 400, /value must NOT have more than 65536/],
      [{ path: 'f/a/b', value: 'é'.repeat(40_000), is_secret: false }, 413, /80000 bytes.*at most 65536/],
    ];
    for (const [body, status, message] of cases) {
      const res = await post('create', body);
      assert.equal(res.status, status, JSON.stringify(body).slice(0, 80));
      assert.match((await json(res)).error.message, message);
    }
    assert.equal((await post('create', { path: 'f/a/dup', value: 'x', is_secret: false })).status, 201);
    const dup = await post('create', { path: 'f/a/dup', value: 'y', is_secret: true });
    assert.equal(dup.status, 409);
    assert.equal((await post('create', { path: 'f/a/dup2', value: 'x', is_secret: false })).status, 201);
    assert.equal((await post('update/f/a/dup2', { path: 'f/a/dup' })).status, 409);
    assert.equal((await post('update/f/a/none', { value: 'x' })).status, 404);
    assert.equal((await post('update/f/a/dup', { path: 'bad' })).status, 400);
    assert.equal((await get('list?per_page=0')).status, 400);
    assert.equal((await post('reveal/f/a/dup', undefined)).status, 400);
  });

  it('shows workspace "other" nothing of main\'s variables, through REST and GraphQL', async () => {
    assert.equal((await post('create', { path: 'f/iso/key', value: 'main-only', is_secret: true })).status, 201);
    assert.equal((await post('create', { path: 'f/iso/plain', value: 'main-plain', is_secret: false })).status, 201);
    const other = (path: string, init: RequestInit & { json?: unknown } = {}) =>
      h.api(`/api/w/other/variables/${path}`, { ...init, token: otherAdmin });
    assert.deepEqual(await json(other('list')), []);
    assert.equal((await other('get/f/iso/plain')).status, 404);
    assert.equal((await other('get_value/f/iso/plain')).status, 404);
    assert.equal(await json(other('exists/f/iso/key')), false);
    assert.equal((await other('reveal/f/iso/key', { method: 'POST' })).status, 404);
    assert.equal((await other('update/f/iso/key', { method: 'POST', json: { value: 'x' } })).status, 404);
    assert.equal((await other('delete/f/iso/key', { method: 'DELETE' })).status, 404);
    // main's routes refuse other's admin outright.
    assert.equal((await get('get_value/f/iso/plain', otherAdmin)).status, 403);
    assert.equal((await post('reveal/f/iso/key', undefined, otherAdmin)).status, 403);
    const gql = await graphql(h, otherAdmin, '{ variables(workspace: "main") { path value } }');
    assert.match(gql.errors[0].message, /not a member of workspace "main"/);
    // The same path in other is its own variable, sealed under other's own data key.
    assert.equal(
      (await other('create', { method: 'POST', json: { path: 'f/iso/key', value: 'v', is_secret: true } })).status,
      201,
    );
    assert.equal(await json(other('reveal/f/iso/key', { method: 'POST' })), 'v');
    assert.equal(await json(post('reveal/f/iso/key', undefined)), 'main-only');
    const { rows } = await db.query('SELECT workspace_id FROM workspace_key ORDER BY workspace_id');
    assert.deepEqual(
      rows.map((r) => r.workspace_id),
      ['main', 'other'],
    );
  });

  it("serves the same through GraphQL, never with a secret's value", async () => {
    const created = await graphql(
      h,
      TOKEN,
      `
        mutation {
          createVariable(
            workspace: "main"
            input: { path: "f/gql/s", value: "gql-secret-value", isSecret: true, description: "g" }
          ) {
            path
            value
            isSecret
            description
            createdBy
          }
        }
      `,
    );
    assert.deepEqual(created.data.createVariable, {
      path: 'f/gql/s',
      value: null,
      isSecret: true,
      description: 'g',
      createdBy: 'admin',
    });
    const plain = await graphql(
      h,
      developer,
      `
        mutation {
          createVariable(workspace: "main", input: { path: "f/gql/p", value: "visible", isSecret: false }) {
            value
          }
        }
      `,
    );
    assert.equal(plain.data.createVariable.value, 'visible');
    const listed = await graphql(h, viewer, '{ variables(workspace: "main") { path value isSecret } }');
    const byPath = Object.fromEntries(listed.data.variables.map((v: { path: string }) => [v.path, v]));
    assert.deepEqual(byPath['f/gql/s'], { path: 'f/gql/s', value: null, isSecret: true });
    assert.equal(byPath['f/gql/p'].value, 'visible');

    const renamed = await graphql(
      h,
      TOKEN,
      `
        mutation {
          updateVariable(workspace: "main", path: "f/gql/s", input: { path: "f/gql/s2" }) {
            path
            value
          }
        }
      `,
    );
    assert.deepEqual(renamed.data.updateVariable, { path: 'f/gql/s2', value: null });
    assert.equal(await json(post('reveal/f/gql/s2', undefined)), 'gql-secret-value');
    const refused = await graphql(h, viewer, 'mutation { deleteVariable(workspace: "main", path: "f/gql/p") }');
    assert.match(refused.errors[0].message, /needs the developer role/);
    const bad = await graphql(
      h,
      TOKEN,
      'mutation { createVariable(workspace: "main", input: {path: "bad", value: "x", isSecret: false}) { path } }',
    );
    assert.match(bad.errors[0].message, /invalid path "bad"/);
    assert.equal(
      (await graphql(h, TOKEN, 'mutation { deleteVariable(workspace: "main", path: "f/gql/p") }')).data.deleteVariable,
      true,
    );
    const gone = await graphql(h, TOKEN, '{ variable(workspace: "main", path: "f/gql/p") { path } }');
    assert.match(gone.errors[0].message, /not found/);
    const audited = await db.query("SELECT action, from_address FROM audit_log WHERE path LIKE 'f/gql/%' ORDER BY id");
    assert.deepEqual(
      audited.rows.map((r) => r.action),
      ['variables.create', 'variables.create', 'variables.update', 'variables.reveal', 'variables.delete'],
    );
    assert.ok(audited.rows.every((r) => /127\.0\.0\.1/.test(r.from_address)));
  });
});
