import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { createClient, type Client } from 'graphql-ws';
import { DataSource } from 'typeorm';
import WebSocket from 'ws';
import { AuthService } from '../src/auth/auth.service.js';
import { TOKEN, json, startHarness, until, type Harness } from './harness.js';

const NATS_URL = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ECHO = 'export function main(n = 0) { return { n } }';

/**
 * A second workspace, `other`, with an admin of its own, tries every trigger kind but HTTP routes
 * (tenant-isolation-routes.test.ts) against `main`: webhooks, schedules, NATS subjects, jobs and
 * their GraphQL equivalents. Its admin is the strongest member a workspace has.
 */
describe('tenant isolation: workspace "other" against "main"', () => {
  let h: Harness;
  let db: DataSource;
  let nc: NatsConnection;
  let otherToken: string;
  /** main's script hash, a finished job, a job parked in the queue (no worker serves its tag), a flow job. */
  let hash: string;
  let done: string;
  let parked: string;
  let flowJob: string;
  const clients: Client[] = [];

  before(async () => {
    h = await startHarness();
    db = h.server.app.get(DataSource);
    nc = await connect({ servers: NATS_URL });
    await h.startWorker();
    hash = await h.deploy('f/sec/echo', 'bun', ECHO);
    await h.deploy('f/sec/main_only', 'bun', ECHO);
    await h.deploy('f/sec/parked', 'bun', ECHO, { tag: 'parked' });
    const flow = await h.api('/api/w/main/flows/create', {
      method: 'POST',
      json: {
        path: 'f/sec/flow',
        summary: '',
        value: { modules: [{ id: 'a', value: { type: 'script', path: 'f/sec/echo', input_transforms: {} } }] },
      },
    });
    assert.equal(flow.status, 201, await flow.text());

    const user = randomUUID();
    await db.query(`INSERT INTO workspace (id, name) VALUES ('other', 'Other')`);
    await db.query(`INSERT INTO app_user (id, email, username) VALUES ($1, 'o@runnel.local', 'other_admin')`, [user]);
    await db.query(`INSERT INTO workspace_member (workspace_id, user_id, role) VALUES ('other', $1, 'admin')`, [user]);
    otherToken = await h.server.app.get(AuthService).createToken(user, 'other');
    const own = await asOther('/api/w/other/scripts/create', {
      method: 'POST',
      json: { path: 'f/sec/echo', language: 'bun', content: ECHO },
    });
    assert.equal(own.status, 201, await own.text());

    done = await run('/api/w/main/jobs/run/p/f/sec/echo');
    parked = await run('/api/w/main/jobs/run/p/f/sec/parked');
    flowJob = await run('/api/w/main/jobs/run/f/f/sec/flow');
    assert.equal((await h.waitJob(done)).status, 'success');
    assert.equal((await h.waitJob(flowJob)).status, 'success');
  });
  after(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await nc?.close();
    await h?.close();
  });

  const asOther = (path: string, init: Parameters<Harness['api']>[1] = {}) =>
    h.api(path, { ...init, token: otherToken });
  async function run(path: string): Promise<string> {
    const res = await h.api(path, { method: 'POST', json: {} });
    assert.equal(res.status, 201, await res.clone().text());
    return res.text();
  }
  /** The answer is `status` in the project's error shape, saying `message`. */
  async function refused(res: Response, status: number, message: RegExp, what: string) {
    const text = await res.text();
    assert.equal(res.status, status, `${what}: ${text}`);
    assert.match((JSON.parse(text) as { error: { message: string } }).error.message, message, what);
  }
  const notMember = /you are not a member of workspace "main"/;
  const jobCount = async (workspace: string) =>
    Number((await db.query('SELECT count(*) AS n FROM job WHERE workspace_id = $1', [workspace]))[0].n);

  it("webhooks: other's token runs nothing of main's, by path, hash or flow, async or sync", async () => {
    const before = [await jobCount('main'), await jobCount('other')];
    const routes: [method: string, route: string][] = [];
    for (const kind of ['run', 'run_wait_result']) {
      routes.push(
        ['POST', `${kind}/p/f/sec/main_only`],
        ['POST', `${kind}/h/${hash}`],
        ['POST', `${kind}/f/f/sec/flow`],
      );
    }
    for (const target of ['p/f/sec/main_only', `h/${hash}`, 'f/f/sec/flow'])
      routes.push(['GET', `run_wait_result/${target}`]);
    for (const [method, route] of routes) {
      const body = method === 'POST' ? { json: {} } : {};
      await refused(
        await asOther(`/api/w/main/jobs/${route}`, { method, ...body }),
        403,
        notMember,
        `${method} main ${route}`,
      );
      const query = await h.api(`/api/w/main/jobs/${route}?token=${otherToken}`, { method, token: null, ...body });
      await refused(query, 403, notMember, `${method} main ${route}?token=`);
      // Under its own workspace, main's paths, hash and flow are unknown.
      await refused(
        await asOther(`/api/w/other/jobs/${route}`, { method, ...body }),
        404,
        /not found in workspace "other"/,
        `${method} other ${route}`,
      );
    }
    assert.deepEqual([await jobCount('main'), await jobCount('other')], before, 'no job was created');

    // A flow of other's own cannot reach main's scripts or flows as steps either.
    for (const value of [
      { type: 'script', path: 'f/sec/main_only', input_transforms: {} },
      { type: 'script', path: 'f/sec/echo', hash, input_transforms: {} },
      { type: 'flow', path: 'f/sec/flow', input_transforms: {} },
    ]) {
      const res = await asOther('/api/w/other/jobs/run/preview_flow', {
        method: 'POST',
        json: { value: { modules: [{ id: 'a', value }] }, args: {} },
      });
      assert.equal(res.status, 201, await res.clone().text());
      const id = await res.text();
      const job = await until(async () => {
        const row = await json(asOther(`/api/w/other/jobs_u/get/${id}`));
        return ['success', 'failure', 'canceled'].includes(row.status) ? row : undefined;
      });
      assert.equal(job.status, 'failure', JSON.stringify(value));
      assert.match(JSON.stringify(job.result), /not found/, JSON.stringify(value));
    }
    assert.equal(await jobCount('main'), before[0], 'no job of main was created');
  });

  it("schedules: other cannot schedule main's scripts, nor read, change or delete main's schedules, nor see their jobs", async () => {
    const created = await h.api('/api/w/main/schedules/create', {
      method: 'POST',
      json: { path: 'f/sec/tick', schedule: '* * * * * *', timezone: 'UTC', script_path: 'f/sec/echo', enabled: true },
    });
    assert.equal(created.status, 201, await created.text());
    const tickJob = await until(async () => {
      const rows: { id: string }[] = await db.query(
        `SELECT id FROM job WHERE workspace_id = 'main' AND schedule_path = 'f/sec/tick' LIMIT 1`,
      );
      return rows[0]?.id;
    });
    const stop = await h.api('/api/w/main/schedules/setenabled/f/sec/tick', {
      method: 'POST',
      json: { enabled: false },
    });
    assert.equal(stop.status, 200);
    const mainView = await json(h.api('/api/w/main/schedules/get/f/sec/tick'));

    const newSchedule = {
      path: 'f/sec/mine',
      schedule: '0 0 * * * *',
      timezone: 'UTC',
      script_path: 'f/sec/main_only',
    };
    await refused(
      await asOther('/api/w/main/schedules/create', { method: 'POST', json: newSchedule }),
      403,
      notMember,
      'create in main',
    );
    await refused(
      await asOther('/api/w/other/schedules/create', { method: 'POST', json: newSchedule }),
      400,
      /f\/sec\/main_only.*not found/,
      "create in other on main's script",
    );
    await refused(
      await asOther('/api/w/other/schedules/create', {
        method: 'POST',
        json: { ...newSchedule, script_path: 'f/sec/flow', is_flow: true },
      }),
      400,
      /f\/sec\/flow.*not found/,
      "create in other on main's flow",
    );
    const onFailure = { ...newSchedule, script_path: 'f/sec/echo', on_failure: 'f/sec/main_only' };
    await refused(
      await asOther('/api/w/other/schedules/create', { method: 'POST', json: onFailure }),
      400,
      /f\/sec\/main_only.*not found/,
      "on_failure on main's script",
    );
    for (const [method, route, body] of [
      ['GET', 'get/f/sec/tick', undefined],
      ['POST', 'update/f/sec/tick', { schedule: '0 0 0 * * *' }],
      ['POST', 'setenabled/f/sec/tick', { enabled: true }],
      ['DELETE', 'delete/f/sec/tick', undefined],
    ] as const) {
      const init = body ? { method, json: body } : { method };
      await refused(await asOther(`/api/w/main/schedules/${route}`, init), 403, notMember, `${method} main ${route}`);
      await refused(
        await asOther(`/api/w/other/schedules/${route}`, init),
        404,
        /not found in workspace "other"/,
        `${method} other ${route}`,
      );
    }
    assert.deepEqual(await json(asOther('/api/w/other/schedules/list')), []);
    assert.deepEqual(
      await json(h.api('/api/w/main/schedules/get/f/sec/tick')),
      mainView,
      "main's schedule is unchanged",
    );

    await refused(
      await asOther(`/api/w/other/jobs_u/get/${tickJob}`),
      404,
      /not found in workspace "other"/,
      'tick job',
    );
    const listed = (await json(asOther('/api/w/other/jobs/list?per_page=1000'))) as {
      id: string;
      schedule_path: string | null;
    }[];
    assert.ok(!listed.some((j) => j.id === tickJob || j.schedule_path === 'f/sec/tick'), 'no job of main in the list');
  });

  it("NATS: other's triggers, wildcards included, never receive main's messages nor Runnel's own, and cannot name them", async () => {
    const mainNs = `${h.prefix}.ws.main`;
    const otherNs = `${h.prefix}.ws.other`;
    const made = await h.api('/api/w/main/nats_triggers/create', {
      method: 'POST',
      json: { path: 'f/sec/orders', subject: 'secshop.orders.*', script_path: 'f/sec/echo' },
    });
    assert.equal(made.status, 201, await made.text());
    const natsJobs = async (workspace: string, since: Date) =>
      (
        (await db.query(
          `SELECT trigger_path FROM job WHERE workspace_id = $1 AND trigger_kind = 'nats' AND created_at > $2
           ORDER BY trigger_path`,
          [workspace, since],
        )) as { trigger_path: string }[]
      ).map((r) => r.trigger_path);
    const expectJobs = async (workspace: string, since: Date, paths: string[]) => {
      await until(async () => ((await natsJobs(workspace, since)).length >= paths.length ? true : undefined), 15_000);
      await sleep(400); // and no more come
      assert.deepEqual(await natsJobs(workspace, since), paths, workspace);
    };
    const now = async () => ((await db.query('SELECT clock_timestamp() AS t')) as { t: Date }[])[0]!.t;

    // Subjects that cover main's first (the leak), then leading wildcards, which are only
    // possible because every subject is inside the workspace's namespace.
    const others: string[] = [];
    for (const group of [
      ['secshop.>', 'secshop.orders.*', 'secshop.orders.new'],
      ['>', '*.>'],
    ]) {
      for (const subject of group) {
        const path = `f/sec/t${others.length}`;
        const res = await asOther('/api/w/other/nats_triggers/create', {
          method: 'POST',
          json: { path, subject, script_path: 'f/sec/echo' },
        });
        assert.equal(res.status, 201, `${subject}: ${await res.text()}`);
        others.push(path);
      }
      // main's message, the same subject without a namespace, and Runnel's own traffic (a job runs).
      let since = await now();
      nc.publish(`${mainNs}.secshop.orders.new`, JSON.stringify({ n: 1 }));
      nc.publish('secshop.orders.new', JSON.stringify({ n: 2 }));
      assert.equal((await h.waitJob(await run('/api/w/main/jobs/run/p/f/sec/echo'))).status, 'success');
      await expectJobs('main', since, ['f/sec/orders']);
      await expectJobs('other', since, []);
      // Control: other's triggers are alive, and each fires for other's own message.
      since = await now();
      nc.publish(`${otherNs}.secshop.orders.new`, JSON.stringify({ n: 3 }));
      await expectJobs('other', since, [...others].sort());
      await expectJobs('main', since, []);
    }

    const namespace = /relative to this workspace's namespace/;
    for (const subject of [
      `${mainNs}.secshop.orders.*`,
      `${mainNs}.>`,
      `${h.prefix}.>`,
      `${h.prefix}.jobs.default`,
      `${h.prefix}.events.*`,
      '$JS.API.>',
      '$KV.>',
      '_INBOX.>',
    ]) {
      const res = await asOther('/api/w/other/nats_triggers/create', {
        method: 'POST',
        json: { path: 'f/sec/bad', subject, script_path: 'f/sec/echo' },
      });
      await refused(res, 400, namespace, subject);
      const moved = await asOther('/api/w/other/nats_triggers/update/f/sec/t0', { method: 'POST', json: { subject } });
      await refused(moved, 400, namespace, `update onto ${subject}`);
    }
    for (const [method, route, body] of [
      ['GET', 'get/f/sec/orders', undefined],
      ['POST', 'update/f/sec/orders', { subject: 'x' }],
      ['POST', 'setenabled/f/sec/orders', { enabled: false }],
      ['DELETE', 'delete/f/sec/orders', undefined],
    ] as const) {
      const init = body ? { method, json: body } : { method };
      await refused(
        await asOther(`/api/w/main/nats_triggers/${route}`, init),
        403,
        notMember,
        `${method} main ${route}`,
      );
      await refused(
        await asOther(`/api/w/other/nats_triggers/${route}`, init),
        404,
        /not found in workspace "other"/,
        `${method} other ${route}`,
      );
    }
    // Nor start main's script or flow from a trigger of its own: the target is looked up in other.
    for (const target of [{ script_path: 'f/sec/main_only' }, { script_path: 'f/sec/flow', is_flow: true }]) {
      const res = await asOther('/api/w/other/nats_triggers/create', {
        method: 'POST',
        json: { path: 'f/sec/borrow', subject: 'borrow', ...target },
      });
      await refused(res, 400, /not found in workspace "other"/, `trigger on main's ${target.script_path}`);
    }
    await refused(
      await asOther('/api/w/main/nats_triggers/create', {
        method: 'POST',
        json: { path: 'f/sec/in_main', subject: 'a', script_path: 'f/sec/echo' },
      }),
      403,
      notMember,
      'create in main',
    );
    const mine = (await json(asOther('/api/w/other/nats_triggers/list'))) as {
      path: string;
      full_subjects: string[];
    }[];
    assert.ok(!mine.some((t) => t.path === 'f/sec/orders'));
    assert.ok(mine.every((t) => t.full_subjects.every((s) => s.startsWith(`${otherNs}.`))));
  });

  it("jobs: other's token cannot get, list, read the logs or result of, or cancel main's jobs", async () => {
    for (const id of [done, parked, flowJob]) {
      for (const route of [
        `jobs_u/get/${id}`,
        `jobs_u/completed/get_result/${id}`,
        `jobs_u/get_logs/${id}`,
        `jobs/resume_urls/${id}/0`,
      ]) {
        await refused(await asOther(`/api/w/main/${route}`), 403, notMember, `main ${route}`);
        await refused(await asOther(`/api/w/other/${route}`), 404, /not found in workspace "other"/, `other ${route}`);
      }
    }
    for (const ws of ['main', 'other']) {
      const res = await asOther(`/api/w/${ws}/jobs_u/queue/cancel/${parked}`, { method: 'POST', json: {} });
      await refused(
        res,
        ws === 'main' ? 403 : 404,
        ws === 'main' ? notMember : /not found in workspace "other"/,
        `cancel in ${ws}`,
      );
    }
    assert.equal((await json(h.api(`/api/w/main/jobs_u/get/${parked}`))).status, 'queued', 'still queued');
    const mainIds = new Set([done, parked, flowJob]);
    for (const query of [
      'per_page=1000',
      'script_path=f/sec/echo&per_page=1000',
      `parent_job=${flowJob}`,
      'status=queued',
    ]) {
      const listed = (await json(asOther(`/api/w/other/jobs/list?${query}`))) as { id: string; workspace_id: string }[];
      assert.ok(
        listed.every((j) => !mainIds.has(j.id) && j.workspace_id === 'other'),
        query,
      );
    }
    await refused(await asOther('/api/w/main/jobs/list'), 403, notMember, 'list in main');
  });

  it('GraphQL: the same refusals for queries, mutations and subscriptions', async () => {
    const gql = async (query: string, variables: Record<string, unknown> = {}) => {
      const res = await fetch(`${h.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${otherToken}` },
        body: JSON.stringify({ query, variables }),
      });
      return (await res.json()) as {
        data: Record<string, unknown> | null;
        errors?: { message: string; extensions: { code: string } }[];
      };
    };
    const expectError = async (query: string, variables: Record<string, unknown>, code: string) => {
      const answer = await gql(query, variables);
      assert.equal(answer.errors?.[0]?.extensions.code, code, `${query}: ${JSON.stringify(answer)}`);
    };
    for (const ws of ['main', 'other']) {
      const code = ws === 'main' ? 'FORBIDDEN' : 'NOT_FOUND';
      const v = { ws, id: done, parked, mainPath: 'f/sec/main_only' };
      await expectError('query ($ws: String!, $id: ID!) { job(workspace: $ws, id: $id) { id logs } }', v, code);
      await expectError(
        'mutation ($ws: String!, $parked: ID!) { cancelJob(workspace: $ws, id: $parked) { id } }',
        v,
        code,
      );
      await expectError(
        'mutation ($ws: String!, $mainPath: String!) { runScript(workspace: $ws, path: $mainPath) { id } }',
        v,
        code,
      );
      await expectError('mutation ($ws: String!) { runFlow(workspace: $ws, path: "f/sec/flow") { id } }', v, code);
      await expectError(
        'query ($ws: String!, $mainPath: String!) { script(workspace: $ws, path: $mainPath) { path } }',
        v,
        code,
      );
      await expectError('query ($ws: String!) { flow(workspace: $ws, path: "f/sec/flow") { path } }', v, code);
    }
    await expectError('{ jobs(workspace: "main") { id } }', {}, 'FORBIDDEN');
    await expectError('{ scripts(workspace: "main") { path } }', {}, 'FORBIDDEN');
    await expectError('{ flows(workspace: "main") { path } }', {}, 'FORBIDDEN');
    // Deploying over main's script, which main's runs, webhooks, routes and schedules would then run.
    await expectError(
      'mutation { createScript(workspace: "main", input: { path: "f/sec/echo", language: BASH, content: "echo x" }) { hash } }',
      {},
      'FORBIDDEN',
    );
    assert.equal((await json(h.api('/api/w/main/scripts/get/p/f/sec/echo'))).hash, hash, "main's script is unchanged");
    const listed = await gql(
      'query ($p: ID) { all: jobs(workspace: "other") { id } children: jobs(workspace: "other", filter: { parentJob: $p }) { id } }',
      { p: flowJob },
    );
    const ids = [...(listed.data!.all as { id: string }[]), ...(listed.data!.children as { id: string }[])].map(
      (j) => j.id,
    );
    assert.ok(![done, parked, flowJob].some((id) => ids.includes(id)), JSON.stringify(listed));
    assert.equal((await json(h.api(`/api/w/main/jobs_u/get/${parked}`))).status, 'queued', 'still queued');

    for (const [field, ws, code] of [
      ['jobUpdated', 'main', 'FORBIDDEN'],
      ['jobUpdated', 'other', 'NOT_FOUND'],
      ['jobLogs', 'main', 'FORBIDDEN'],
      ['jobLogs', 'other', 'NOT_FOUND'],
      ['flowProgress', 'main', 'FORBIDDEN'],
      ['flowProgress', 'other', 'NOT_FOUND'],
    ] as const) {
      const client = createClient({
        url: `${h.url.replace(/^http/, 'ws')}/graphql`,
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${otherToken}` },
        retryAttempts: 0,
      });
      clients.push(client);
      const sub = client.iterate({
        query: `subscription ($id: ID!) { ${field}(workspace: "${ws}", id: $id) { __typename } }`,
        variables: { id: field === 'flowProgress' ? flowJob : done },
      });
      await assert.rejects(sub.next(), (errors: { extensions: { code: string } }[]) => {
        assert.equal(errors[0]!.extensions.code, code, `${field} in ${ws}`);
        return true;
      });
    }
  });

  it("main's own token still reaches everything of main (the refusals above are about the workspace)", async () => {
    assert.equal((await h.api(`/api/w/main/jobs_u/get/${done}`, { token: TOKEN })).status, 200);
    const cancel = await h.api(`/api/w/main/jobs_u/queue/cancel/${parked}`, { method: 'POST', json: {} });
    assert.equal(cancel.status, 200, await cancel.text());
  });
});
