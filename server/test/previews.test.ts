import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { addUser, json, startHarness, type Harness } from './harness.js';

describe("the editor's endpoints: running code that is not deployed, reading its form", () => {
  let h: Harness;
  let operator: string;
  before(async () => {
    h = await startHarness();
    await h.startWorker();
    operator = (await addUser(h, 'operator')).token;
  });
  after(async () => h?.close());

  const preview = (body: unknown, sync = false, token?: string) =>
    h.api(`/api/w/main/jobs/${sync ? 'run_wait_result' : 'run'}/preview`, { method: 'POST', json: body, token });
  const infer = (body: unknown, token?: string) =>
    h.api('/api/w/main/scripts/infer_schema', { method: 'POST', json: body, token });

  it("runs unsaved code with Windmill's Preview body, checking its args as a deploy would", async () => {
    const content = 'def main(name: str, times: int = 2):\n    print("hi", name)\n    return name * times';
    const res = await preview({ language: 'python3', content, args: { name: 'ab' }, path: 'u/admin/draft' });
    assert.equal(res.status, 201);
    const id = await res.text();
    const job = await h.waitJob(id);
    assert.equal(job.status, 'success');
    assert.equal(job.result, 'abab');
    assert.equal(job.kind, 'preview');
    assert.equal(job.script_path, 'u/admin/draft');
    assert.equal(job.script_hash, null);
    // Defaults are filled in, so the stored args show what ran.
    assert.deepEqual(job.args, { name: 'ab', times: 2 });
    assert.match(await (await h.api(`/api/w/main/jobs_u/get_logs/${id}`)).text(), /hi ab/);

    const sync = await preview({ language: 'bash', content: 'who="$1"\necho "hello $who"', args: { who: 'x' } }, true);
    assert.equal(sync.status, 200);
    assert.equal(await json(sync), 'hello x');
    assert.ok(sync.headers.get('x-runnel-job-id'));

    const ts = await preview(
      { language: 'bun', content: 'export function main(n: number) { return n * 2 }', args: { n: 21 } },
      true,
    );
    assert.equal(await json(ts), 42);
  });

  it('answers 400 naming the bad field, or the line of a syntax error, and queues nothing', async () => {
    const before = await jobCount(h);
    const bad = await preview({ language: 'python3', content: 'def main(n: int):\n    return n', args: { n: 'x' } });
    assert.equal(bad.status, 400);
    const body = await json(bad);
    assert.equal(body.error.code, 'invalid_arguments');
    assert.equal(body.error.details[0].field, 'n');

    const broken = await preview({ language: 'python3', content: 'def main(a:\n    return 1', args: {} });
    assert.equal(broken.status, 400);
    assert.equal((await json(broken)).error.code, 'invalid_script');

    // The form's refinements count as they will once deployed.
    const refined = await preview({
      language: 'python3',
      content: 'def main(n: int):\n    return n',
      args: { n: 6 },
      schema_overrides: { properties: { n: { maximum: 5 } } },
    });
    assert.equal(refined.status, 400);
    assert.equal((await json(refined)).error.details[0].field, 'n');

    const unknown = await preview({ language: 'cobol', content: 'x' });
    assert.equal(unknown.status, 400);
    assert.match((await json(unknown)).error.message, /language/);
    assert.equal(await jobCount(h), before);
  });

  it('is for developers: an operator gets 403', async () => {
    const res = await preview({ language: 'bash', content: 'echo hi' }, false, operator);
    assert.equal(res.status, 403);
    assert.equal((await infer({ language: 'bash', content: 'echo hi' }, operator)).status, 403);
  });

  it("reads a live form with the deploy's parser, in milliseconds and without a write", async () => {
    const before = await jobCount(h);
    const res = await infer({
      language: 'python3',
      content: 'def main(a: int, b: str = "x", c: list[int] = []):\n  pass',
    });
    assert.equal(res.status, 200);
    const body = await json(res);
    assert.deepEqual(body.arg_order, ['a', 'b', 'c']);
    assert.deepEqual(body.schema.required, ['a']);
    assert.equal(body.schema.properties.a.type, 'integer');
    assert.equal(body.schema.properties.b.default, 'x');
    assert.deepEqual(body.schema.properties.c.items, { type: 'integer' });

    const ts = await json(infer({ language: 'bun', content: 'export async function main(x: "a" | "b", d?: Date) {}' }));
    assert.deepEqual(ts.schema.properties.x.enum, ['a', 'b']);
    assert.equal(ts.schema.properties.d.format, 'date-time');

    // The editor shows a parse error at its line and column.
    const broken = await infer({ language: 'python3', content: 'import os\n\ndef main(a: int,, b):\n  pass' });
    assert.equal(broken.status, 400);
    const error = (await json(broken)).error;
    assert.equal(error.code, 'invalid_script');
    assert.equal(error.details.line, 3);
    assert.equal(typeof error.details.column, 'number');
    const tsBroken = (await json(infer({ language: 'bun', content: 'export function main(a: string {\n}' }))).error;
    assert.equal(tsBroken.details.line, 1);

    // Fast enough to call on every pause in typing: a different content each time (no cache).
    const started = performance.now();
    for (let i = 0; i < 20; i++) {
      const r = await infer({ language: 'python3', content: `def main(a${i}: int, b: str = "y"):\n  return ${i}` });
      assert.equal(r.status, 200);
    }
    const perCall = (performance.now() - started) / 20;
    console.log(`infer_schema: ${perCall.toFixed(1)} ms per call (python3, uncached, over HTTP)`);
    assert.equal(await jobCount(h), before);
  });
});

async function jobCount(h: Harness): Promise<number> {
  const client = new pg.Client({ connectionString: h.databaseUrl });
  await client.connect();
  try {
    return Number((await client.query('SELECT count(*) AS n FROM job')).rows[0].n);
  } finally {
    await client.end();
  }
}
