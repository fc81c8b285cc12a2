import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { json, startHarness, type Harness } from './harness.js';

/**
 * `nativets` (docs/adr/0048): TypeScript whose `main` runs in a QuickJS isolate in the server,
 * as a script and as a flow step, with no worker at all (none is started here), limits that stop
 * it, and a deploy that refuses imports.
 */
describe('nativets: TypeScript run in an isolate in the server', () => {
  let h: Harness;
  let db: pg.Client;
  before(async () => {
    // A short ceiling, so that the endless loop below is stopped quickly.
    h = await startHarness({
      RUNNEL_NATIVE_TIMEOUT_MS: '1500',
      RUNNEL_NATIVE_MEMORY_MB: '32',
      RUNNEL_MASTER_KEY: randomBytes(32).toString('base64'),
    });
    db = new pg.Client({ connectionString: h.databaseUrl });
    await db.connect();
  });
  after(async () => {
    await db?.end();
    await h?.close();
  });

  const runSync = (path: string, args: unknown) =>
    h.api(`/api/w/main/jobs/run_wait_result/p/${path}`, { method: 'POST', json: args });
  const logsOf = async (id: string) => (await h.api(`/api/w/main/jobs_u/get_logs/${id}`)).text();

  it('deploys with its form inferred as TypeScript, runs without a worker, keeps what it printed', async () => {
    await h.deploy(
      'f/native/add',
      'nativets',
      'type Options = { times?: number };\n' +
        '/** Adds */\nexport async function main(x: number, label = "sum", opts: Options = {}) {\n' +
        '  console.log("adding", x, { label });\n  await null;\n  return { [label]: (x + 1) * (opts.times ?? 1) };\n}\n',
    );
    const script = await json(h.api('/api/w/main/scripts/get/p/f/native/add'));
    assert.equal(script.language, 'nativets');
    assert.deepEqual(script.schema.required, ['x']);
    assert.equal(script.schema.properties.x.type, 'number');
    assert.equal(script.schema.properties.label.default, 'sum');

    const res = await runSync('f/native/add', { x: 41, opts: { times: 2 } });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { sum: 84 });
    const id = res.headers.get('x-runnel-job-id')!;
    const job = await h.waitJob(id);
    assert.equal(job.status, 'success');
    assert.match(String(job.worker), /^server-native@/);
    assert.match(await logsOf(id), /adding 41 \{"label":"sum"\}/);

    // Arguments are checked as for any script.
    const bad = await runSync('f/native/add', { x: 'forty' });
    assert.equal(bad.status, 400);

    // The editor's Test button: unsaved code, run the same way.
    const preview = await h.api('/api/w/main/jobs/run_wait_result/preview', {
      method: 'POST',
      json: {
        language: 'nativets',
        content: 'export function main(s: string) { return s.toUpperCase() }',
        args: { s: 'hi' },
      },
    });
    assert.equal(preview.status, 200);
    assert.equal(await preview.json(), 'HI');
  });

  it('refuses at deploy an import, a require or a dynamic import, naming the line', async () => {
    for (const content of [
      'import _ from "lodash";\nexport function main() { return 1 }',
      'export function main() {\n  return require("fs").readFileSync("/etc/passwd", "utf8");\n}',
      'export async function main() {\n  const fs = await import("node:fs");\n  return 1;\n}',
    ]) {
      const res = await h.api('/api/w/main/scripts/create', {
        method: 'POST',
        json: { path: 'f/native/imports', language: 'nativets', content },
      });
      assert.equal(res.status, 400, content);
      const body = await json(res);
      assert.match(body.error.message, /nativets script cannot import/);
      assert.ok(body.error.details.line >= 1);
    }
    // A type-only import is no import at run time.
    await h.deploy(
      'f/native/typeonly',
      'nativets',
      'import type { X } from "./x";\nexport function main() { return 1 }',
    );
  });

  it('stops an endless loop, runaway memory and deep recursion with a clear error, and keeps serving', async () => {
    await h.deploy(
      'f/native/loop',
      'nativets',
      'export function main() {\n  console.log("looping");\n  for (;;) {}\n}',
    );
    await h.deploy(
      'f/native/hog',
      'nativets',
      'export function main() {\n  const a: number[][] = [];\n  for (;;) a.push(new Array(10000).fill(1));\n}',
    );
    await h.deploy(
      'f/native/deep',
      'nativets',
      'function f(n: number): number { return f(n + 1) + 1 }\nexport function main() { return f(0) }',
    );
    await h.deploy('f/native/throws', 'nativets', 'export function main() { throw new RangeError("no good"); }');
    await h.deploy('f/native/ok', 'nativets', 'export function main(n: number) { return n * 2 }');

    const started = Date.now();
    const [loop, hog, deep, throws, ok] = await Promise.all([
      runSync('f/native/loop', {}),
      runSync('f/native/hog', {}),
      runSync('f/native/deep', {}),
      runSync('f/native/throws', {}),
      runSync('f/native/ok', { n: 21 }),
    ]);
    assert.deepEqual(await ok.json(), 42);
    const errorOf = async (res: Response) => {
      const { name, message } = ((await res.json()) as { error: { name: string; message: string } }).error;
      return { name, message };
    };
    assert.deepEqual(await errorOf(loop), {
      name: 'Timeout',
      message: 'the script took longer than 1500 ms and was stopped',
    });
    assert.equal((await errorOf(hog)).name, 'OutOfMemory');
    assert.equal((await errorOf(deep)).name, 'StackOverflow');
    assert.deepEqual(await errorOf(throws), { name: 'RangeError', message: 'no good' });
    assert.ok(Date.now() - started < 15_000, 'the limits stop the runs in seconds');

    // A script's own timeout below the ceiling holds too.
    await h.deploy('f/native/short', 'nativets', 'export function main() { for (;;) {} }', { timeout: 1 });
    assert.equal((await errorOf(await runSync('f/native/short', {}))).name, 'Timeout');
    // And the isolates serve on.
    assert.deepEqual(await (await runSync('f/native/ok', { n: 2 })).json(), 4);
  });

  it('keeps a module loaded between runs of one version in one workspace, never across versions or workspaces', async () => {
    const counter = 'let runs = 0;\nexport function main() {\n  runs += 1;\n  return runs;\n}\n';
    await h.deploy('f/native/counter', 'nativets', counter);
    const once = async (workspace: string, path: string) =>
      json(h.api(`/api/w/${workspace}/jobs/run_wait_result/p/${path}`, { method: 'POST', json: {} }));
    // One after the other, runs of the same version go to the thread that has it loaded.
    assert.deepEqual([await once('main', 'f/native/counter'), await once('main', 'f/native/counter')], [1, 2]);

    // The same code in another workspace is another module.
    const id = `nt${Date.now().toString(36)}`;
    assert.equal(
      (await h.api('/api/workspaces/create', { method: 'POST', json: { id, name: 'Native B' } })).status,
      201,
    );
    const other = await h.api(`/api/w/${id}/scripts/create`, {
      method: 'POST',
      json: { path: 'f/native/counter', language: 'nativets', content: counter },
    });
    assert.equal(other.status, 201, await other.text());
    assert.equal(await once(id, 'f/native/counter'), 1);

    // A new version starts afresh.
    await h.deploy('f/native/counter', 'nativets', `${counter}// v2\n`);
    assert.equal(await once('main', 'f/native/counter'), 1);
  });

  it('runs as flow steps, inline and deployed, inside the orchestration: results, logs and failures', async () => {
    const created = await h.api('/api/w/main/flows/create', {
      method: 'POST',
      json: {
        path: 'f/native/flow',
        value: {
          modules: [
            {
              id: 'plus_one',
              value: {
                type: 'rawscript',
                language: 'nativets',
                content: 'export function main(x: number) {\n  console.log("plus one of", x);\n  return x + 1;\n}',
                input_transforms: { x: { type: 'javascript', expr: 'flow_input.x' } },
              },
            },
            {
              id: 'times_two',
              value: {
                type: 'script',
                path: 'f/native/ok',
                input_transforms: { n: { type: 'javascript', expr: 'results.plus_one' } },
              },
            },
          ],
        },
        schema: { type: 'object', properties: { x: { type: 'integer' } }, required: ['x'] },
      },
    });
    assert.equal(created.status, 201, await created.text());
    const res = await h.api('/api/w/main/jobs/run_wait_result/f/f/native/flow', { method: 'POST', json: { x: 1 } });
    assert.equal(res.status, 200);
    assert.equal(await res.json(), 4);
    const flowId = res.headers.get('x-runnel-job-id')!;
    const steps = (
      await db.query(
        `SELECT flow_step_id, status, result, language, worker, started_at, completed_at FROM job
         WHERE parent_job = $1 ORDER BY created_at`,
        [flowId],
      )
    ).rows as { flow_step_id: string; status: string; result: unknown; language: string; worker: string }[];
    assert.deepEqual(
      steps.map((s) => [s.flow_step_id, s.status, s.result, s.language]),
      [
        ['plus_one', 'success', 2, 'nativets'],
        ['times_two', 'success', 4, 'nativets'],
      ],
    );
    const plusOne = (await db.query(`SELECT id FROM job WHERE parent_job = $1 AND flow_step_id = 'plus_one'`, [flowId]))
      .rows[0] as { id: string };
    assert.match(await logsOf(plusOne.id), /plus one of 1/);

    // A failing step fails the flow with the step's error, as a worker's failure would.
    const failing = await h.api('/api/w/main/flows/create', {
      method: 'POST',
      json: {
        path: 'f/native/failing',
        value: { modules: [{ id: 'boom', value: { type: 'script', path: 'f/native/throws' } }] },
      },
    });
    assert.equal(failing.status, 201);
    const failed = await h.api('/api/w/main/jobs/run_wait_result/f/f/native/failing', { method: 'POST', json: {} });
    const body = await failed.json();
    assert.match(JSON.stringify(body), /no good/);
  });

  it('has the SDK: variables (secrets masked), resources, $var:/$res: arguments and state, as the job’s user; in a flow step too', async () => {
    const create = async (what: string, body: unknown) => {
      const res = await h.api(`/api/w/main/${what}/create`, { method: 'POST', json: body });
      assert.equal(res.status, 201, await res.text());
    };
    await create('variables', { path: 'f/native/token', value: 'sekret-token-123', is_secret: true });
    await create('resources', {
      path: 'f/native/db',
      resource_type: 'postgresql',
      value: { host: 'db.example', user: 'u', dbname: 'd', password: 'pg-password-456' },
    });
    await h.deploy(
      'f/native/sdk',
      'nativets',
      `import * as wmill from "windmill-client";
export async function main(db: { host: string }) {
  const token = await wmill.getVariable("f/native/token");
  console.log("token is", token);
  const state = ((await wmill.getState()) ?? 0) + 1;
  await wmill.setState(state);
  const res = await wmill.getResource("f/native/db");
  let missing = "";
  try { await wmill.getVariable("f/native/nope") } catch (e) { missing = e.message }
  let other = "";
  try { await wmill.runScript("f/native/ok", {}) } catch (e) { other = e.message }
  return { token, length: token.length, host: db.host, password: res.password, state, missing, other };
}`,
    );
    const run = async () => {
      const res = await runSync('f/native/sdk', { db: '$res:f/native/db' });
      assert.equal(res.status, 200);
      return { body: (await res.json()) as Record<string, unknown>, id: res.headers.get('x-runnel-job-id')! };
    };
    const first = await run();
    assert.equal(first.body.token, '********', 'a secret is masked in the result');
    assert.equal(first.body.length, 16, 'the script had the plaintext');
    assert.equal(first.body.host, 'db.example');
    assert.equal(first.body.password, '********');
    assert.equal(first.body.state, 1);
    assert.match(String(first.body.missing), /wmill get_variable: .*not found/i);
    assert.match(String(first.body.other), /runScript is not available in nativets/);
    const logs = await logsOf(first.id);
    assert.match(logs, /token is \*{8}/);
    assert.doesNotMatch(logs, /sekret/);
    assert.equal((await run()).body.state, 2, 'state is kept per script');

    // An inline flow step acts as the flow's user: its row is written only once it has run.
    const created = await h.api('/api/w/main/flows/create', {
      method: 'POST',
      json: {
        path: 'f/native/sdkflow',
        value: {
          modules: [
            {
              id: 'read',
              value: {
                type: 'rawscript',
                language: 'nativets',
                content:
                  'import { getVariable } from "windmill-client";\nexport async function main() { return (await getVariable("f/native/token")).length }',
                input_transforms: {},
              },
            },
          ],
        },
      },
    });
    assert.equal(created.status, 201, await created.text());
    const flow = await h.api('/api/w/main/jobs/run_wait_result/f/f/native/sdkflow', { method: 'POST', json: {} });
    assert.equal(flow.status, 200);
    assert.equal(await flow.json(), 16);
  });
});
