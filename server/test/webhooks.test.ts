import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TOKEN, addUser, json, startHarness, type Harness } from './harness.js';

const payload = (args: unknown) => Buffer.from(JSON.stringify(args)).toString('base64url');
const js = (expr: string) => ({ type: 'javascript', expr });

describe('webhooks, Windmill-compatible', () => {
  let h: Harness;
  let echoHash: string;
  before(async () => {
    h = await startHarness({ RUNNEL_SYNC_TIMEOUT_MS: '1500' });
    await h.startWorker({ WORKER_GROUPS: 'default', WORKER_CONCURRENCY: '2' });
    // One script that shows what it was given.
    echoHash = await h.deploy(
      'f/hooks/echo',
      'python3',
      'def main(a: int = 0, body=None, x_sign: str = "", foo: str = "", q: str = "", raw_string: str = ""):\n' +
        '    return {"a": a, "body": body, "x_sign": x_sign, "foo": foo, "q": q, "raw_string": raw_string}',
    );
  });
  after(async () => h?.close());

  it('takes the arguments of a GET from ?payload=, and the token from ?token=', async () => {
    const args = { a: 7, body: 'é/?+&' }; // characters whose base64 differs in the URL-safe alphabet
    const res = await h.api(`/api/w/main/jobs/run_wait_result/p/f/hooks/echo?payload=${payload(args)}&token=${TOKEN}`, {
      token: null,
    });
    assert.equal(res.status, 200, await res.clone().text());
    assert.deepEqual(await json(res), { a: 7, body: 'é/?+&', x_sign: '', foo: '', q: '', raw_string: '' });

    const byHash = await h.api(`/api/w/main/jobs/run_wait_result/h/${echoHash}?payload=${payload({ a: 1 })}`);
    assert.equal((await json(byHash)).a, 1);

    const bad = await h.api('/api/w/main/jobs/run_wait_result/p/f/hooks/echo?payload=bm90IGpzb24');
    assert.equal(bad.status, 400);
    assert.match((await json(bad)).error.message, /payload/);
    const noToken = await h.api(`/api/w/main/jobs/run_wait_result/p/f/hooks/echo?payload=${payload({})}`, {
      token: null,
    });
    assert.equal(noToken.status, 401);
  });

  it('adds headers (?include_header), query parameters (?include_query) and the raw body (?raw=true)', async () => {
    const body = '{"a": 3,   "foo": "from body"}';
    const res = await h.api(
      '/api/w/main/jobs/run_wait_result/p/f/hooks/echo?include_header=X-Sign,foo&include_query=q&q=query&raw=true',
      { method: 'POST', headers: { 'content-type': 'application/json', 'x-sign': 'sig1', foo: 'hdr' }, body },
    );
    assert.equal(res.status, 200, await res.clone().text());
    // Header names are lower-cased with - as _, and win over body fields of the same name.
    assert.deepEqual(await json(res), { a: 3, body: null, x_sign: 'sig1', foo: 'hdr', q: 'query', raw_string: body });
    // Names of Object.prototype's members are no headers or query parameters the request has.
    const inherited = await h.api(
      '/api/w/main/jobs/run_wait_result/p/f/hooks/echo?include_header=constructor,__proto__&include_query=toString',
      { method: 'POST', json: { a: 1 } },
    );
    assert.equal(inherited.status, 200, await inherited.clone().text());
    const got = await json(inherited);
    assert.equal(got.a, 1);
    assert.ok(!Object.hasOwn(got, 'constructor') && !Object.hasOwn(got, 'toString'), JSON.stringify(got));
  });

  it("never copies the caller's token into the arguments (include_header=authorization, include_query=token)", async () => {
    await h.deploy(
      'f/hooks/creds',
      'python3',
      'def main(authorization: str = "", token: str = "", q: str = ""):\n    return q',
    );
    const viewer = (await addUser(h, 'viewer')).token;
    for (const [how, init] of [
      ['header', {}],
      ['query', { token: null }],
    ] as const) {
      const res = await h.api(
        `/api/w/main/jobs/run/p/f/hooks/creds?include_header=Authorization&include_query=token,q&q=x` +
          (how === 'query' ? `&token=${TOKEN}` : ''),
        { method: 'POST', json: {}, ...init },
      );
      assert.equal(res.status, 201, await res.clone().text());
      const job = await json(h.api(`/api/w/main/jobs_u/get/${await res.text()}`, { token: viewer }));
      assert.equal(job.args.q, 'x', how);
      assert.ok(!job.args.authorization && !job.args.token, `${how}: ${JSON.stringify(job.args)}`);
      assert.ok(!JSON.stringify(job).includes(TOKEN), `${how}: ${JSON.stringify(job)}`);
    }
  });

  it('wraps a body that is not an object as {body}, and url-encoded forms as objects', async () => {
    const list = await h.api('/api/w/main/jobs/run_wait_result/p/f/hooks/echo', { method: 'POST', json: [1, 2, 3] });
    assert.deepEqual((await json(list)).body, [1, 2, 3]);
    const text = await h.api('/api/w/main/jobs/run_wait_result/p/f/hooks/echo', { method: 'POST', json: 'hello' });
    assert.equal((await json(text)).body, 'hello');
    const wrapped = await h.api('/api/w/main/jobs/run_wait_result/p/f/hooks/echo?wrap_body=true', {
      method: 'POST',
      json: { x: 1 },
    });
    assert.deepEqual((await json(wrapped)).body, { x: 1 });
    const form = await h.api('/api/w/main/jobs/run_wait_result/p/f/hooks/echo?raw=true', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'foo=bar+baz&q=%C3%A9',
    });
    const got = await json(form);
    assert.equal(got.foo, 'bar baz');
    assert.equal(got.q, 'é');
    assert.equal(got.raw_string, 'foo=bar+baz&q=%C3%A9');
  });

  it('shapes the response with windmill_status_code, windmill_content_type and windmill_headers', async () => {
    await h.deploy(
      'f/hooks/shape',
      'bun',
      `export async function main(kind: string) {
        if (kind === 'composite') return { windmill_status_code: 201, windmill_headers: { 'X-Custom': 'foo' }, result: { Hello: 'World' } };
        if (kind === 'html') return { windmill_content_type: 'text/html; charset=utf-8', result: '<h1>hi</h1>' };
        if (kind === 'csv-json') return { windmill_content_type: 'text/csv', result: { a: 1 } };
        if (kind === 'rest') return { windmill_status_code: 418, teapot: true };
        if (kind === 'empty') return { windmill_headers: { Location: '/x' } };
        if (kind === 'redirect') return { windmill_status_code: 302, windmill_headers: { Location: 'https://example.com/' } };
        if (kind === 'badcode') return { windmill_status_code: 42 };
        return { plain: true, windmill: 'not a shaping key' };
      }`,
    );
    const run = (kind: string) =>
      h.api('/api/w/main/jobs/run_wait_result/p/f/hooks/shape', { method: 'POST', json: { kind }, redirect: 'manual' });

    const composite = await run('composite');
    assert.equal(composite.status, 201);
    assert.equal(composite.headers.get('x-custom'), 'foo');
    assert.match(composite.headers.get('content-type')!, /application\/json/);
    assert.deepEqual(await json(composite), { Hello: 'World' });

    const html = await run('html');
    assert.equal(html.status, 200);
    assert.equal(html.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(await html.text(), '<h1>hi</h1>', 'a string result is sent as is, not as a JSON string');

    const csv = await run('csv-json');
    assert.equal(csv.headers.get('content-type'), 'text/csv');
    assert.equal(await csv.text(), '{"a":1}');

    const rest = await run('rest');
    assert.equal(rest.status, 418);
    assert.deepEqual(await json(rest), { teapot: true }, 'without `result`, the object less the windmill_* keys');

    const empty = await run('empty');
    assert.equal(empty.status, 204);
    assert.equal(empty.headers.get('location'), '/x');

    const redirect = await run('redirect');
    assert.equal(redirect.status, 302);
    assert.equal(redirect.headers.get('location'), 'https://example.com/');

    const bad = await run('badcode');
    assert.equal(bad.status, 422);
    assert.match((await json(bad)).error.message, /windmill_status_code/);

    const plain = await run('plain');
    assert.equal(plain.status, 200);
    assert.deepEqual(await json(plain), { plain: true, windmill: 'not a shaping key' });
  });

  it('answers 202 with the job id when the job outlasts RUNNEL_SYNC_TIMEOUT_MS', async () => {
    await h.deploy('f/hooks/slow', 'bash', 'sleep 3\necho done');
    const started = Date.now();
    const res = await h.api('/api/w/main/jobs/run_wait_result/p/f/hooks/slow', { method: 'POST' });
    assert.equal(res.status, 202);
    assert.ok(Date.now() - started < 2900, 'it did not wait for the job');
    const id = await res.text();
    assert.equal(res.headers.get('x-runnel-job-id'), id);
    assert.equal((await h.waitJob(id)).result, 'done');
  });

  it('does the same for flows: GET with ?payload=, include_header, raw, and a shaped result', async () => {
    const created = await h.api('/api/w/main/flows/create', {
      method: 'POST',
      json: {
        path: 'f/hooks/flow',
        summary: 'shaped',
        value: {
          modules: [
            {
              id: 'a',
              value: {
                type: 'rawscript',
                language: 'bun',
                content:
                  'export async function main(n: number, sig: string, raw: string) {\n' +
                  '  return { windmill_status_code: 202 + n, windmill_headers: { "X-Sig": sig }, result: { n, raw } };\n}',
                input_transforms: {
                  n: js('flow_input.n'),
                  sig: js('flow_input.x_sign ?? "none"'),
                  raw: js('flow_input.raw_string ?? ""'),
                },
              },
            },
          ],
        },
        schema: { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] },
      },
    });
    assert.equal(created.status, 201, await created.clone().text());

    const get = await h.api(
      `/api/w/main/jobs/run_wait_result/f/f/hooks/flow?payload=${payload({ n: 1 })}&include_header=x-sign&raw=true`,
      { headers: { 'x-sign': 's' } },
    );
    assert.equal(get.status, 203, await get.clone().text());
    assert.equal(get.headers.get('x-sig'), 's');
    assert.deepEqual(await json(get), { n: 1, raw: '{"n":1}' });

    const post = await h.api('/api/w/main/jobs/run_wait_result/f/f/hooks/flow', { method: 'POST', json: { n: 4 } });
    assert.equal(post.status, 206);
    assert.equal(post.headers.get('x-sig'), 'none');
    assert.deepEqual(await json(post), { n: 4, raw: '' });

    const async = await h.api('/api/w/main/jobs/run/f/f/hooks/flow?include_header=x-sign', {
      method: 'POST',
      json: { n: 0 },
      headers: { 'x-sign': 'later' },
    });
    assert.equal(async.status, 201);
    const job = await h.waitJob(await async.text());
    assert.deepEqual(job.args, { n: 0, x_sign: 'later' });
    assert.deepEqual(job.result, {
      windmill_status_code: 202,
      windmill_headers: { 'X-Sig': 'later' },
      result: { n: 0, raw: '' },
    });
  });
});
