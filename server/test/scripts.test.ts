import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { json, startHarness, type Harness } from './harness.js';

describe('scripts API', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => h?.close());

  it('answers health without a token', async () => {
    const res = await h.api('/api/health', { token: null });
    assert.equal(res.status, 200);
    assert.deepEqual(await json(res), { status: 'ok' });
    assert.equal((await h.api('/api/version', { token: null })).status, 200);
  });

  it('deploys a version, infers its schema and serves it by path and hash', async () => {
    const content = 'export async function main(name: string, times = 2, mode?: "a" | "b") { return name }';
    const res = await h.api('/api/w/main/scripts/create', {
      method: 'POST',
      json: { path: 'f/demo/hello', language: 'bun', content, summary: 'Hello' },
    });
    assert.equal(res.status, 201);
    const hash = await res.text();
    assert.match(hash, /^[0-9a-f]{16}$/);

    const byPath = await json(h.api('/api/w/main/scripts/get/p/f/demo/hello'));
    assert.equal(byPath.hash, hash);
    assert.equal(byPath.language, 'bun');
    assert.equal(byPath.summary, 'Hello');
    assert.deepEqual(Object.keys(byPath.schema.properties), ['name', 'times', 'mode']);
    assert.deepEqual(byPath.arg_order, ['name', 'times', 'mode'], 'forms show fields in the declared order');
    assert.deepEqual(byPath.schema.required, ['name']);
    assert.equal(byPath.schema.properties.times.default, 2);
    assert.deepEqual(byPath.schema.properties.mode.enum, ['a', 'b']);

    const byHash = await json(h.api(`/api/w/main/scripts/get/h/${hash}`));
    assert.equal(byHash.content, content);

    // The same content again is no new version; new content is, pointing at its parent.
    const again = await h.api('/api/w/main/scripts/create', {
      method: 'POST',
      json: { path: 'f/demo/hello', language: 'bun', content, summary: 'Hello' },
    });
    assert.equal(await again.text(), hash);
    const v2 = await h.deploy('f/demo/hello', 'bun', content.replace('return name', 'return name + "!"'));
    assert.notEqual(v2, hash);
    const latest = await json(h.api('/api/w/main/scripts/get/p/f/demo/hello'));
    assert.equal(latest.hash, v2);
    assert.equal(latest.parent_hash, hash);
  });

  it('lists latest versions and archives', async () => {
    await h.deploy('f/demo/listed', 'bash', 'echo hi');
    const list = (await json(h.api('/api/w/main/scripts/list'))) as { path: string }[];
    assert.ok(list.some((s) => s.path === 'f/demo/listed'));
    const archived = await h.api('/api/w/main/scripts/archive/p/f/demo/listed', { method: 'POST' });
    assert.equal(archived.status, 200);
    const after = (await json(h.api('/api/w/main/scripts/list'))) as { path: string }[];
    assert.ok(!after.some((s) => s.path === 'f/demo/listed'));
    const run = await h.api('/api/w/main/jobs/run/p/f/demo/listed', { method: 'POST', json: {} });
    assert.equal(run.status, 400);
    assert.match((await json(run)).error.message, /archived/);
  });

  it('rejects bad scripts with a 400 that says what to fix', async () => {
    const cases: [unknown, RegExp][] = [
      [{ path: 'hello', language: 'bun', content: 'x' }, /invalid path/],
      [{ path: 'f/x/../y', language: 'bun', content: 'export function main() {}' }, /invalid path/],
      [{ path: 'f/x/y', language: 'cobol', content: 'x' }, /language must be one of/],
      [{ path: 'f/x/y', language: 'bun' }, /content is required/],
      [{ path: 'f/x/y', language: 'bun', content: 'x', timeout: -1 }, /timeout/],
      [{ path: 'f/x/y', language: 'python3', content: 'def main(:\n  pass' }, /line 1/],
      [{ path: 'f/x/y', language: 'bun', content: 'export function notMain() {}' }, /main/],
    ];
    for (const [input, message] of cases) {
      const res = await h.api('/api/w/main/scripts/create', { method: 'POST', json: input });
      assert.equal(res.status, 400, JSON.stringify(input));
      const body = await json(res);
      assert.ok(body.error.code, 'error has a code');
      assert.match(body.error.message, message);
    }
  });

  it('answers malformed JSON, unknown things and big bodies with 4xx', async () => {
    const bad = await h.api('/api/w/main/scripts/create', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"path": ',
    });
    assert.equal(bad.status, 400);
    const badBody = await json(bad);
    assert.equal(badBody.error.code, 'invalid_json');
    assert.match(badBody.error.message, /not valid JSON/);

    assert.equal((await h.api('/api/w/main/scripts/get/p/f/no/such')).status, 404);
    assert.equal((await h.api('/api/w/main/scripts/get/h/deadbeef')).status, 404);
    assert.equal((await h.api('/api/w/nope/scripts/list')).status, 404);
    assert.equal((await h.api('/api/no/such/route')).status, 404);

    // What PostgreSQL or the router cannot take is the request's fault, said in the usual shape.
    const nul = await h.api('/api/w/main/scripts/create', {
      method: 'POST',
      json: { path: 'f/x/nul', language: 'bash', content: 'echo \u0000' },
    });
    assert.equal(nul.status, 400);
    assert.match((await json(nul)).error.message, /NUL character/);
    assert.equal((await h.api('/api/w/main%00/scripts/list')).status, 400);
    const badUrl = await h.api('/api/w/main/scripts/get/p/%ZZ');
    assert.equal(badUrl.status, 400);
    assert.equal((await json(badUrl)).error.code, 'bad_request');

    const huge = await h.api('/api/w/main/scripts/create', {
      method: 'POST',
      json: { path: 'f/x/big', language: 'bash', content: 'x'.repeat(11 * 1024 * 1024) },
    });
    assert.equal(huge.status, 413);
    assert.equal((await json(huge)).error.code, 'payload_too_large');
  });

  it('requires a valid token everywhere but health', async () => {
    const none = await h.api('/api/w/main/scripts/list', { token: null });
    assert.equal(none.status, 401);
    assert.match((await json(none)).error.message, /missing token/);
    assert.equal((await h.api('/api/w/main/scripts/list', { token: 'wrong' })).status, 401);
    const viaQuery = await fetch(`${h.url}/api/w/main/scripts/list?token=wrong`);
    assert.equal(viaQuery.status, 401);
  });
});
