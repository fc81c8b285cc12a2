import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connect } from '@nats-io/transport-node';
import { sendRaw } from './fuzz/raw-http.js';
import { TOKEN, json, startHarness, until, type Harness } from './harness.js';

const deepArray = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
/** `{"x": …}` nesting `depth` deep in all. */
const argsOfDepth = (depth: number) => `{"x":${deepArray(depth - 1)}}`;
const payload = (text: string) => Buffer.from(text).toString('base64url');
const TOO_DEEP = /more than 64 levels deep/;

describe('request input limits: depth, encoding, and the HTTP layer’s own answers', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
    await h.deploy('f/limits/any', 'bun', 'export function main(x: unknown = null) { return x; }');
    const route = await h.api('/api/w/main/http_triggers/create', {
      method: 'POST',
      json: {
        path: 'f/limits/route',
        route_path: 'limits',
        http_method: 'post',
        script_path: 'f/limits/any',
        is_flow: false,
        is_async: true,
        authentication_method: 'none',
      },
    });
    assert.equal(route.status, 201, await route.text());
  });
  after(async () => h?.close());

  const post = (path: string, body: string, type = 'application/json', token: string | null = TOKEN) =>
    h.api(path, { method: 'POST', headers: { 'content-type': type }, body, token });

  async function assertTooDeep(res: Response) {
    const text = await res.text();
    assert.equal(res.status, 400, text.slice(0, 300));
    const body = JSON.parse(text) as { error: { code: string; message: string } };
    assert.equal(body.error.code, 'invalid_json', text);
    assert.match(body.error.message, TOO_DEEP);
  }

  it('refuses JSON nested 2,000 deep with a 400 on every way in, and takes 64 levels', async () => {
    const deep = argsOfDepth(2000);
    await assertTooDeep(await post('/api/w/main/jobs/run/p/f/limits/any', deep));
    await assertTooDeep(await post('/api/w/main/jobs/run/p/f/limits/any', deep, 'text/plain'));
    await assertTooDeep(await post('/api/w/main/jobs/run_wait_result/p/f/limits/any', deep));
    await assertTooDeep(await h.api(`/api/w/main/jobs/run_wait_result/p/f/limits/any?payload=${payload(deep)}`));
    await assertTooDeep(
      await post('/api/w/main/jobs/run/preview_flow', `{"value":{"modules":[]},"args":${argsOfDepth(2000)}}`),
    );
    await assertTooDeep(
      await post(
        '/api/w/main/schedules/create',
        `{"path":"f/limits/s","schedule":"0 0 * * * *","timezone":"UTC","script_path":"f/limits/any","args":${deep}}`,
      ),
    );
    await assertTooDeep(await post('/api/w/main/flows/create', deepArray(2000), 'application/yaml'));
    // The route's URL as the API states it (routes may move under their workspace).
    const route = await json(h.api('/api/w/main/http_triggers/get/f/limits/route'));
    await assertTooDeep(await post(route.url_path as string, deep, 'application/json', null));

    // The limit itself passes: the whole body 64 deep.
    const ok = await post('/api/w/main/jobs/run/p/f/limits/any', argsOfDepth(64));
    assert.equal(ok.status, 201, await ok.text());
    await assertTooDeep(await post('/api/w/main/jobs/run/p/f/limits/any', argsOfDepth(65)));
  });

  it('fails a NATS message nested too deep as an invalid trigger message', async () => {
    const subject = `deep_${h.prefix}.in`;
    const created = await h.api('/api/w/main/nats_triggers/create', {
      method: 'POST',
      json: { path: 'f/limits/nats', subject, script_path: 'f/limits/any' },
    });
    assert.equal(created.status, 201, await created.text());
    // Where publishers publish, as the API states it (subjects may live in a workspace namespace).
    const view = await json(h.api('/api/w/main/nats_triggers/get/f/limits/nats'));
    const target = (view.full_subjects as string[] | undefined)?.[0] ?? subject;
    const nc = await connect({ servers: process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222' });
    try {
      // A subscription is live on every replica once the trigger exists; retry until one takes it.
      const job = await until(async () => {
        nc.publish(target, argsOfDepth(2000));
        await nc.flush();
        await new Promise((r) => setTimeout(r, 200));
        const jobs = (await json(h.api('/api/w/main/jobs/list?script_path=f/limits/any&per_page=100'))) as {
          trigger_path: string | null;
          status: string;
          result: { error: { name: string; message: string } };
        }[];
        return jobs.find((j) => j.trigger_path === 'f/limits/nats');
      });
      assert.equal(job.status, 'failure');
      assert.equal(job.result.error.name, 'InvalidTriggerMessage');
      assert.match(job.result.error.message, TOO_DEEP);
    } finally {
      await nc.close();
    }
  });

  it("refuses an approval link's ?payload= nested too deep", async () => {
    await h.startWorker();
    const step = { type: 'rawscript', language: 'bash', content: 'echo asked', input_transforms: {} };
    const flow = await h.api('/api/w/main/flows/create', {
      method: 'POST',
      json: { path: 'f/limits/approve', value: { modules: [{ id: 'ask', value: step, suspend: { timeout: 600 } }] } },
    });
    assert.equal(flow.status, 201, await flow.text());
    const id = await (await post('/api/w/main/jobs/run/f/f/limits/approve', '{}')).text();
    const stepJob = await until(async () => {
      const job = await json(h.api(`/api/w/main/jobs_u/get/${id}`));
      return job.flow_status?.modules[0].status === 'suspended'
        ? (job.flow_status.modules[0].job as string)
        : undefined;
    });
    const urls = await json(h.api(`/api/w/main/jobs/resume_urls/${stepJob}/1`));
    // A POST without a body takes its payload from ?payload= (a GET only shows the page).
    const resume = new URL(urls.resume as string);
    resume.searchParams.set('payload', payload(deepArray(2000)));
    await assertTooDeep(await fetch(resume, { method: 'POST' }));
    assert.equal((await json(h.api(`/api/w/main/jobs_u/get/${id}`))).status, 'running', 'still waiting');
  });

  it('refuses GraphQL arguments nested too deep, as literals and as variables', async () => {
    const gql = async (body: unknown) => {
      const res = await h.api('/graphql', { method: 'POST', json: body });
      assert.ok(res.status < 500, `status ${res.status}`);
      return (await res.json()) as { data: unknown; errors?: { message: string }[] };
    };
    // Deep enough to pass the limit, not so deep as to overflow GraphQL's own (recursive) parser.
    const literal = '{a:'.repeat(200) + '1' + '}'.repeat(200);
    const byLiteral = await gql({
      query: `mutation { runScript(workspace: "main", path: "f/limits/any", args: ${literal}) { id } }`,
    });
    assert.match(byLiteral.errors?.[0]?.message ?? '', TOO_DEEP, JSON.stringify(byLiteral).slice(0, 300));

    const mutation = 'mutation($a: JSON) { runScript(workspace: "main", path: "f/limits/any", args: $a) { id } }';
    let nested: unknown = 1;
    for (let i = 0; i < 100; i++) nested = { a: nested };
    const byVariable = await gql({ query: mutation, variables: { a: nested } });
    assert.match(byVariable.errors?.[0]?.message ?? '', TOO_DEEP, JSON.stringify(byVariable).slice(0, 300));
    assert.equal(JSON.stringify(byVariable).includes('{"a":{"a":{"a":{"a":'), false, 'the value is not echoed');

    const fine = await gql({ query: mutation, variables: { a: { x: [[1]] } } });
    assert.equal(fine.errors, undefined, JSON.stringify(fine));
  });

  it('says a body is not valid UTF-8, for JSON and for text', async () => {
    const bytes = Buffer.from([0x7b, 0x22, 0x78, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]); // {"x":"\xff\xfe"}
    for (const type of ['application/json', 'text/plain', 'application/x-www-form-urlencoded']) {
      const res = await h.api('/api/w/main/jobs/run/p/f/limits/any', {
        method: 'POST',
        headers: { 'content-type': type },
        body: bytes,
      });
      const body = await json(res);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(body.error.code, 'bad_request');
      assert.match(body.error.message, /not valid UTF-8/, type);
    }
  });

  it("answers Node's and the router's refusals in the project's shape, without repeating the request", async () => {
    const longPath = 'x'.repeat(20_000);
    const tooLarge = await h.api(`/api/w/main/scripts/get/p/${longPath}`);
    const large = await json(tooLarge);
    assert.equal(tooLarge.status, 431);
    assert.equal(large.error.code, 'headers_too_large');
    assert.match(large.error.message, /exceed 16384 bytes/);

    const longParam = 'h'.repeat(300);
    const tooLong = await h.api(`/api/w/main/jobs/run/h/${longParam}`, { method: 'POST', json: {} });
    const long = await json(tooLong);
    assert.equal(tooLong.status, 414);
    assert.equal(long.error.code, 'uri_too_long');
    assert.ok(!JSON.stringify(long).includes('hhhhhhhhhh'), JSON.stringify(long));

    const badUrl = await h.api('/api/w/main/jobs/run/h/%E0%A4%A', { method: 'POST', json: {} });
    assert.equal(badUrl.status, 400);
    assert.match((await json(badUrl)).error.message, /does not decode/);

    const garbage = await sendRaw(h.url, 'GARBAGE / HTTP/1.1\r\n\r\n');
    assert.equal(garbage.status, 400);
    // Else a keep-alive client would send its next request on the socket being closed.
    assert.match(garbage.head, /^Connection: close\r?$/m);
    assert.equal((JSON.parse(garbage.body) as { error: { code: string } }).error.code, 'bad_request');

    const health = await h.api('/api/health');
    assert.equal(health.status, 200, 'the server took it all in its stride');
  });

  it('shortens an error message that would repeat a long value from the URL', async () => {
    const path = `f/limits/${'y'.repeat(5000)}`;
    const res = await h.api(`/api/w/main/scripts/get/p/${path}`);
    const body = await json(res);
    assert.equal(res.status, 404);
    assert.ok(body.error.message.length <= 500, `${body.error.message.length} characters`);
    assert.match(body.error.message, /^script "f\/limits\/yyy.* … .*not found in workspace "main"$/);
  });
});
