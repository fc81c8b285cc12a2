import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createDataSource } from '../src/database/database.js';
import { WorkspaceRoutes1764000000100 } from '../src/database/migrations/1764000000100-workspace-routes.js';
import { TOKEN, addUser, json, startHarness, type Harness } from './harness.js';

/**
 * A developer of workspace `other` attacks `main` through HTTP routes in every way we could think
 * of; nothing of `main` may be reached: no request meant for main runs other's script, no route of
 * main can be squatted, read, changed or deleted, and no job of main's routes can be read.
 */
describe('HTTP routes: one workspace cannot reach another', () => {
  let h: Harness;
  let other: string;
  let adminId: string;
  before(async () => {
    h = await startHarness({ RUNNEL_SYNC_TIMEOUT_MS: '10000' });
    await h.startWorker({ WORKER_GROUPS: 'default', WORKER_CONCURRENCY: '2' });
    adminId = (await json(h.api('/api/auth/whoami'))).user_id;
    other = (await addUser(h, 'developer', { workspace: 'other' })).token;
    // Each workspace's script says whose it is and what it was given.
    await h.deploy(
      'f/shop/order',
      'bun',
      'export async function main(request: any) { return { owner: "main", request } }',
    );
    const evil = await h.api('/api/w/other/scripts/create', {
      method: 'POST',
      token: other,
      json: {
        path: 'f/evil/steal',
        language: 'bun',
        content: 'export async function main(request: any) { return { owner: "other", request } }',
      },
    });
    assert.equal(evil.status, 201, await evil.clone().text());
    await mainRoute('f/shop/orders', 'orders/:id');
  });
  after(async () => h?.close());

  const trigger = (path: string, route_path: string, script_path: string, extra: Record<string, unknown> = {}) => ({
    path,
    route_path,
    script_path,
    http_method: 'post',
    is_flow: false,
    is_async: false,
    authentication_method: 'none',
    ...extra,
  });
  async function mainRoute(path: string, route: string, extra: Record<string, unknown> = {}) {
    const res = await h.api('/api/w/main/http_triggers/create', {
      method: 'POST',
      json: trigger(path, route, 'f/shop/order', extra),
    });
    assert.equal(res.status, 201, await res.clone().text());
  }
  /** A route of `other`, created with other's developer token. */
  const otherRoute = (path: string, route: string, extra: Record<string, unknown> = {}) =>
    h.api('/api/w/other/http_triggers/create', {
      method: 'POST',
      token: other,
      json: trigger(path, route, 'f/evil/steal', extra),
    });
  /** What a client of main sends: its token, a body. */
  const call = (url: string) =>
    fetch(`${h.url}${url}`, {
      method: 'POST',
      body: '{"card":"4242"}',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    });
  const otherJobs = async () => (await json(h.api('/api/w/other/jobs/list', { token: other }))) as { id: string }[];

  it('serves a request for main only by a route of main, whatever other defines', async () => {
    // The reported attack: a literal that looks like main's prefix, and every other overlap.
    const overlaps = [
      'main/orders/latest',
      'main/orders/:id',
      'main/:x/:y',
      ':ws/orders/:id',
      ':a/:b/:c',
      'orders/:id', // main's own route: other's copy neither conflicts (a 409 would reveal it) nor answers main's calls
      'orders/latest',
      'main',
      ':a',
    ];
    for (const [i, route] of overlaps.entries()) {
      // workspaced_route: false asked for the old global namespace; it no longer exists.
      const res = await otherRoute(`f/evil/r${i}`, route, { workspaced_route: false });
      assert.equal(res.status, 201, `${route}: ${await res.clone().text()}`);
      const got = await json(h.api(`/api/w/other/http_triggers/get/f/evil/r${i}`, { token: other }));
      assert.equal(got.url_path, `/api/r/other/${route}`);
    }
    for (const url of ['/api/r/main/orders/latest', '/api/r/main/orders/7', '/api/r/main/orders/latest/']) {
      const res = await call(url);
      assert.equal(res.status, 200, `${url}: ${await res.clone().text()}`);
      const body = await json(res);
      assert.equal(body.owner, 'main', url);
      assert.equal(body.request.params.id, url.includes('latest') ? 'latest' : '7');
    }
    for (const url of [
      '/api/r/main',
      '/api/r/main/',
      '/api/r/main/x/y',
      '/api/r/orders/7',
      '/api/r/main/main/orders/latest',
    ]) {
      assert.equal((await call(url)).status, 404, url);
    }
    assert.deepEqual(await otherJobs(), [], "nothing meant for main ran other's script");
    // What other's routes are for, they serve.
    const own = await call('/api/r/other/main/orders/latest');
    assert.equal((await json(own)).owner, 'other');
    assert.equal((await otherJobs()).length, 1);
  });

  it('lets nobody squat a route before its owner defines it, nor learn that it exists', async () => {
    const squat = await otherRoute('f/evil/squat', 'invoices/:id');
    assert.equal(squat.status, 201, await squat.clone().text());
    assert.equal((await call('/api/r/main/invoices/1')).status, 404, 'not served for main before main defines it');
    await mainRoute('f/shop/invoices', 'invoices/:id');
    assert.equal((await json(call('/api/r/main/invoices/1'))).owner, 'main');
    assert.equal((await json(call('/api/r/other/invoices/1'))).owner, 'other');
    // A workspace that does not exist yet: its prefix is its own from the start.
    assert.equal((await otherRoute('f/evil/future', 'future/hooks/:id')).status, 201);
    const before = (await otherJobs()).length;
    assert.equal((await call('/api/r/future/hooks/1')).status, 404);
    assert.equal((await otherJobs()).length, before);
  });

  it("refuses other's token on main's routes and on main's HTTP triggers, which stay as they were", async () => {
    await mainRoute('f/shop/secure', 'secure', { authentication_method: 'token' });
    const byOther = await fetch(`${h.url}/api/r/main/secure`, {
      method: 'POST',
      headers: { authorization: `Bearer ${other}` },
    });
    assert.equal(byOther.status, 403, await byOther.clone().text());

    const original = await json(h.api('/api/w/main/http_triggers/get/f/shop/orders'));
    const asOther = (path: string, init: RequestInit & { json?: unknown } = {}) =>
      h.api(path, { ...init, token: other });
    const hijack = trigger('f/shop/orders', 'orders/:id', 'f/evil/steal');
    for (const [path, init] of [
      ['/api/w/main/http_triggers/list', {}],
      ['/api/w/main/http_triggers/get/f/shop/orders', {}],
      ['/api/w/main/http_triggers/update/f/shop/orders', { method: 'POST', json: hijack }],
      ['/api/w/main/http_triggers/delete/f/shop/orders', { method: 'DELETE' }],
      ['/api/w/main/http_triggers/create', { method: 'POST', json: { ...hijack, path: 'f/shop/x' } }],
    ] as const) {
      const res = await asOther(path, init);
      assert.equal(res.status, 403, `${path}: ${await res.clone().text()}`);
    }
    // The same paths in other's own workspace name other's triggers, never main's.
    for (const [path, init] of [
      ['/api/w/other/http_triggers/get/f/shop/orders', {}],
      ['/api/w/other/http_triggers/update/f/shop/orders', { method: 'POST', json: hijack }],
      ['/api/w/other/http_triggers/delete/f/shop/orders', { method: 'DELETE' }],
    ] as const) {
      assert.equal((await asOther(path, init)).status, 404, path);
    }
    // A route of other cannot run main's script: the target is looked up in other.
    const borrowed = await otherRoute('f/evil/borrow', 'borrow', { script_path: 'f/shop/order' });
    assert.equal(borrowed.status, 400, await borrowed.clone().text());
    const listed = (await json(asOther('/api/w/other/http_triggers/list'))) as { workspace_id: string }[];
    assert.ok(listed.length > 0 && listed.every((t) => t.workspace_id === 'other'));
    assert.deepEqual(await json(h.api('/api/w/main/http_triggers/get/f/shop/orders')), original);
  });

  it("does not let other read the jobs main's routes started", async () => {
    const res = await call('/api/r/main/orders/9');
    assert.equal(res.status, 200);
    const id = res.headers.get('x-runnel-job-id')!;
    assert.equal((await json(h.api(`/api/w/main/jobs_u/get/${id}`))).trigger_path, 'f/shop/orders');
    for (const path of [`/api/w/main/jobs_u/get/${id}`, `/api/w/main/jobs/list`, `/api/w/main/jobs_u/get_logs/${id}`]) {
      assert.equal((await h.api(path, { token: other })).status, 403, path);
    }
    for (const path of [
      `/api/w/other/jobs_u/get/${id}`,
      `/api/w/other/jobs_u/completed/get_result/${id}`,
      `/api/w/other/jobs_u/get_logs/${id}`,
    ]) {
      assert.equal((await h.api(path, { token: other })).status, 404, path);
    }
    assert.ok(!(await otherJobs()).some((j) => j.id === id));
  });

  it('moves the old global routes under their workspace, where nothing of another can answer', async () => {
    // Back to the schema before the migration, with global routes as they were, then forward.
    const ds = createDataSource(h.databaseUrl);
    await ds.initialize();
    const q = ds.createQueryRunner();
    const migration = new WorkspaceRoutes1764000000100();
    try {
      await migration.down(q);
      const insert = (ws: string, path: string, route: string, key: string, script: string) =>
        q.query(
          `INSERT INTO http_trigger (workspace_id, path, route_path, route_key, workspaced_route, http_method,
             script_path, authentication_method, created_by, edited_by)
           VALUES ($1, $2, $3, $4, false, 'post', $5, 'none', $6, $6)`,
          [ws, path, route, key, script, adminId],
        );
      // The reported attack, as stored before: other's global route squatting main's prefix.
      await insert('other', 'f/evil/legacy', 'main/orders/first', 'main/orders/first', 'f/evil/steal');
      await insert('main', 'f/shop/legacy_hello', 'hello/:name', 'hello/:', 'f/shop/order');
      // A global route of main with the shape of main's workspaced orders/:id.
      await insert('main', 'f/shop/legacy_orders', 'orders/:id', 'orders/:', 'f/shop/order');
      await migration.up(q);
    } finally {
      await q.release();
      await ds.destroy();
    }
    await h.restartServer();

    const get = (ws: string, path: string) =>
      json(h.api(`/api/w/${ws}/http_triggers/get/${path}`, { token: ws === 'other' ? other : TOKEN }));
    assert.equal((await get('other', 'f/evil/legacy')).url_path, '/api/r/other/main/orders/first');
    assert.equal((await get('main', 'f/shop/legacy_hello')).url_path, '/api/r/main/hello/:name');
    assert.equal((await get('main', 'f/shop/orders')).url_path, '/api/r/main/orders/:id', 'keeps its URL');
    assert.equal((await get('main', 'f/shop/legacy_orders')).url_path, '/api/r/main/legacy/orders/:id');

    const before = (await otherJobs()).length;
    const first = await call('/api/r/main/orders/first');
    assert.equal((await json(first)).owner, 'main');
    assert.equal(
      (await json(h.api(`/api/w/main/jobs_u/get/${first.headers.get('x-runnel-job-id')}`))).trigger_path,
      'f/shop/orders',
    );
    assert.equal((await otherJobs()).length, before);
    const moved = await call('/api/r/main/legacy/orders/3');
    assert.equal(
      (await json(h.api(`/api/w/main/jobs_u/get/${moved.headers.get('x-runnel-job-id')}`))).trigger_path,
      'f/shop/legacy_orders',
    );
    assert.equal((await json(call('/api/r/main/hello/ada'))).request.params.name, 'ada');
  });
});
