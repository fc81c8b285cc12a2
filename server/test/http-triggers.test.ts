import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { TOKEN, addUser, json, startHarness, type Harness } from './harness.js';

const LIMIT = 64 * 1024;

describe('HTTP routes (http_triggers)', () => {
  let h: Harness;
  let adminId: string;
  before(async () => {
    h = await startHarness({ RUNNEL_BODY_LIMIT: String(LIMIT), RUNNEL_SYNC_TIMEOUT_MS: '5000' });
    await h.startWorker({ WORKER_GROUPS: 'default', WORKER_CONCURRENCY: '2' });
    adminId = (await json(h.api('/api/auth/whoami'))).user_id;
    await h.deploy('f/routes/order', 'python3', 'def main(id: str, qty: int = 1):\n    return {"id": id, "qty": qty}');
    await h.deploy('f/routes/req', 'bun', 'export async function main(request: any) { return request }');
  });
  after(async () => h?.close());

  const create = (trigger: Record<string, unknown>) =>
    h.api('/api/w/main/http_triggers/create', { method: 'POST', json: trigger });
  const route = (path: string, init: RequestInit = {}) => fetch(`${h.url}/api/r/main/${path}`, init);
  const base = { http_method: 'post', is_flow: false, is_async: false, authentication_method: 'none' };
  const member = async (role: string, opts: { scopes?: string[]; expires_at?: Date } = {}) =>
    (await addUser(h, role, opts)).token;
  const jobsOf = async (script: string) =>
    (await json(h.api(`/api/w/main/jobs/list?script_path=${script}`))) as Record<string, unknown>[];

  it('creates, shows (without secrets), lists, updates, renames and deletes a trigger', async () => {
    const trigger = {
      ...base,
      path: 'f/routes/crud',
      route_path: '/crud/:id/',
      script_path: 'f/routes/order',
      authentication_method: 'signature',
      signature: { secret: 's3cret', header: 'X-Hub-Signature-256', algorithm: 'sha256', prefix: 'sha256=' },
      summary: 'a route',
    };
    const res = await create(trigger);
    assert.equal(res.status, 201, await res.clone().text());
    assert.equal(await res.text(), 'f/routes/crud');

    const got = await json(h.api('/api/w/main/http_triggers/get/f/routes/crud'));
    assert.equal(got.route_path, 'crud/:id', 'normalized: no leading or trailing slash');
    assert.equal(got.url_path, '/api/r/main/crud/:id');
    assert.equal(got.workspaced_route, true, 'every route is served under its workspace');
    assert.equal(got.http_method, 'post');
    assert.equal(got.signature.header, 'X-Hub-Signature-256');
    assert.equal(got.signature.secret, undefined, 'the secret is never shown');
    assert.equal(got.created_by, adminId);
    assert.ok((await json(h.api('/api/w/main/http_triggers/list'))).some((t: { path: string }) => t.path === got.path));

    // An update without the secret keeps it; a rename moves the trigger.
    const updated = await h.api('/api/w/main/http_triggers/update/f/routes/crud', {
      method: 'POST',
      json: { ...trigger, path: 'f/routes/crud2', signature: { ...trigger.signature, secret: undefined } },
    });
    assert.equal(updated.status, 200, await updated.clone().text());
    assert.equal((await h.api('/api/w/main/http_triggers/get/f/routes/crud')).status, 404);
    const body = '{"qty":2}';
    const sig = 'sha256=' + createHmac('sha256', 's3cret').update(body).digest('hex');
    const served = await route('crud/9', {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': sig },
    });
    assert.equal(served.status, 200, await served.clone().text());
    assert.deepEqual(await json(served), { id: '9', qty: 2 });

    const deleted = await h.api('/api/w/main/http_triggers/delete/f/routes/crud2', { method: 'DELETE' });
    assert.equal(deleted.status, 200);
    assert.equal(await deleted.text(), 'HTTP trigger f/routes/crud2 deleted');
    assert.equal((await route('crud/9', { method: 'POST', body })).status, 404);
    assert.equal((await h.api('/api/w/main/http_triggers/delete/f/routes/crud2', { method: 'DELETE' })).status, 404);
  });

  it('refuses conflicting routes with 409 and bad definitions with 400', async () => {
    const first = await create({ ...base, path: 'f/routes/c1', route_path: 'conf/:id', script_path: 'f/routes/order' });
    assert.equal(first.status, 201);
    // Same method and same shape, another parameter name: the same requests would match.
    const same = await create({
      ...base,
      path: 'f/routes/c2',
      route_path: 'conf/:other',
      script_path: 'f/routes/order',
    });
    assert.equal(same.status, 409);
    assert.match(
      (await json(same)).error.message,
      /POST \/api\/r\/main\/conf\/:other is taken by trigger "f\/routes\/c1"/,
    );
    // Windmill's clients send workspaced_route; either way the route is the workspace's.
    for (const workspaced_route of [true, false]) {
      const again = { ...base, path: 'f/routes/c2', route_path: 'conf/:id', script_path: 'f/routes/order' };
      assert.equal((await create({ ...again, workspaced_route })).status, 409);
    }
    const dupPath = await create({ ...base, path: 'f/routes/c1', route_path: 'conf2', script_path: 'f/routes/order' });
    assert.equal(dupPath.status, 409);
    // Another method, a literal beside the parameter: distinct.
    for (const [path, extra] of [
      ['f/routes/c3', { http_method: 'get' }],
      ['f/routes/c4', { route_path: 'conf/latest' }],
    ] as const) {
      const res = await create({ ...base, path, route_path: 'conf/:id', script_path: 'f/routes/order', ...extra });
      assert.equal(res.status, 201, `${path}: ${await res.clone().text()}`);
    }
    for (const bad of [
      { route_path: 'a//b' },
      { route_path: 'a/:' },
      { route_path: 'a/:x/:x' },
      { route_path: '' },
      { script_path: 'f/routes/missing' },
      { http_method: 'trace' },
      { authentication_method: 'signature' },
      { authentication_method: 'basic', basic: { username: 'u' } },
      { rate_limit_per_minute: 0 },
    ]) {
      const res = await create({
        ...base,
        path: 'f/routes/bad',
        route_path: 'bad',
        script_path: 'f/routes/order',
        ...bad,
      });
      assert.equal(res.status, 400, `${JSON.stringify(bad)}: ${await res.clone().text()}`);
    }
    // A literal wins over a parameter, whichever was created first.
    const literal = await route('conf/latest', {
      method: 'POST',
      body: '{"id":"lit"}',
      headers: { 'content-type': 'application/json' },
    });
    assert.deepEqual(await json(literal), { id: 'lit', qty: 1 });
    const job = await json(h.api(`/api/w/main/jobs_u/get/${literal.headers.get('x-runnel-job-id')}`));
    assert.equal(job.trigger_path, 'f/routes/c4');
    assert.deepEqual(await json(route('conf/7', { method: 'POST' })), { id: '7', qty: 1 });
    assert.equal(
      (await fetch(`${h.url}/api/r/conf/7`, { method: 'POST' })).status,
      404,
      'no route outside a workspace',
    );
  });

  it('runs the script with the body fields and path parameters, as the trigger owner, recording the trigger', async () => {
    await create({ ...base, path: 'f/routes/orders', route_path: 'orders/:id', script_path: 'f/routes/order' });
    const res = await route('orders/a%20b?ignored=1', {
      method: 'POST',
      body: JSON.stringify({ qty: 3, id: 'from body' }),
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(res.status, 200, await res.clone().text());
    assert.deepEqual(await json(res), { id: 'a b', qty: 3 }, 'the path parameter wins over the body');
    const job = await json(h.api(`/api/w/main/jobs_u/get/${res.headers.get('x-runnel-job-id')}`));
    assert.equal(job.trigger_kind, 'http');
    assert.equal(job.trigger_path, 'f/routes/orders');
    assert.equal(job.created_by, adminId);

    // Async: 202 and the job id.
    await create({
      ...base,
      path: 'f/routes/async',
      route_path: 'later/:id',
      script_path: 'f/routes/order',
      is_async: true,
    });
    const later = await route('later/x', { method: 'POST' });
    assert.equal(later.status, 202);
    const done = await h.waitJob(await later.text());
    assert.deepEqual(done.result, { id: 'x', qty: 1 });

    assert.equal((await route('nope', { method: 'POST' })).status, 404);
    assert.equal((await route('orders/1', { method: 'GET' })).status, 404, 'the method is part of the route');
  });

  it('hands a `request` parameter the whole request, raw body included, and shapes the answer', async () => {
    await create({
      ...base,
      path: 'f/routes/req',
      route_path: 'hook/:kind',
      script_path: 'f/routes/req',
      http_method: 'put',
    });
    const res = await route('hook/xml?a=1&b=2', {
      method: 'PUT',
      body: '<a>text</a>',
      headers: { 'content-type': 'application/xml', 'x-extra': 'e' },
    });
    assert.equal(res.status, 200, await res.clone().text());
    const request = await json(res);
    assert.equal(request.method, 'PUT');
    assert.equal(request.path, '/hook/xml');
    assert.deepEqual(request.params, { kind: 'xml' });
    assert.deepEqual(request.query, { a: '1', b: '2' });
    assert.equal(request.headers['x-extra'], 'e');
    assert.equal(request.body, '<a>text</a>');
    assert.equal(request.raw_body, '<a>text</a>');

    await h.deploy(
      'f/routes/page',
      'bun',
      'export async function main(name = "you") { return { windmill_content_type: "text/html", windmill_status_code: 201, result: `<p>hi ${name}</p>` } }',
    );
    await create({
      ...base,
      path: 'f/routes/page',
      route_path: 'page',
      script_path: 'f/routes/page',
      http_method: 'get',
    });
    const page = await route('page');
    assert.equal(page.status, 201);
    assert.equal(page.headers.get('content-type'), 'text/html');
    assert.equal(await page.text(), '<p>hi you</p>');
  });

  it('authenticates by token, basic and signature; a refused request runs nothing', async () => {
    await h.deploy('f/routes/secure', 'bash', 'echo ran');
    const secure = { ...base, script_path: 'f/routes/secure' };
    await create({ ...secure, path: 'f/routes/tok', route_path: 'sec/token', authentication_method: 'token' });
    assert.equal((await route('sec/token', { method: 'POST' })).status, 401);
    assert.equal((await route('sec/token', { method: 'POST', headers: { authorization: 'Bearer nope' } })).status, 401);
    const byHeader = await h.api('/api/r/main/sec/token', { method: 'POST' });
    assert.equal(byHeader.status, 200);
    const job = await json(h.api(`/api/w/main/jobs_u/get/${byHeader.headers.get('x-runnel-job-id')}`));
    assert.equal(job.created_by, adminId, 'a token route runs as the caller');
    // A viewer's token is refused: routes need the operator role.
    const viewerToken = await member('viewer');
    const viewer = await route('sec/token', { method: 'POST', headers: { authorization: `Bearer ${viewerToken}` } });
    assert.equal(viewer.status, 403);
    assert.equal((await route(`sec/token?token=${await member('operator')}`, { method: 'POST' })).status, 200);
    // A token limited to running one path serves the routes of that path only; an expired one none.
    const scoped = async (scopes: string[]) =>
      (await route(`sec/token?token=${await member('operator', { scopes })}`, { method: 'POST' })).status;
    assert.equal(await scoped(['run:script/f/routes/secure']), 200);
    assert.equal(await scoped(['run:script/f/routes/order']), 403);
    const expired = await member('admin', { expires_at: new Date(Date.now() - 1000) });
    assert.equal((await route(`sec/token?token=${expired}`, { method: 'POST' })).status, 401);

    await create({
      ...secure,
      path: 'f/routes/basic',
      route_path: 'sec/basic',
      authentication_method: 'basic',
      basic: { username: 'hook', password: 'pa:ss' },
    });
    const basic = (u: string, p: string) =>
      route('sec/basic', {
        method: 'POST',
        headers: { authorization: 'Basic ' + Buffer.from(`${u}:${p}`).toString('base64') },
      });
    const refused = await basic('hook', 'wrong');
    assert.equal(refused.status, 401);
    assert.match(refused.headers.get('www-authenticate')!, /^Basic/);
    assert.equal((await basic('other', 'pa:ss')).status, 401);
    assert.equal((await basic('hook', 'pa:ss')).status, 200);
    assert.equal((await basic('hook', 'pa:ss')).status, 200, 'again, from the verified-password cache');
    assert.equal((await basic('other', 'pa:ss')).status, 401, 'the cache does not skip the username');

    // GitHub: X-Hub-Signature-256: sha256=<hex of HMAC-SHA256(body)>.
    await create({
      ...secure,
      path: 'f/routes/github',
      route_path: 'sec/github',
      authentication_method: 'signature',
      signature: { secret: 'gh-secret', header: 'X-Hub-Signature-256', algorithm: 'sha256', prefix: 'sha256=' },
    });
    const payload = JSON.stringify({ action: 'opened', number: 1 });
    const github = (sig: string | undefined, body = payload) =>
      route('sec/github', {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', ...(sig ? { 'x-hub-signature-256': sig } : {}) },
      });
    const good = 'sha256=' + createHmac('sha256', 'gh-secret').update(payload).digest('hex');
    assert.equal((await github(good)).status, 200);
    const before = (await jobsOf('f/routes/secure')).length;
    assert.equal((await github(undefined)).status, 401);
    assert.equal((await github('sha256=' + '0'.repeat(64))).status, 401);
    assert.equal((await github(good.replace('sha256=', 'sha1='))).status, 401);
    assert.equal((await github(good, payload.replace('1', '2'))).status, 401, 'a changed body');
    assert.equal(
      (await github(good, payload.replace(',', ', '))).status,
      401,
      'the raw bytes are signed, not the JSON',
    );
    assert.equal((await jobsOf('f/routes/secure')).length, before, 'no refused request started a job');

    // Stripe: Stripe-Signature: t=<unix s>,v1=<hex of HMAC-SHA256("<t>.<body>")>, within 5 minutes.
    await create({
      ...secure,
      path: 'f/routes/stripe',
      route_path: 'sec/stripe',
      authentication_method: 'signature',
      signature: {
        secret: 'whsec_x',
        header: 'Stripe-Signature',
        algorithm: 'sha256',
        signature_key: 'v1',
        timestamp_key: 't',
        signed_payload: '{timestamp}.{body}',
        tolerance_s: 300,
      },
    });
    const stripe = (t: number, secret = 'whsec_x') => {
      const v1 = createHmac('sha256', secret).update(`${t}.${payload}`).digest('hex');
      return route('sec/stripe', {
        method: 'POST',
        body: payload,
        headers: { 'content-type': 'application/json', 'stripe-signature': `t=${t},v1=${'f'.repeat(64)},v1=${v1}` },
      });
    };
    const now = Math.floor(Date.now() / 1000);
    assert.equal((await stripe(now)).status, 200, 'one of several v1 signatures matches');
    assert.equal((await stripe(now, 'whsec_other')).status, 401);
    const old = await stripe(now - 600);
    assert.equal(old.status, 401);
    assert.match((await json(old)).error.message, /tolerance/);

    // A scheme may name any header; one named like an Object.prototype member is simply missing.
    await create({
      ...secure,
      path: 'f/routes/proto',
      route_path: 'sec/proto',
      authentication_method: 'signature',
      signature: { secret: 's', header: 'constructor', algorithm: 'sha256' },
    });
    const proto = await route('sec/proto', {
      method: 'POST',
      body: payload,
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(proto.status, 401);
    assert.match((await json(proto)).error.message, /missing signature header constructor/);
  });

  it("never stores the platform's credentials, or the route's own, in a job's arguments", async () => {
    const viewer = await member('viewer');
    const operator = await member('operator');
    const secret = 'creds-secret';
    const signature = { secret, header: 'X-Hub-Signature-256', algorithm: 'sha256', prefix: 'sha256=' };
    for (const [name, extra] of [
      ['none', {}],
      ['signature', { signature }],
      ['basic', { basic: { username: 'u', password: 'p' } }],
      ['token', {}],
    ] as const) {
      const res = await create({
        ...base,
        path: `f/routes/creds_${name}`,
        route_path: `creds/${name}`,
        script_path: 'f/routes/req',
        authentication_method: name,
        ...extra,
      });
      assert.equal(res.status, 201, await res.clone().text());
    }
    const body = '{"a":1}';
    const hmac = 'sha256=' + createHmac('sha256', secret).update(body).digest('hex');
    /** The job as a viewer of the workspace reads it. */
    const storedRequest = async (res: Response) => {
      assert.equal(res.status, 200, await res.clone().text());
      const id = res.headers.get('x-runnel-job-id');
      const job = await json(h.api(`/api/w/main/jobs_u/get/${id}`, { token: viewer }));
      const text = JSON.stringify(job);
      for (const credential of [TOKEN, operator, secret, hmac, 'Basic dTpw']) {
        assert.ok(!text.includes(credential), `the stored job has ${credential}: ${text}`);
      }
      return job.args.request as { headers: Record<string, string>; query: Record<string, string> };
    };
    const call = (name: string, headers: Record<string, string>, query = `token=${operator}&keep=1`) =>
      route(`creds/${name}?${query}`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', ...headers },
      });

    // A public route that a client calls with its Runnel token anyway (in the header, in the query).
    const none = await storedRequest(await call('none', { authorization: `Bearer ${TOKEN}`, 'x-keep': 'k' }));
    assert.equal(none.headers.authorization, undefined);
    assert.equal(none.headers['x-keep'], 'k');
    assert.deepEqual(none.query, { keep: '1' });
    // A third party's credential that the script checks itself is the script's business.
    const third = await storedRequest(await call('none', { authorization: 'Bearer third-party' }, 'token=theirs'));
    assert.equal(third.headers.authorization, 'Bearer third-party');
    assert.deepEqual(third.query, { token: 'theirs' });

    const signed = await storedRequest(
      await call('signature', { authorization: `Bearer ${TOKEN}`, 'x-hub-signature-256': hmac }),
    );
    assert.equal(signed.headers['x-hub-signature-256'], undefined, 'a signature replays the same body');
    assert.equal(signed.headers.authorization, undefined);
    assert.deepEqual(signed.query, { keep: '1' });

    const basic = await storedRequest(await call('basic', { authorization: 'Basic dTpw' }));
    assert.equal(basic.headers.authorization, undefined);
    assert.deepEqual(basic.query, { keep: '1' });

    const token = await storedRequest(await call('token', { authorization: `Bearer ${TOKEN}` }, 'token=x&keep=1'));
    assert.equal(token.headers.authorization, undefined);
    assert.deepEqual(token.query, { keep: '1' });
  });

  it('answers 413 over RUNNEL_BODY_LIMIT and 429 with Retry-After over the rate limit', async () => {
    await create({
      ...base,
      path: 'f/routes/limited',
      route_path: 'limited',
      script_path: 'f/routes/req',
      rate_limit_per_minute: 2,
    });
    const big = await route('limited', {
      method: 'POST',
      body: 'x'.repeat(LIMIT + 1),
      headers: { 'content-type': 'text/plain' },
    });
    assert.equal(big.status, 413);
    assert.equal((await route('limited', { method: 'POST' })).status, 200);
    assert.equal((await route('limited', { method: 'POST' })).status, 200);
    const limited = await route('limited', { method: 'POST' });
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('retry-after'), '30', 'two a minute: one token every 30 s');
    assert.equal((await json(limited)).error.code, 'rate_limited');
  });

  it('runs flows too', async () => {
    const created = await h.api('/api/w/main/flows/create', {
      method: 'POST',
      json: { path: 'f/routes/flow', summary: 'echo', value: { modules: [{ id: 'a', value: { type: 'identity' } }] } },
    });
    assert.equal(created.status, 201, await created.clone().text());
    await create({
      ...base,
      path: 'f/routes/flow',
      route_path: 'flow/:id',
      script_path: 'f/routes/flow',
      is_flow: true,
    });
    const res = await route('flow/5', {
      method: 'POST',
      body: '{"x":1}',
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(res.status, 200, await res.clone().text());
    const job = await json(h.api(`/api/w/main/jobs_u/get/${res.headers.get('x-runnel-job-id')}`));
    assert.equal(job.job_kind, 'flow');
    assert.deepEqual(job.args, { x: 1, id: '5' });
    assert.equal(job.trigger_kind, 'http');
  });

  it('serves a route created on one replica from another, without a restart', async () => {
    const other = await h.spawnServer();
    const poll = async (path: string, init: RequestInit, status: number) => {
      const deadline = Date.now() + 5000;
      for (;;) {
        const res = await fetch(`${other.url}/api/r/main/${path}`, init);
        if (res.status === status) return res;
        if (Date.now() > deadline) throw new Error(`${path}: still ${res.status}, wanted ${status}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    await create({ ...base, path: 'f/routes/replica', route_path: 'replica/:id', script_path: 'f/routes/order' });
    const res = await poll('replica/1', { method: 'POST' }, 200);
    assert.deepEqual(await json(res), { id: '1', qty: 1 });

    const updated = await h.api('/api/w/main/http_triggers/update/f/routes/replica', {
      method: 'POST',
      json: { ...base, path: 'f/routes/replica', route_path: 'replica2/:id', script_path: 'f/routes/order' },
    });
    assert.equal(updated.status, 200);
    await poll('replica2/2', { method: 'POST' }, 200);
    assert.equal((await fetch(`${other.url}/api/r/main/replica/1`, { method: 'POST' })).status, 404);

    await h.api('/api/w/main/http_triggers/delete/f/routes/replica', { method: 'DELETE' });
    await poll('replica2/2', { method: 'POST' }, 404);
    other.child.kill('SIGTERM');
  });
});
