import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Client } from 'graphql-ws';
import { TOKEN, json, startHarness, until, type Harness } from './harness.js';
import { firstResult, member, wsClient } from './folders-helpers.js';
import { graphql } from './variables-helpers.js';

type Member = Awaited<ReturnType<typeof member>>;

/**
 * Folder permissions on every kind of object, on runs, logs and results, through REST, GraphQL
 * and a subscription (docs/adr/0040-folders-and-permissions.md). Folder `f/sec` grants read to
 * group `readers` (bob) and write to carol and to a viewer; alice, a developer, has no grant.
 */
describe('folders and permissions', () => {
  let h: Harness;
  let alice: Member;
  let bob: Member;
  let carol: Member;
  let viewer: Member;
  let otherAdmin: Member;
  let secretJob: string;
  let openJob: string;
  const clients: Client[] = [];
  const subject = `t${randomBytes(4).toString('hex')}`;

  const api = (path: string, token: string = TOKEN, init: RequestInit & { json?: unknown } = {}) =>
    h.api(`/api/w/main/${path}`, { ...init, token });
  const post = (path: string, body: unknown, token: string = TOKEN) => api(path, token, { method: 'POST', json: body });
  const ok = async (res: Promise<Response>, status = 201) => {
    const r = await res;
    assert.equal(r.status, status, await r.clone().text());
    return r;
  };
  const paths = async (path: string, token: string) =>
    ((await json(api(path, token))) as { path: string }[]).map((o) => o.path);

  /** One object of every kind at `f/<folder>/…`, and a finished run of its script. */
  async function populate(folder: string): Promise<string> {
    await h.deploy(`f/${folder}/job`, 'bash', `echo log-of-${folder}\necho result-of-${folder}`);
    const flow = { summary: '', value: { modules: [{ id: 'a', value: { type: 'identity' } }] }, schema: {} };
    await ok(post('flows/create', { path: `f/${folder}/flow`, ...flow }));
    await ok(post('variables/create', { path: `f/${folder}/var`, value: 'v', is_secret: false }));
    await ok(
      post('schedules/create', {
        path: `f/${folder}/sched`,
        schedule: '0 0 1 1 *',
        timezone: 'UTC',
        script_path: `f/${folder}/job`,
        is_flow: false,
        args: {},
        enabled: false,
      }),
    );
    const route = { http_method: 'post', is_flow: false, is_async: true, authentication_method: 'none' };
    await ok(
      post('http_triggers/create', {
        path: `f/${folder}/route`,
        route_path: `${folder}/hook`,
        script_path: `f/${folder}/job`,
        ...route,
      }),
    );
    await ok(
      post('nats_triggers/create', {
        path: `f/${folder}/nats`,
        subject: `${subject}.${folder}`,
        script_path: `f/${folder}/job`,
        enabled: false,
      }),
    );
    const id = await (await ok(post(`jobs/run/p/f/${folder}/job`, {}))).text();
    assert.equal((await h.waitJob(id)).status, 'success');
    return id;
  }

  before(async () => {
    h = await startHarness();
    await h.startWorker({ WORKER_GROUPS: 'default', WORKER_CONCURRENCY: '2' });
    [alice, bob, carol, viewer] = [
      await member(h, 'developer'),
      await member(h, 'developer'),
      await member(h, 'developer'),
      await member(h, 'viewer'),
    ];
    otherAdmin = await member(h, 'admin', 'other');
    await ok(post('groups/create', { name: 'readers', summary: 'read f/sec' }));
    await ok(post('groups/adduser/readers', { username: bob.username }), 200);
    await ok(
      post('folders/create', {
        name: 'sec',
        extra_perms: { 'g/readers': false, [carol.grantee]: true, [viewer.grantee]: true },
      }),
    );
    secretJob = await populate('sec');
    openJob = await populate('open');
  });
  after(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await h?.close();
  });

  const KINDS = [
    ['scripts/get/p', 'scripts/list', 'job'],
    ['flows/get', 'flows/list', 'flow'],
    ['variables/get', 'variables/list', 'var'],
    ['schedules/get', 'schedules/list', 'sched'],
    ['http_triggers/get', 'http_triggers/list', 'route'],
    ['nats_triggers/get', 'nats_triggers/list', 'nats'],
  ] as const;

  it('hides every kind of object in a folder from a member without read, as if it did not exist', async () => {
    for (const [get, list, name] of KINDS) {
      const res = await api(`${get}/f/sec/${name}`, alice.token);
      assert.equal(res.status, 404, `${get}: ${await res.clone().text()}`);
      assert.match((await json(res)).error.message, /not found/);
      assert.equal((await api(`${get}/f/open/${name}`, alice.token)).status, 200, get);
      const listed = await paths(list, alice.token);
      assert.ok(listed.includes(`f/open/${name}`), `${list} shows the open folder`);
      assert.ok(!listed.some((p) => p.startsWith('f/sec/')), `${list} hides f/sec: ${listed.join(', ')}`);
    }
    assert.equal(await json(api('variables/exists/f/sec/var', alice.token)), false);
    assert.equal(await json(api('nats_triggers/exists/f/sec/nats', alice.token)), false);
    assert.equal((await api('scripts/history/p/f/sec/job', alice.token)).status, 404);
    const hash = (await json(api('scripts/get/p/f/sec/job'))).hash;
    assert.equal((await api(`scripts/get/h/${hash}`, alice.token)).status, 404);
  });

  it("hides the folder's runs, their logs and results, and refuses to run it", async () => {
    for (const route of ['jobs_u/get', 'jobs_u/get_logs', 'jobs_u/completed/get_result']) {
      assert.equal((await api(`${route}/${secretJob}`, alice.token)).status, 404, route);
      assert.equal((await api(`${route}/${openJob}`, alice.token)).status, 200, route);
    }
    const ids = ((await json(api('jobs/list', alice.token))) as { id: string }[]).map((j) => j.id);
    assert.ok(ids.includes(openJob) && !ids.includes(secretJob));
    const runs = (await json(api('jobs/runs', alice.token))).jobs as { id: string }[];
    assert.ok(runs.some((j) => j.id === openJob) && !runs.some((j) => j.id === secretJob));
    assert.equal((await post('jobs/run/p/f/sec/job', {}, alice.token)).status, 404);
    assert.equal((await post('jobs/run_wait_result/f/f/sec/flow', {}, alice.token)).status, 404);
    const hash = (await json(api('scripts/get/p/f/sec/job'))).hash;
    assert.equal((await post(`jobs/run/h/${hash}`, {}, alice.token)).status, 404);
    assert.equal((await post(`jobs_u/queue/cancel/${secretJob}`, {}, alice.token)).status, 404);
  });

  it('hides them through GraphQL queries and subscriptions too', async () => {
    const q = await graphql(
      h,
      alice.token,
      `
        {
          scripts(workspace: "main") {
            path
          }
          flows(workspace: "main") {
            path
          }
          variables(workspace: "main") {
            path
          }
          jobs(workspace: "main") {
            id
          }
        }
      `,
    );
    assert.equal(q.errors, undefined, JSON.stringify(q.errors));
    const all = [...q.data.scripts, ...q.data.flows, ...q.data.variables].map((o: { path: string }) => o.path);
    assert.ok(all.includes('f/open/job') && !all.some((p) => p.startsWith('f/sec/')), all.join(', '));
    assert.ok(!q.data.jobs.some((j: { id: string }) => j.id === secretJob));
    for (const query of [
      `{ script(workspace: "main", path: "f/sec/job") { path } }`,
      `{ flow(workspace: "main", path: "f/sec/flow") { path } }`,
      `{ variable(workspace: "main", path: "f/sec/var") { path } }`,
      `{ job(workspace: "main", id: "${secretJob}") { id } }`,
      `mutation { runScript(workspace: "main", path: "f/sec/job") { id } }`,
    ]) {
      const answer = await graphql(h, alice.token, query);
      assert.equal(answer.errors?.[0]?.extensions?.code, 'NOT_FOUND', `${query}: ${JSON.stringify(answer)}`);
    }
    const client = wsClient(h, alice.token);
    clients.push(client);
    for (const sub of [
      'jobUpdated(workspace: "main", id: $id) { id }',
      'jobLogs(workspace: "main", id: $id) { text }',
    ]) {
      const refused = await firstResult(client, `subscription { ${sub.replace('$id', `"${secretJob}"`)} }`);
      assert.match(refused.errors?.join() ?? '', /not found/, sub);
    }
    const seen = await firstResult(client, `subscription { jobUpdated(workspace: "main", id: "${openJob}") { id } }`);
    assert.deepEqual(seen.data, { jobUpdated: { id: openJob } });
  });

  it("streams runsChanged without the folder's runs", async () => {
    const client = wsClient(h, alice.token);
    clients.push(client);
    const rows: string[] = [];
    const stop = client.subscribe<{ runsChanged: { scriptPath: string } }>(
      { query: 'subscription { runsChanged(workspace: "main") { scriptPath } }' },
      { next: (r) => rows.push(r.data?.runsChanged.scriptPath ?? JSON.stringify(r.errors)), error() {}, complete() {} },
    );
    try {
      // The subscription may start after a first run: run until the open one is seen.
      await until(async () => {
        await h.waitJob(await (await ok(post('jobs/run/p/f/sec/job', {}))).text());
        await h.waitJob(await (await ok(post('jobs/run/p/f/open/job', {}))).text());
        return rows.includes('f/open/job') || undefined;
      });
      assert.ok(!rows.includes('f/sec/job'), rows.join(', '));
    } finally {
      stop();
    }
  });

  it('lets a group read but not write; a write grant writes; a viewer stays a viewer', async () => {
    for (const [get, , name] of KINDS) {
      assert.equal((await api(`${get}/f/sec/${name}`, bob.token)).status, 200, get);
    }
    assert.equal((await api(`jobs_u/get_logs/${secretJob}`, bob.token)).status, 200);
    assert.equal(await json(api(`jobs_u/completed/get_result/${secretJob}`, bob.token)), 'result-of-sec');
    const run = await ok(post('jobs/run/p/f/sec/job', {}, bob.token));
    assert.equal((await h.waitJob(await run.text())).status, 'success');
    const refused = await post('variables/update/f/sec/var', { value: 'x' }, bob.token);
    assert.equal(refused.status, 403);
    assert.match(
      (await json(refused)).error.message,
      /may only read variable "f\/sec\/var".*write permission on f\/sec/,
    );
    const deploy = { path: 'f/sec/job', language: 'bash', content: 'echo bob' };
    assert.equal((await post('scripts/create', deploy, bob.token)).status, 403);
    assert.equal((await api('http_triggers/delete/f/sec/route', bob.token, { method: 'DELETE' })).status, 403);
    const gqlWrite = await graphql(h, bob.token, 'mutation { deleteVariable(workspace: "main", path: "f/sec/var") }');
    assert.equal(gqlWrite.errors?.[0]?.extensions?.code, 'FORBIDDEN', JSON.stringify(gqlWrite));

    await ok(post('scripts/create', { ...deploy, content: 'echo carol' }, carol.token));
    await ok(post('variables/update/f/sec/var', { value: 'by carol' }, carol.token), 200);
    // Role caps permission: a viewer granted write still cannot deploy or change a variable.
    assert.equal((await post('scripts/create', deploy, viewer.token)).status, 403);
    assert.equal((await post('variables/update/f/sec/var', { value: 'x' }, viewer.token)).status, 403);
    assert.equal((await api('variables/get/f/sec/var', viewer.token)).status, 200);
  });

  it('refuses a trigger or schedule whose target the author may not read', async () => {
    const body = {
      path: 'f/open/steal',
      schedule: '0 0 1 1 *',
      timezone: 'UTC',
      script_path: 'f/sec/job',
      is_flow: false,
      args: {},
      enabled: false,
    };
    assert.equal((await post('schedules/create', body, alice.token)).status, 404);
    const onFailure = { ...body, script_path: 'f/open/job', on_failure: 'f/sec/job' };
    assert.equal((await post('schedules/create', onFailure, alice.token)).status, 404);
    assert.equal((await post('scripts/public_form/p/f/sec/job', { public_form: true }, bob.token)).status, 403);
    const route = { path: 'f/open/steal', route_path: 'steal', script_path: 'f/sec/job', http_method: 'post' };
    const trigger = { ...route, is_flow: false, is_async: true, authentication_method: 'none' };
    assert.equal((await post('http_triggers/create', trigger, alice.token)).status, 404);
    assert.equal(
      (await post('jobs/run/preview', { language: 'bash', content: 'echo', path: 'f/sec/x' }, alice.token)).status,
      404,
    );
  });

  it('keeps u/<user>/ paths to their user and the admins, previews without a path to their author', async () => {
    await ok(post('variables/create', { path: `u/${alice.username}/mine`, value: 'a', is_secret: false }, alice.token));
    assert.equal((await api(`variables/get/u/${alice.username}/mine`, bob.token)).status, 404);
    assert.equal((await api(`variables/get/u/${alice.username}/mine`)).status, 200);
    const taken = { path: `u/${bob.username}/x`, value: 'a', is_secret: false };
    assert.equal((await post('variables/create', taken, alice.token)).status, 404);
    const preview = await ok(post('jobs/run/preview', { language: 'bash', content: 'echo draft' }, alice.token));
    const id = await preview.text();
    await h.waitJob(id);
    assert.equal((await api(`jobs_u/get/${id}`, alice.token)).status, 200);
    assert.equal((await api(`jobs_u/get/${id}`, bob.token)).status, 404);
  });

  it('paginates lists over readable rows only', async () => {
    for (let i = 0; i < 4; i++) {
      await ok(post('variables/create', { path: `f/sec/p${i}`, value: 'v', is_secret: false }));
      await ok(post('variables/create', { path: `f/open/p${i}`, value: 'v', is_secret: false }));
    }
    const seen: string[] = [];
    for (let page = 1; page <= 10; page++) {
      const rows = await paths(`variables/list?per_page=2&page=${page}`, alice.token);
      if (rows.length === 0) break;
      assert.equal(rows.length, 2, `page ${page} is full until the last: ${rows.join(', ')}`);
      seen.push(...rows);
    }
    const admin = (await paths('variables/list?per_page=1000', TOKEN)).filter((p) => !p.startsWith('f/sec/'));
    assert.deepEqual(
      seen,
      admin.filter((p) => !p.startsWith(`u/`) || p.startsWith(`u/${alice.username}/`)),
    );

    let cursor: string | null = null;
    const runIds: string[] = [];
    do {
      const page: { jobs: { id: string; script_path: string }[]; next_cursor: string | null } = await json(
        api(`jobs/runs?per_page=1${cursor ? `&cursor=${cursor}` : ''}`, alice.token),
      );
      assert.ok(page.jobs.length === 1 || page.next_cursor === null);
      assert.ok(!page.jobs.some((j) => j.script_path?.startsWith('f/sec/')));
      runIds.push(...page.jobs.map((j) => j.id));
      cursor = page.next_cursor;
    } while (cursor);
    assert.ok(runIds.includes(openJob) && !runIds.includes(secretJob));
  });

  it('lets admins see and do everything', async () => {
    for (const [get, list, name] of KINDS) {
      assert.equal((await api(`${get}/f/sec/${name}`)).status, 200, get);
      assert.ok((await paths(list, TOKEN)).includes(`f/sec/${name}`), list);
    }
    assert.equal((await api(`jobs_u/get_logs/${secretJob}`)).status, 200);
    assert.ok(((await json(api('folders/list'))) as { name: string }[]).some((f) => f.name === 'sec'));
  });

  it('manages folders: visible to grantees, changed by writers, deleted only when empty', async () => {
    const names = async (token: string) =>
      ((await json(api('folders/list', token))) as { name: string }[]).map((f) => f.name);
    assert.ok(!(await names(alice.token)).includes('sec'));
    assert.ok((await names(bob.token)).includes('sec'));
    assert.equal((await api('folders/get/sec', alice.token)).status, 404);
    const folder = await json(api('folders/get/sec', bob.token));
    assert.deepEqual(folder.owners.sort(), [carol.grantee, viewer.grantee, 'u/admin'].sort());
    assert.equal((await post('folders/update/sec', { summary: 'x' }, bob.token)).status, 403);
    assert.equal((await post('folders/update/sec', { summary: 'x' }, alice.token)).status, 404);
    const grant = { extra_perms: { ...folder.extra_perms, [alice.grantee]: false } };
    await ok(post('folders/update/sec', grant, carol.token), 200);
    assert.equal((await api('variables/get/f/sec/var', alice.token)).status, 200);
    assert.equal((await post('folders/update/sec', { extra_perms: { 'u/nobody': true } })).status, 400);
    assert.equal((await post('folders/update/sec', { extra_perms: { nobody: true } })).status, 400);

    const del = await api('folders/delete/sec', TOKEN, { method: 'DELETE' });
    assert.equal(del.status, 409);
    assert.match((await json(del)).error.message, /not empty \(.*variable/);
    await ok(post('folders/create', { name: 'empty' }, alice.token));
    assert.equal((await post('folders/create', { name: 'empty' })).status, 409);
    assert.equal((await post('folders/create', { name: 'bad/name' })).status, 400);
    assert.equal((await post('folders/create', { name: 'x' }, viewer.token)).status, 403);
    await ok(api('folders/delete/empty', alice.token, { method: 'DELETE' }), 200);
  });

  it('manages groups: admins only, members must belong to the workspace', async () => {
    assert.equal((await post('groups/create', { name: 'g2' }, alice.token)).status, 403);
    await ok(post('groups/create', { name: 'g2' }));
    assert.equal((await post('groups/create', { name: 'g2' })).status, 409);
    assert.equal((await post('groups/adduser/g2', { username: otherAdmin.username })).status, 400);
    assert.equal((await post('groups/adduser/nope', { username: alice.username })).status, 404);
    await ok(post('groups/adduser/g2', { username: alice.username }), 200);
    assert.deepEqual((await json(api('groups/get/g2', alice.token))).members, [alice.username]);
    await ok(post('groups/removeuser/g2', { username: alice.username }), 200);
    assert.equal((await post('groups/removeuser/g2', { username: alice.username })).status, 404);
    await ok(api('groups/delete/g2', TOKEN, { method: 'DELETE' }), 200);
    assert.equal((await api('groups/get/g2')).status, 404);
  });

  it('manages groups and folders through GraphQL with the same checks', async () => {
    const run = (token: string, query: string, variables?: Record<string, unknown>) =>
      graphql(h, token, query, variables);
    const refused = await run(alice.token, 'mutation { createGroup(workspace: "main", name: "gq") { name } }');
    assert.equal(refused.errors?.[0]?.extensions?.code, 'FORBIDDEN', JSON.stringify(refused));
    const group = await run(
      TOKEN,
      `mutation { createGroup(workspace: "main", name: "gq") { name }
                  addGroupMember(workspace: "main", name: "gq", username: "${alice.username}") { members } }`,
    );
    assert.deepEqual(group.data, { createGroup: { name: 'gq' }, addGroupMember: { members: [alice.username] } });
    const made = await run(
      TOKEN,
      'mutation ($perms: JSON) { createFolder(workspace: "main", name: "gqf", input: { extraPerms: $perms }) { owners } }',
      { perms: { 'g/gq': false } },
    );
    assert.deepEqual(made.data, { createFolder: { owners: ['u/admin'] } }, JSON.stringify(made.errors));
    const seen = await run(alice.token, '{ folders(workspace: "main") { name extraPerms } }');
    assert.ok(
      seen.data.folders.some((f: { name: string }) => f.name === 'gqf'),
      JSON.stringify(seen),
    );
    const write = await run(
      alice.token,
      'mutation { updateFolder(workspace: "main", name: "gqf", input: { summary: "x" }) { name } }',
    );
    assert.equal(write.errors?.[0]?.extensions?.code, 'FORBIDDEN', JSON.stringify(write));
    const bad = await run(
      TOKEN,
      'mutation { updateFolder(workspace: "main", name: "gqf", input: { extraPerms: { x: 1 } }) { name } }',
    );
    assert.equal(bad.errors?.[0]?.extensions?.code, 'BAD_REQUEST', JSON.stringify(bad));
    const hidden = await run(bob.token, '{ folder(workspace: "main", name: "gqf") { name } }');
    assert.equal(hidden.errors?.[0]?.extensions?.code, 'NOT_FOUND', JSON.stringify(hidden));
    const gone = await run(
      TOKEN,
      'mutation { deleteFolder(workspace: "main", name: "gqf") deleteGroup(workspace: "main", name: "gq") }',
    );
    assert.deepEqual(gone.data, { deleteFolder: true, deleteGroup: true });
  });

  it('shows a second workspace nothing of the first', async () => {
    const other = (path: string) => h.api(`/api/w/other/${path}`, { token: otherAdmin.token });
    assert.deepEqual(await json(other('folders/list')), []);
    assert.deepEqual(await json(other('groups/list')), []);
    assert.equal((await other('folders/get/sec')).status, 404);
    assert.equal((await h.api('/api/w/main/folders/list', { token: otherAdmin.token })).status, 403);
    assert.equal((await h.api('/api/w/main/groups/get/readers', { token: otherAdmin.token })).status, 403);
  });
});
