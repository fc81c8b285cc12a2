import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Client } from 'graphql-ws';
import { TOKEN, json, until } from './harness.js';
import { firstResult, startFolders, wsClient, type Folders } from './folders-helpers.js';
import { graphql } from './variables-helpers.js';

/**
 * Folder permissions on every kind of object, on runs, logs and results, through REST, GraphQL
 * and a subscription (docs/adr/0040-folders-and-permissions.md); the fixture is startFolders'.
 */
describe('folders and permissions', () => {
  let f: Folders;
  const clients: Client[] = [];

  before(async () => {
    f = await startFolders();
  });
  after(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await f?.h.close();
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
      const res = await f.api(`${get}/f/sec/${name}`, f.alice.token);
      assert.equal(res.status, 404, `${get}: ${await res.clone().text()}`);
      assert.match((await json(res)).error.message, /not found/);
      assert.equal((await f.api(`${get}/f/open/${name}`, f.alice.token)).status, 200, get);
      const listed = await f.paths(list, f.alice.token);
      assert.ok(listed.includes(`f/open/${name}`), `${list} shows the open folder`);
      assert.ok(!listed.some((p) => p.startsWith('f/sec/')), `${list} hides f/sec: ${listed.join(', ')}`);
    }
    assert.equal(await json(f.api('variables/exists/f/sec/var', f.alice.token)), false);
    assert.equal(await json(f.api('nats_triggers/exists/f/sec/nats', f.alice.token)), false);
    assert.equal((await f.api('scripts/history/p/f/sec/job', f.alice.token)).status, 404);
    const hash = (await json(f.api('scripts/get/p/f/sec/job'))).hash;
    assert.equal((await f.api(`scripts/get/h/${hash}`, f.alice.token)).status, 404);
  });

  it("hides the folder's runs, their logs and results, and refuses to run it", async () => {
    const routes = ['get', 'get_logs', 'completed/get_result', 'completed/get', 'getupdate'].map((r) => `jobs_u/${r}`);
    for (const route of routes) {
      assert.equal((await f.api(`${route}/${f.secretJob}`, f.alice.token)).status, 404, route);
      assert.equal((await f.api(`${route}/${f.openJob}`, f.alice.token)).status, 200, route);
    }
    const ids = ((await json(f.api('jobs/list', f.alice.token))) as { id: string }[]).map((j) => j.id);
    assert.ok(ids.includes(f.openJob) && !ids.includes(f.secretJob));
    const runs = (await json(f.api('jobs/runs', f.alice.token))).jobs as { id: string }[];
    assert.ok(runs.some((j) => j.id === f.openJob) && !runs.some((j) => j.id === f.secretJob));
    assert.equal((await f.post('jobs/run/p/f/sec/job', {}, f.alice.token)).status, 404);
    assert.equal((await f.post('jobs/run_wait_result/f/f/sec/flow', {}, f.alice.token)).status, 404);
    const hash = (await json(f.api('scripts/get/p/f/sec/job'))).hash;
    assert.equal((await f.post(`jobs/run/h/${hash}`, {}, f.alice.token)).status, 404);
    assert.equal((await f.post(`jobs_u/queue/cancel/${f.secretJob}`, {}, f.alice.token)).status, 404);

    // A flow's steps are seen as the flow is.
    const flowRun = await (await f.ok(f.post('jobs/run/f/f/sec/flow', {}))).text();
    assert.equal((await f.h.waitJob(flowRun)).status, 'success');
    const steps = async (token: string) => (await json(f.api(`jobs/list?parent_job=${flowRun}`, token))).length;
    assert.ok((await steps(TOKEN)) > 0);
    assert.equal(await steps(f.alice.token), 0);
    assert.ok((await steps(f.bob.token)) > 0);
  });

  it('hides them through GraphQL queries and subscriptions too', async () => {
    const q = await graphql(
      f.h,
      f.alice.token,
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
    assert.ok(!q.data.jobs.some((j: { id: string }) => j.id === f.secretJob));
    for (const query of [
      `{ script(workspace: "main", path: "f/sec/job") { path } }`,
      `{ flow(workspace: "main", path: "f/sec/flow") { path } }`,
      `{ variable(workspace: "main", path: "f/sec/var") { path } }`,
      `{ job(workspace: "main", id: "${f.secretJob}") { id } }`,
      `mutation { runScript(workspace: "main", path: "f/sec/job") { id } }`,
    ]) {
      const answer = await graphql(f.h, f.alice.token, query);
      assert.equal(answer.errors?.[0]?.extensions?.code, 'NOT_FOUND', `${query}: ${JSON.stringify(answer)}`);
    }
    const client = wsClient(f.h, f.alice.token);
    clients.push(client);
    for (const sub of [
      'jobUpdated(workspace: "main", id: $id) { id }',
      'jobLogs(workspace: "main", id: $id) { text }',
    ]) {
      const refused = await firstResult(client, `subscription { ${sub.replace('$id', `"${f.secretJob}"`)} }`);
      assert.match(refused.errors?.join() ?? '', /not found/, sub);
    }
    const seen = await firstResult(client, `subscription { jobUpdated(workspace: "main", id: "${f.openJob}") { id } }`);
    assert.deepEqual(seen.data, { jobUpdated: { id: f.openJob } });
  });

  it("streams runsChanged without the folder's runs", async () => {
    const client = wsClient(f.h, f.alice.token);
    clients.push(client);
    const rows: string[] = [];
    const stop = client.subscribe<{ runsChanged: { scriptPath: string } }>(
      { query: 'subscription { runsChanged(workspace: "main") { scriptPath } }' },
      { next: (r) => rows.push(r.data?.runsChanged.scriptPath ?? JSON.stringify(r.errors)), error() {}, complete() {} },
    );
    try {
      // The subscription may start after a first run: run until the open one is seen.
      await until(async () => {
        await f.h.waitJob(await (await f.ok(f.post('jobs/run/p/f/sec/job', {}))).text());
        await f.h.waitJob(await (await f.ok(f.post('jobs/run/p/f/open/job', {}))).text());
        return rows.includes('f/open/job') || undefined;
      });
      assert.ok(!rows.includes('f/sec/job'), rows.join(', '));
    } finally {
      stop();
    }
  });

  it('lets a group read but not write; a write grant writes; a f.viewer stays a f.viewer', async () => {
    for (const [get, , name] of KINDS) {
      assert.equal((await f.api(`${get}/f/sec/${name}`, f.bob.token)).status, 200, get);
    }
    assert.equal((await f.api(`jobs_u/get_logs/${f.secretJob}`, f.bob.token)).status, 200);
    assert.equal(await json(f.api(`jobs_u/completed/get_result/${f.secretJob}`, f.bob.token)), 'result-of-sec');
    const run = await f.ok(f.post('jobs/run/p/f/sec/job', {}, f.bob.token));
    assert.equal((await f.h.waitJob(await run.text())).status, 'success');
    const refused = await f.post('variables/update/f/sec/var', { value: 'x' }, f.bob.token);
    assert.equal(refused.status, 403);
    assert.match(
      (await json(refused)).error.message,
      /may only read variable "f\/sec\/var".*write permission on f\/sec/,
    );
    const deploy = { path: 'f/sec/job', language: 'bash', content: 'echo f.bob' };
    assert.equal((await f.post('scripts/create', deploy, f.bob.token)).status, 403);
    assert.equal((await f.api('http_triggers/delete/f/sec/route', f.bob.token, { method: 'DELETE' })).status, 403);
    // Windmill's flows/update and flows/delete: a reader is refused, one who may not read finds nothing.
    const flowDoc = (await json(f.api('flows/get/f/sec/flow'))) as { value: unknown };
    const update = { summary: 'by a writer', value: flowDoc.value };
    assert.equal((await f.post('flows/update/f/sec/flow', update, f.bob.token)).status, 403);
    assert.equal((await f.api('flows/delete/f/sec/flow', f.bob.token, { method: 'DELETE' })).status, 403);
    assert.equal((await f.post('flows/update/f/sec/flow', update, f.alice.token)).status, 404);
    assert.equal((await f.api('flows/delete/f/sec/flow', f.alice.token, { method: 'DELETE' })).status, 404);
    await f.ok(f.post('flows/update/f/sec/flow', update, f.carol.token));
    const gqlWrite = await graphql(
      f.h,
      f.bob.token,
      'mutation { deleteVariable(workspace: "main", path: "f/sec/var") }',
    );
    assert.equal(gqlWrite.errors?.[0]?.extensions?.code, 'FORBIDDEN', JSON.stringify(gqlWrite));

    await f.ok(f.post('scripts/create', { ...deploy, content: 'echo f.carol' }, f.carol.token));
    await f.ok(f.post('variables/update/f/sec/var', { value: 'by f.carol' }, f.carol.token), 200);
    // Role caps permission: a f.viewer granted write still cannot deploy or change a variable.
    assert.equal((await f.post('scripts/create', deploy, f.viewer.token)).status, 403);
    assert.equal((await f.post('variables/update/f/sec/var', { value: 'x' }, f.viewer.token)).status, 403);
    assert.equal((await f.api('variables/get/f/sec/var', f.viewer.token)).status, 200);
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
    assert.equal((await f.post('schedules/create', body, f.alice.token)).status, 404);
    const onFailure = { ...body, script_path: 'f/open/job', on_failure: 'f/sec/job' };
    assert.equal((await f.post('schedules/create', onFailure, f.alice.token)).status, 404);
    assert.equal((await f.post('scripts/public_form/p/f/sec/job', { public_form: true }, f.bob.token)).status, 403);
    // A flow, saved or previewed, runs by path only what its author may read.
    const value = { modules: [{ id: 'a', value: { type: 'script', path: 'f/sec/job', input_transforms: {} } }] };
    const flow = await f.post('flows/create', { path: 'f/open/steal', summary: '', value }, f.alice.token);
    assert.equal(flow.status, 404, await flow.text());
    assert.equal((await f.post('jobs/run/preview_flow', { value, args: {} }, f.alice.token)).status, 404);
    assert.equal((await f.post('jobs/run/preview_flow', { value: 'nonsense' }, f.alice.token)).status, 400);
    const route = { path: 'f/open/steal', route_path: 'steal', script_path: 'f/sec/job', http_method: 'post' };
    const trigger = { ...route, is_flow: false, is_async: true, authentication_method: 'none' };
    assert.equal((await f.post('http_triggers/create', trigger, f.alice.token)).status, 404);
    assert.equal(
      (await f.post('jobs/run/preview', { language: 'bash', content: 'echo', path: 'f/sec/x' }, f.alice.token)).status,
      404,
    );
  });

  it('keeps u/<user>/ paths to their user and the admins, previews without a path to their author', async () => {
    await f.ok(
      f.post('variables/create', { path: `u/${f.alice.username}/mine`, value: 'a', is_secret: false }, f.alice.token),
    );
    assert.equal((await f.api(`variables/get/u/${f.alice.username}/mine`, f.bob.token)).status, 404);
    assert.equal((await f.api(`variables/get/u/${f.alice.username}/mine`)).status, 200);
    const taken = { path: `u/${f.bob.username}/x`, value: 'a', is_secret: false };
    assert.equal((await f.post('variables/create', taken, f.alice.token)).status, 404);
    const preview = await f.ok(f.post('jobs/run/preview', { language: 'bash', content: 'echo draft' }, f.alice.token));
    const id = await preview.text();
    await f.h.waitJob(id);
    assert.equal((await f.api(`jobs_u/get/${id}`, f.alice.token)).status, 200);
    assert.equal((await f.api(`jobs_u/get/${id}`, f.bob.token)).status, 404);
  });

  it('paginates lists over readable rows only', async () => {
    for (let i = 0; i < 4; i++) {
      await f.ok(f.post('variables/create', { path: `f/sec/p${i}`, value: 'v', is_secret: false }));
      await f.ok(f.post('variables/create', { path: `f/open/p${i}`, value: 'v', is_secret: false }));
    }
    const seen: string[] = [];
    for (let page = 1; page <= 10; page++) {
      const rows = await f.paths(`variables/list?per_page=2&page=${page}`, f.alice.token);
      if (rows.length === 0) break;
      assert.equal(rows.length, 2, `page ${page} is full until the last: ${rows.join(', ')}`);
      seen.push(...rows);
    }
    const admin = (await f.paths('variables/list?per_page=1000', TOKEN)).filter((p) => !p.startsWith('f/sec/'));
    assert.deepEqual(
      seen,
      admin.filter((p) => !p.startsWith(`u/`) || p.startsWith(`u/${f.alice.username}/`)),
    );

    let cursor: string | null = null;
    const runIds: string[] = [];
    do {
      const page: { jobs: { id: string; script_path: string }[]; next_cursor: string | null } = await json(
        f.api(`jobs/runs?per_page=1${cursor ? `&cursor=${cursor}` : ''}`, f.alice.token),
      );
      assert.ok(page.jobs.length === 1 || page.next_cursor === null);
      assert.ok(!page.jobs.some((j) => j.script_path?.startsWith('f/sec/')));
      runIds.push(...page.jobs.map((j) => j.id));
      cursor = page.next_cursor;
    } while (cursor);
    assert.ok(runIds.includes(f.openJob) && !runIds.includes(f.secretJob));
  });

  it('lets admins see and do everything', async () => {
    for (const [get, list, name] of KINDS) {
      assert.equal((await f.api(`${get}/f/sec/${name}`)).status, 200, get);
      assert.ok((await f.paths(list, TOKEN)).includes(`f/sec/${name}`), list);
    }
    assert.equal((await f.api(`jobs_u/get_logs/${f.secretJob}`)).status, 200);
    assert.ok(((await json(f.api('folders/list'))) as { name: string }[]).some((f) => f.name === 'sec'));
  });
});
