import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { AuditRetention } from '../src/audit/audit-retention.js';
import { requestFrom } from './admin-helpers.js';
import { TOKEN, addUser, json, startHarness, until, type Harness } from './harness.js';
import { graphql } from './variables-helpers.js';

interface Entry {
  workspace_id: string | null;
  username: string;
  action: string;
  path: string | null;
  from_address: string | null;
  details: Record<string, unknown>;
}

/**
 * The audit log (docs/adr/0039-users-workspaces-audit.md): an entry for each kind of action, with
 * who and from where; the query's filters; instance-level entries; retention; isolation.
 */
describe('audit log', () => {
  let h: Harness;
  let ws: string;
  before(async () => {
    h = await startHarness({
      RUNNEL_MASTER_KEY: randomBytes(32).toString('base64'),
      RUNNEL_AUDIT_RETENTION_DAYS: '30',
    });
    ws = `audit-${randomBytes(3).toString('hex')}`;
    const created = await h.api('/api/workspaces/create', { method: 'POST', json: { id: ws, name: 'Audit' } });
    assert.equal(created.status, 201);
  });
  after(async () => h?.close());

  const from = '127.0.0.23';
  /** A call of the bootstrap admin from `from`; fails the test on anything but 2xx. */
  async function call(method: string, path: string, body?: unknown) {
    const answer = await requestFrom(h, from, method, path, body, TOKEN);
    assert.ok(answer.status < 300, `${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  }
  const list = async (query: string, token = TOKEN): Promise<Entry[]> =>
    json(h.api(`/api/w/${ws}/audit/list?${query}`, { token }));
  const instance = async (query: string): Promise<Entry[]> => json(h.api(`/api/audit/list?${query}`));

  it('records each kind of change and run with who, what and from where', async () => {
    const w = `/api/w/${ws}`;
    await call('POST', `${w}/scripts/create`, { path: 'f/audit/s', language: 'bash', content: 'echo "$1"' });
    await call('POST', `${w}/scripts/archive/p/f/audit/s`);
    await call('POST', `${w}/scripts/create`, { path: 'f/audit/s', language: 'bash', content: 'echo hi' });
    const flow = {
      path: 'f/audit/flow',
      summary: 'Audited',
      value: {
        modules: [{ id: 'a', value: { type: 'rawscript', language: 'bash', content: 'echo 1', input_transforms: {} } }],
      },
    };
    await call('POST', `${w}/flows/create`, flow);
    await call('POST', `${w}/flows/archive/f/audit/flow`);
    await call('POST', `${w}/schedules/create`, {
      path: 'f/audit/nightly',
      schedule: '0 3 * * *',
      timezone: 'UTC',
      script_path: 'f/audit/s',
      enabled: false,
    });
    await call('POST', `${w}/schedules/update/f/audit/nightly`, { schedule: '0 4 * * *' });
    await call('POST', `${w}/schedules/setenabled/f/audit/nightly`, { enabled: false });
    await call('DELETE', `${w}/schedules/delete/f/audit/nightly`);
    const hook = {
      route_path: 'audit/hook',
      http_method: 'post',
      script_path: 'f/audit/s',
      authentication_method: 'token',
    };
    await call('POST', `${w}/http_triggers/create`, { path: 'f/audit/hook', ...hook });
    await call('POST', `${w}/http_triggers/update/f/audit/hook`, { path: 'f/audit/hook2', ...hook });
    await call('DELETE', `${w}/http_triggers/delete/f/audit/hook2`);
    await call('POST', `${w}/nats_triggers/create`, {
      path: 'f/audit/events',
      subject: 'audit.>',
      script_path: 'f/audit/s',
    });
    await call('POST', `${w}/nats_triggers/update/f/audit/events`, { summary: 'events' });
    await call('DELETE', `${w}/nats_triggers/delete/f/audit/events`);
    await call('POST', `${w}/variables/create`, { path: 'f/audit/key', value: 'hush', is_secret: true });
    await call('POST', `${w}/variables/reveal/f/audit/key`);
    await call('POST', `${w}/jobs/run/p/f/audit/s`, {});
    await call('POST', `${w}/workspaces/change_workspace_name`, { new_name: 'Audit 2' });
    const name = `aud${randomBytes(3).toString('hex')}`;
    await call('POST', '/api/users/create', { email: `${name}@example.com`, username: name });
    await call('POST', `${w}/users/add`, { user: name, role: 'viewer' });
    await call('POST', `${w}/users/set_role/${name}`, { role: 'developer' });
    await call('DELETE', `${w}/users/delete/${name}`);
    await call('POST', `${w}/users/invite`, { email: `x${name}@example.com`, role: 'viewer' });
    const token = await call('POST', '/api/users/tokens/create', { label: 'audited', workspace_id: ws });
    const tokens = (await json(h.api('/api/users/tokens/list'))) as { id: string; label: string }[];
    await call('DELETE', `/api/users/tokens/delete/${tokens.find((t) => t.label === 'audited')!.id}`);
    assert.match(token, /^rn_/);

    const entries = await list('per_page=1000');
    const seen = entries.map((e) => `${e.action} ${e.path ?? ''}`).reverse();
    assert.deepEqual(seen, [
      'scripts.create f/audit/s',
      'scripts.archive f/audit/s',
      'scripts.create f/audit/s',
      'flows.create f/audit/flow',
      'flows.archive f/audit/flow',
      'schedules.create f/audit/nightly',
      'schedules.update f/audit/nightly',
      'schedules.update f/audit/nightly',
      'schedules.delete f/audit/nightly',
      'http_triggers.create f/audit/hook',
      'http_triggers.update f/audit/hook2',
      'http_triggers.delete f/audit/hook2',
      'nats_triggers.create f/audit/events',
      'nats_triggers.update f/audit/events',
      'nats_triggers.delete f/audit/events',
      'variables.create f/audit/key',
      'variables.reveal f/audit/key',
      'jobs.run f/audit/s',
      `workspaces.update ${ws}`,
      `members.add ${name}`,
      `members.update ${name}`,
      `members.remove ${name}`,
      `members.invite x${name}@example.com`,
      'tokens.create ',
      'tokens.delete ',
    ]);
    for (const e of entries) {
      assert.equal(e.username, 'admin', e.action);
      assert.equal(e.from_address, from, e.action);
      assert.equal(e.workspace_id, ws);
    }
    const run = entries.find((e) => e.action === 'jobs.run')!;
    assert.equal(run.details.started_by, 'user');
    assert.equal(run.details.kind, 'script');
    assert.match(String(run.details.job_id), /^[0-9a-f-]{36}$/);
    // No entry holds a secret's value.
    assert.equal(JSON.stringify(entries).includes('hush'), false);

    const inst = await instance('per_page=1000');
    assert.ok(inst.some((e) => e.action === 'users.create' && e.path === name && e.from_address === from));
    assert.ok(inst.some((e) => e.action === 'workspaces.create' && e.path === ws));
  });

  it('records a run started by an HTTP route as the route’s', async () => {
    await h.deploy('f/audit/routed', 'bash', 'echo routed');
    const created = await h.api('/api/w/main/http_triggers/create', {
      method: 'POST',
      json: {
        path: 'f/audit/route',
        route_path: 'audit/route',
        http_method: 'post',
        script_path: 'f/audit/routed',
        authentication_method: 'token',
        is_async: true,
      },
    });
    assert.equal(created.status, 201, await created.text());
    const answer = await requestFrom(h, '127.0.0.24', 'POST', '/api/r/main/audit/route', {}, TOKEN);
    assert.equal(answer.status, 202, JSON.stringify(answer.body));
    const [entry] = (await json(h.api('/api/w/main/audit/list?action=jobs.run&path=f/audit/routed'))) as Entry[];
    assert.deepEqual(
      { from: entry!.from_address, by: entry!.details.started_by, trigger: entry!.details.trigger_path },
      { from: '127.0.0.24', by: 'http', trigger: 'f/audit/route' },
    );
  });

  it('records a run started by a schedule as the schedule’s, with no address', async () => {
    await h.deploy('f/audit/ticked', 'bash', 'echo tick');
    const created = await h.api('/api/w/main/schedules/create', {
      method: 'POST',
      json: { path: 'f/audit/every_second', schedule: '* * * * * *', timezone: 'UTC', script_path: 'f/audit/ticked' },
    });
    assert.equal(created.status, 201, await created.text());
    const entry = await until(async () => {
      const found = (await json(h.api('/api/w/main/audit/list?action=jobs.run&path=f/audit/ticked'))) as Entry[];
      return found[0];
    });
    await h.api('/api/w/main/schedules/delete/f/audit/every_second', { method: 'DELETE' });
    assert.deepEqual(
      {
        user: entry.username,
        from: entry.from_address,
        by: entry.details.started_by,
        path: entry.details.trigger_path,
      },
      { user: 'admin', from: null, by: 'schedule', path: 'f/audit/every_second' },
    );
  });

  it('records sign-ins and failed sign-ins with the address, at the instance level', async () => {
    const wrong = await requestFrom(h, '127.0.0.31', 'POST', '/api/auth/login', { login: 'admin', password: 'nope' });
    assert.equal(wrong.status, 401);
    const unknown = await requestFrom(h, '127.0.0.32', 'POST', '/api/auth/session', { login: 'ghost', password: 'x' });
    assert.equal(unknown.status, 401);
    const badToken = await requestFrom(h, '127.0.0.33', 'POST', '/api/auth/session', { token: 'rn_nothing' });
    assert.equal(badToken.status, 401);
    const ok = await requestFrom(h, '127.0.0.34', 'POST', '/api/auth/session', { token: TOKEN });
    assert.equal(ok.status, 200);

    const failed = await instance('action=auth.sign_in_failed');
    const byAddress = Object.fromEntries(failed.map((e) => [e.from_address, [e.username, e.details.reason]]));
    assert.deepEqual(byAddress['127.0.0.31'], ['admin', 'wrong password']);
    assert.deepEqual(byAddress['127.0.0.32'], ['ghost', 'unknown login']);
    assert.deepEqual(byAddress['127.0.0.33'], ['(api token)', 'invalid token']);
    const signedIn = await instance('action=auth.sign_in');
    assert.ok(signedIn.some((e) => e.from_address === '127.0.0.34' && e.username === 'admin'));
    assert.equal(JSON.stringify(failed).includes('nope'), false, 'never a password');

    // A changed password is an instance-level entry too, without the password.
    const viewer = await addUser(h, 'viewer');
    const set = await requestFrom(
      h,
      '127.0.0.36',
      'POST',
      '/api/users/setpassword',
      { password: 'horse-battery' },
      viewer.token,
    );
    assert.equal(set.status, 204);
    const [changed] = await instance('action=users.set_password');
    assert.equal(changed!.from_address, '127.0.0.36');
    assert.equal(JSON.stringify(changed).includes('horse-battery'), false);

    // Over the login throttle (10 failures an account by default), the refusal is recorded too.
    let last = 0;
    for (let i = 0; i < 11; i++) {
      last = (await requestFrom(h, '127.0.0.35', 'POST', '/api/auth/login', { login: 'ghost-2', password: 'x' }))
        .status;
    }
    assert.equal(last, 429);
    const throttled = await instance('username=ghost-2');
    assert.deepEqual(
      throttled.map((e) => e.details.reason),
      ['throttled', ...Array<string>(10).fill('unknown login')],
    );
  });

  it('takes the address from X-Forwarded-For only when a trusted proxy sent it (RUNNEL_TRUSTED_PROXIES)', async () => {
    const forwarded = { 'x-forwarded-for': '203.0.113.7' };
    const login = { login: 'proxied', password: 'x' };
    // No proxy is trusted by default: a client cannot choose the address it is recorded under.
    await requestFrom(h, '127.0.0.40', 'POST', '/api/auth/login', login, undefined, forwarded);
    await h.restartServer({ RUNNEL_TRUSTED_PROXIES: '127.0.0.41' });
    try {
      await requestFrom(h, '127.0.0.41', 'POST', '/api/auth/login', login, undefined, forwarded);
      await requestFrom(h, '127.0.0.42', 'POST', '/api/auth/login', login, undefined, forwarded);
    } finally {
      await h.restartServer();
    }
    const entries = await instance('username=proxied');
    assert.deepEqual(entries.map((e) => e.from_address).sort(), ['127.0.0.40', '127.0.0.42', '203.0.113.7']);
  });

  it('filters by time, user, action, area and path prefix, a page at a time', async () => {
    const dev = await addUser(h, 'developer', { workspace: ws });
    const devName = (await json(h.api('/api/auth/whoami', { token: dev.token }))).username as string;
    const start = new Date().toISOString();
    await h.api(`/api/w/${ws}/variables/create`, {
      method: 'POST',
      token: dev.token,
      json: { path: 'f/filter/a', value: '1', is_secret: false },
    });
    await h.api(`/api/w/${ws}/variables/create`, {
      method: 'POST',
      json: { path: 'f/filter/b', value: '2', is_secret: false },
    });
    await h.api(`/api/w/${ws}/variables/create`, {
      method: 'POST',
      json: { path: 'u/admin/c', value: '3', is_secret: false },
    });

    const paths = (entries: Entry[]) => entries.map((e) => e.path);
    assert.deepEqual(paths(await list(`after=${start}`)), ['u/admin/c', 'f/filter/b', 'f/filter/a']);
    assert.deepEqual(paths(await list(`after=${start}&username=${devName}`)), ['f/filter/a']);
    assert.deepEqual(paths(await list(`after=${start}&path=f/filter/`)), ['f/filter/b', 'f/filter/a']);
    assert.deepEqual(paths(await list(`after=${start}&action=variables.create&per_page=2`)), [
      'u/admin/c',
      'f/filter/b',
    ]);
    assert.deepEqual(paths(await list(`after=${start}&action=variables.create&per_page=2&page=2`)), ['f/filter/a']);
    assert.deepEqual(paths(await list(`after=${start}&action=variables.`)), ['u/admin/c', 'f/filter/b', 'f/filter/a']);
    assert.deepEqual(await list(`after=${start}&action=variables`), []);
    assert.deepEqual(await list(`before=${start}&path=f/filter/`), []);

    const bad = await h.api(`/api/w/${ws}/audit/list?after=yesterday`);
    assert.equal(bad.status, 400);
    assert.match((await json(bad)).error.message, /after must be a date-time/);
    assert.equal((await h.api(`/api/w/${ws}/audit/list?per_page=0`)).status, 400);
    assert.equal((await h.api(`/api/w/${ws}/audit/list?action=a&action=b`)).status, 400);
  });

  it('only admins read it, and each workspace only its own', async () => {
    const dev = await addUser(h, 'developer', { workspace: ws });
    const refused = await h.api(`/api/w/${ws}/audit/list`, { token: dev.token });
    assert.equal(refused.status, 403);
    const other = await addUser(h, 'admin', { workspace: `other-${randomBytes(3).toString('hex')}` });
    assert.equal((await h.api(`/api/w/${ws}/audit/list`, { token: other.token })).status, 403);
    const otherWs = (await json(h.api('/api/workspaces/list', { token: other.token })))[0].id as string;
    const own = (await json(h.api(`/api/w/${otherWs}/audit/list`, { token: other.token }))) as Entry[];
    assert.deepEqual(own, []);
    assert.equal((await h.api('/api/audit/list', { token: other.token })).status, 403);
  });

  it('GraphQL: the same log and filters', async () => {
    const q = await graphql(
      h,
      TOKEN,
      `{ auditLog(workspace: "${ws}", filter: { action: "variables.reveal" }) { action path username fromAddress workspaceId } }`,
    );
    assert.deepEqual(q.data.auditLog, [
      { action: 'variables.reveal', path: 'f/audit/key', username: 'admin', fromAddress: from, workspaceId: ws },
    ]);
    const inst = await graphql(
      h,
      TOKEN,
      '{ instanceAuditLog(filter: { action: "auth.sign_in_failed", perPage: 1 }) { action } }',
    );
    assert.deepEqual(inst.data.instanceAuditLog, [{ action: 'auth.sign_in_failed' }]);
    const bad = await graphql(h, TOKEN, `{ auditLog(workspace: "${ws}", filter: { before: "soon" }) { id } }`);
    assert.equal(bad.errors[0].extensions.reason, 'bad_request');
    const dev = await addUser(h, 'developer', { workspace: ws });
    const refused = await graphql(h, dev.token, `{ auditLog(workspace: "${ws}") { id } }`);
    assert.equal(refused.errors[0].extensions.reason, 'forbidden');
    const notInstance = await graphql(h, dev.token, '{ instanceAuditLog { id } }');
    assert.equal(notInstance.errors[0].extensions.reason, 'forbidden');
  });

  it('retention deletes the entries older than RUNNEL_AUDIT_RETENTION_DAYS, and only those', async () => {
    const db = h.server.app.get(DataSource);
    await db.query(
      `INSERT INTO audit_log (workspace_id, at, username, action, path) VALUES
         ($1, now() - interval '31 days', 'admin', 'test.old', 'f/retention/old'),
         ($1, now() - interval '29 days', 'admin', 'test.recent', 'f/retention/recent'),
         (NULL, now() - interval '400 days', 'admin', 'test.old', 'instance-old')`,
      [ws],
    );
    const deleted = await h.server.app.get(AuditRetention).sweep();
    assert.equal(deleted, 2);
    const left: { path: string }[] = await db.query(
      `SELECT path FROM audit_log WHERE action LIKE 'test.%' ORDER BY path`,
    );
    assert.deepEqual(
      left.map((r) => r.path),
      ['f/retention/recent'],
    );
    assert.ok((await list('per_page=1000')).length > 20, 'today’s entries stay');
  });
});
