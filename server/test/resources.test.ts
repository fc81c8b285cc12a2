import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { TOKEN, addUser, json, startHarness, type Harness } from './harness.js';
import { graphql } from './variables-helpers.js';

/** Resource types and resources through REST and GraphQL: CRUD, validation, roles, audit, isolation. */
describe('resources', () => {
  let h: Harness;
  let db: pg.Client;
  let viewer: string;
  let developer: string;
  let otherAdmin: string;
  const post = (path: string, body: unknown, token: string = TOKEN) =>
    h.api(`/api/w/main/resources/${path}`, { method: 'POST', json: body, token });
  const get = (path: string, token: string = TOKEN) => h.api(`/api/w/main/resources/${path}`, { token });
  const del = (path: string, token: string = TOKEN) =>
    h.api(`/api/w/main/resources/${path}`, { method: 'DELETE', token });
  const errorOf = async (res: Response) => (await json(res)).error;

  before(async () => {
    h = await startHarness({ RUNNEL_MASTER_KEY: randomBytes(32).toString('base64') });
    db = new pg.Client({ connectionString: h.databaseUrl });
    await db.connect();
    viewer = (await addUser(h, 'viewer')).token;
    developer = (await addUser(h, 'developer')).token;
    otherAdmin = (await addUser(h, 'admin', { workspace: 'other' })).token;
    const variable = await h.api('/api/w/main/variables/create', {
      method: 'POST',
      json: { path: 'f/db/user', value: 'app', is_secret: false },
    });
    assert.equal(variable.status, 201);
  });
  after(async () => {
    await db.end();
    await h.close();
  });

  it('lists the built-in types with Windmill field names, secret fields marked, read-only', async () => {
    const types = await json(get('type/list', viewer));
    const names = types.map((t: { name: string }) => t.name);
    for (const name of ['postgresql', 'mysql', 'http', 'smtp', 's3', 'slack', 'github', 'openai']) {
      assert.ok(names.includes(name), `${name} is built in`);
    }
    const pgType = await json(get('type/get/postgresql'));
    assert.equal(pgType.builtin, true);
    assert.equal(pgType.workspace_id, null);
    assert.deepEqual(Object.keys(pgType.schema.properties).sort(), [
      'dbname',
      'host',
      'password',
      'port',
      'root_certificate_pem',
      'sslmode',
      'user',
    ]);
    assert.equal(pgType.schema.properties.password.format, 'password');
    assert.equal(await json(get('type/exists/postgresql')), true);
    assert.equal(await json(get('type/exists/nothing_here')), false);
    assert.equal((await post('type/update/postgresql', { description: 'mine' })).status, 403);
    const deleted = await del('type/delete/github');
    assert.equal(deleted.status, 403);
    assert.match((await errorOf(deleted)).message, /built-in resource type/);
  });

  it('creates, edits and deletes a custom type; refuses a bad schema with a 400 naming the problem', async () => {
    const schema = {
      type: 'object',
      required: ['url'],
      properties: { url: { type: 'string', format: 'uri' }, api_key: { type: 'string', format: 'password' } },
    };
    const created = await post('type/create', { name: 'weather_api', schema, description: 'A weather API' });
    assert.equal(created.status, 201, await created.clone().text());
    assert.equal(await created.text(), 'weather_api');
    const type = await json(get('type/get/weather_api'));
    assert.deepEqual(
      { builtin: type.builtin, workspace_id: type.workspace_id },
      { builtin: false, workspace_id: 'main' },
    );
    assert.equal((await post('type/create', { name: 'weather_api', schema })).status, 409);
    assert.equal((await post('type/create', { name: 'postgresql', schema })).status, 409);

    const badKeyword = await post('type/create', {
      name: 'broken',
      schema: { type: 'object', properties: { a: { type: 'strng' } } },
    });
    assert.equal(badKeyword.status, 400);
    assert.match((await errorOf(badKeyword)).message, /invalid JSON Schema: schema\.properties\.a\.type/);
    const notObject = await post('type/create', { name: 'broken', schema: { type: 'string' } });
    assert.equal(notObject.status, 400);
    assert.match((await errorOf(notObject)).message, /"type": "object"/);
    const badPattern = await post('type/create', {
      name: 'broken',
      schema: { type: 'object', properties: { a: { type: 'string', pattern: '(?<=x)y' } } },
    });
    assert.equal(badPattern.status, 400);
    assert.match((await errorOf(badPattern)).message, /pattern/);
    const badName = await post('type/create', { name: 'Has Spaces', schema });
    assert.equal(badName.status, 400);
    assert.match((await errorOf(badName)).message, /snake_case|lower-case/);
    const tooBig = await post('type/create', {
      name: 'huge',
      schema: { type: 'object', description: 'x'.repeat(70_000) },
    });
    assert.equal(tooBig.status, 413);
    assert.equal((await post('type/create', { name: 'viewer_type', schema }, viewer)).status, 403);

    const edited = await post('type/update/weather_api', {
      description: 'Weather',
      schema: { ...schema, required: [] },
    });
    assert.equal(edited.status, 200);
    assert.equal((await json(get('type/get/weather_api'))).description, 'Weather');
    assert.equal((await post('type/update/weather_api', { schema: { type: 'array' } })).status, 400);

    // In use, a type cannot go; unused, it can.
    assert.equal(
      (await post('create', { path: 'f/w/one', resource_type: 'weather_api', value: { url: 'https://w.example' } }))
        .status,
      201,
    );
    const inUse = await del('type/delete/weather_api');
    assert.equal(inUse.status, 409);
    assert.match((await errorOf(inUse)).message, /used by f\/w\/one/);
    assert.equal((await del('delete/f/w/one')).status, 200);
    assert.equal((await del('type/delete/weather_api')).status, 200);
    assert.equal((await get('type/get/weather_api')).status, 404);
    // Another workspace never sees a workspace's own types.
    await post('type/create', { name: 'private_type', schema });
    assert.equal((await h.api('/api/w/other/resources/type/get/private_type', { token: otherAdmin })).status, 404);
  });

  it('creates a postgresql resource: defaults filled, the password hidden, a $var: field kept as a reference', async () => {
    const created = await post('create', {
      path: 'f/db/main',
      resource_type: 'postgresql',
      description: 'the main database',
      value: { host: '127.0.0.1', user: '$var:f/db/user', dbname: 'postgres', password: 'pw-c0ffee' },
    });
    assert.equal(created.status, 201, await created.clone().text());
    const one = await json(get('get/f/db/main', viewer));
    assert.equal(one.resource_type, 'postgresql');
    assert.deepEqual(one.secret_fields, ['password']);
    assert.deepEqual(one.value, {
      host: '127.0.0.1',
      port: 5432,
      user: '$var:f/db/user',
      dbname: 'postgres',
      sslmode: 'prefer',
      password: null,
    });
    assert.deepEqual(await json(get('get_value/f/db/main', viewer)), one.value);
    assert.equal(await json(get('exists/f/db/main')), true);
    assert.equal(await json(get('exists/f/db/none')), false);

    await post('create', { path: 'f/chat/bot', resource_type: 'slack', value: { token: 'xoxb-1' } });
    const pgOnly = await json(get('list?resource_type=postgresql'));
    assert.deepEqual(
      pgOnly.map((r: { path: string }) => r.path),
      ['f/db/main'],
    );
    const both = await json(get('list?resource_type=postgresql,slack'));
    assert.ok(both.length >= 2 && both.every((r: { value: { token?: string } }) => r.value.token !== 'xoxb-1'));
    // The parameter repeated is the same list (the fuzz test once got a 500 for it).
    const repeated = await json(get('list?resource_type=postgresql&resource_type=slack'));
    assert.deepEqual(
      repeated.map((r: { path: string }) => r.path),
      both.map((r: { path: string }) => r.path),
    );
  });

  it('refuses a value that does not match its type with a 400 listing every failing field', async () => {
    const bad = await post('create', {
      path: 'f/db/bad',
      resource_type: 'postgresql',
      value: { port: 'five', sslmode: 'sometimes', user: '$var:f/db/nope' },
    });
    assert.equal(bad.status, 400);
    const error = await errorOf(bad);
    const fields = error.details.map((d: { field: string }) => d.field).sort();
    assert.deepEqual(fields, ['value.dbname', 'value.host', 'value.port', 'value.sslmode', 'value.user']);
    assert.match(error.message, /value\.user references variable "f\/db\/nope", which does not exist/);
    const unknownType = await post('create', { path: 'f/db/x', resource_type: 'oracle', value: {} });
    assert.equal(unknownType.status, 400);
    assert.match((await errorOf(unknownType)).message, /unknown resource type "oracle"/);
    const notObject = await post('create', { path: 'f/db/x', resource_type: 'slack', value: 'xoxb' });
    assert.equal(notObject.status, 400);
    const badPath = await post('create', { path: 'nowhere', resource_type: 'slack', value: { token: 't' } });
    assert.equal(badPath.status, 400);
    assert.match((await errorOf(badPath)).message, /invalid path "nowhere"/);
    assert.equal(
      (await post('create', { path: 'f/db/v', resource_type: 'slack', value: { token: 't' } }, viewer)).status,
      403,
    );
    assert.equal(
      (await post('create', { path: 'f/db/main', resource_type: 'slack', value: { token: 't' } })).status,
      409,
    );
  });

  it('updates: a value read and sent back keeps the password; renames; changes type only with a value', async () => {
    await post('create', {
      path: 'f/up/db',
      resource_type: 'postgresql',
      value: { host: 'h', user: 'u', dbname: 'd', password: 'keep-me' },
    });
    const read = (await json(get('get/f/up/db'))).value;
    const back = await post('update/f/up/db', { value: { ...read, host: 'h2' } }, developer);
    assert.equal(back.status, 200, await back.clone().text());
    const after = await json(get('get/f/up/db'));
    assert.equal(after.value.host, 'h2');
    assert.deepEqual(after.secret_fields, ['password']);
    const renamed = await post('update/f/up/db', { path: 'f/up/db2', description: 'moved' });
    assert.equal(renamed.status, 200);
    assert.equal((await get('get/f/up/db')).status, 404);
    assert.equal((await json(get('get/f/up/db2'))).description, 'moved');
    const typeOnly = await post('update/f/up/db2', { resource_type: 'slack' });
    assert.equal(typeOnly.status, 400);
    assert.match((await errorOf(typeOnly)).message, /needs its new value/);
    const badValue = await post('update/f/up/db2', { value: { ...read, port: -1 } });
    assert.equal(badValue.status, 400);
    assert.deepEqual(
      (await errorOf(badValue)).details.map((d: { field: string }) => d.field),
      ['value.port'],
    );
    await post('create', { path: 'f/up/taken', resource_type: 'slack', value: { token: 't' } });
    assert.equal((await post('update/f/up/db2', { path: 'f/up/taken' })).status, 409);
    assert.equal((await post('update/f/up/none', { description: 'x' })).status, 404);
    assert.equal((await del('delete/f/up/db2', viewer)).status, 403);
    assert.equal((await del('delete/f/up/db2')).status, 200);
    assert.equal((await del('delete/f/up/db2')).status, 404);
  });

  it('writes an audit entry for each create, update and delete of resources and types, with no secret in it', async () => {
    await post('create', { path: 'f/audit/gh', resource_type: 'github', value: { token: 'ghp-audit-secret' } });
    await post('update/f/audit/gh', { value: { token: 'ghp-audit-secret-2' } });
    await del('delete/f/audit/gh');
    const { rows } = await db.query(
      "SELECT action, details::text FROM audit_log WHERE path = 'f/audit/gh' ORDER BY id",
    );
    assert.deepEqual(
      rows.map((r) => r.action),
      ['resources.create', 'resources.update', 'resources.delete'],
    );
    assert.ok(rows.every((r) => !String(r.details).includes('ghp-audit')));

    const schema = { type: 'object', properties: { url: { type: 'string' } } };
    await post('type/create', { name: 'audited_type', schema });
    await post('type/update/audited_type', { description: 'changed' });
    await del('type/delete/audited_type');
    const types = await db.query(
      "SELECT action, username, workspace_id FROM audit_log WHERE path = 'audited_type' ORDER BY id",
    );
    assert.deepEqual(
      types.rows.map((r) => [r.action, r.workspace_id]),
      [
        ['resource_types.create', 'main'],
        ['resource_types.update', 'main'],
        ['resource_types.delete', 'main'],
      ],
    );
    assert.ok(types.rows.every((r) => r.username === 'admin'));
  });

  it('keeps each workspace to itself', async () => {
    assert.equal((await h.api('/api/w/other/resources/get/f/db/main', { token: otherAdmin })).status, 404);
    assert.deepEqual(await json(h.api('/api/w/other/resources/list', { token: otherAdmin })), []);
    assert.equal((await h.api('/api/w/main/resources/list', { token: otherAdmin })).status, 403);
    const gql = await graphql(h, otherAdmin, '{ resource(workspace: "main", path: "f/db/main") { path } }');
    assert.ok(gql.errors?.length, 'a member of another workspace gets an error');
  });

  it('works over GraphQL with the same checks, and never answers a secret field', async () => {
    const created = await graphql(
      h,
      TOKEN,
      `
        mutation {
          createResource(
            workspace: "main"
            input: {
              path: "f/gql/ai"
              resourceType: "openai"
              value: { api_key: "sk-gql-secret", organization_id: "org-1" }
            }
          ) {
            path
            value
            secretFields
          }
        }
      `,
    );
    assert.deepEqual(created.data.createResource, {
      path: 'f/gql/ai',
      value: { api_key: null, organization_id: 'org-1' },
      secretFields: ['api_key'],
    });
    const bad = await graphql(
      h,
      TOKEN,
      'mutation { createResource(workspace: "main", input: {path: "f/gql/x", resourceType: "openai", value: {}}) { path } }',
    );
    assert.match(bad.errors[0].message, /value\.api_key is required/);
    const listed = await graphql(
      h,
      viewer,
      '{ resources(workspace: "main", resourceTypes: ["openai"]) { path value } }',
    );
    assert.deepEqual(listed.data.resources, [{ path: 'f/gql/ai', value: { api_key: null, organization_id: 'org-1' } }]);
    const types = await graphql(h, viewer, '{ resourceTypes(workspace: "main") { name builtin } }');
    assert.ok(
      types.data.resourceTypes.some((t: { name: string; builtin: boolean }) => t.name === 'slack' && t.builtin),
    );
    const custom = await graphql(
      h,
      TOKEN,
      'mutation { createResourceType(workspace: "main", input: {name: "gql_type", schema: {type: "object"}}) { name builtin } }',
    );
    assert.deepEqual(custom.data.createResourceType, { name: 'gql_type', builtin: false });
    const updated = await graphql(
      h,
      TOKEN,
      'mutation { updateResource(workspace: "main", path: "f/gql/ai", input: {description: "d"}) { description secretFields } }',
    );
    assert.deepEqual(updated.data.updateResource, { description: 'd', secretFields: ['api_key'] });
    const deleted = await graphql(h, TOKEN, 'mutation { deleteResource(workspace: "main", path: "f/gql/ai") }');
    assert.equal(deleted.data.deleteResource, true);
    const gone = await graphql(h, TOKEN, 'mutation { deleteResourceType(workspace: "main", name: "gql_type") }');
    assert.equal(gone.data.deleteResourceType, true);
  });
});
