import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addUser, json, startHarness, type Harness } from './harness.js';

describe('jobs/run/preview_step: one step of an unsaved flow, against the last test run', () => {
  let h: Harness;
  let operator: string;
  let other: string;
  before(async () => {
    h = await startHarness();
    await h.startWorker();
    operator = (await addUser(h, 'operator')).token;
    other = (await addUser(h, 'developer', { workspace: 'other' })).token;
    await h.deploy('f/main/double', 'bun', 'export function main(n: number) { return { owner: "main", n: n * 2 } }');
    const flow = await h.api('/api/w/main/flows/create', {
      method: 'POST',
      json: {
        path: 'f/main/sub',
        summary: 'sub',
        value: {
          modules: [
            {
              id: 'x',
              value: {
                type: 'rawscript',
                language: 'bun',
                content: 'export function main(s: string) { return s + "!" }',
                input_transforms: { s: { type: 'javascript', expr: 'flow_input.s' } },
              },
            },
          ],
        },
        schema: { type: 'object', properties: { s: { type: 'string' } } },
      },
    });
    assert.equal(flow.status, 201, await flow.clone().text());
  });
  after(async () => h?.close());

  const step = (body: unknown, opts: { token?: string; workspace?: string } = {}) =>
    h.api(`/api/w/${opts.workspace ?? 'main'}/jobs/run/preview_step`, {
      method: 'POST',
      json: body,
      token: opts.token,
    });

  const rawscript = (content: string, inputs: Record<string, unknown>) => ({
    id: 'b',
    value: { type: 'rawscript', language: 'bun', content, input_transforms: inputs },
  });

  it('evaluates results.<id>, flow_input and previous_result with the engine, then runs the code', async () => {
    const res = await step({
      module: rawscript(
        'export function main(a: number, who: string, prev: any) { console.log("step b", a); return { sum: a + 1, who, prev } }',
        {
          a: { type: 'javascript', expr: 'results.a.count * 10' },
          who: { type: 'javascript', expr: '`${flow_input.name}-${flow_input.tags.length}`' },
          prev: { type: 'javascript', expr: 'previous_result' },
        },
      ),
      flow_input: { name: 'ada', tags: ['x', 'y'] },
      results: { a: { count: 4 } },
      previous_result: { from: 'a' },
    });
    assert.equal(res.status, 201, await res.clone().text());
    const body = await json(res);
    assert.equal(body.kind, 'preview');
    assert.deepEqual(body.args, { a: 40, who: 'ada-2', prev: { from: 'a' } });
    const job = await h.waitJob(body.job_id);
    assert.equal(job.status, 'success');
    assert.equal(job.kind, 'preview');
    assert.deepEqual(job.result, { sum: 41, who: 'ada-2', prev: { from: 'a' } });
    assert.match(await (await h.api(`/api/w/main/jobs_u/get_logs/${body.job_id}`)).text(), /step b 40/);
  });

  it('runs a script or a flow by path, and answers an identity step with previous_result', async () => {
    const script = await json(
      step({
        module: {
          id: 's',
          value: {
            type: 'script',
            path: 'f/main/double',
            input_transforms: { n: { type: 'javascript', expr: 'results.a + 1' } },
          },
        },
        results: { a: 20 },
      }),
    );
    assert.equal(script.kind, 'script');
    assert.deepEqual(script.args, { n: 21 });
    assert.deepEqual((await h.waitJob(script.job_id)).result, { owner: 'main', n: 42 });

    const flow = await json(
      step({
        module: {
          id: 'f',
          value: { type: 'flow', path: 'f/main/sub', input_transforms: { s: { type: 'static', value: 'hey' } } },
        },
      }),
    );
    assert.equal(flow.kind, 'flow');
    assert.equal((await h.waitJob(flow.job_id)).result, 'hey!');

    // Without previous_result, a step sees the flow input, as a flow's first step does.
    const identity = await json(step({ module: { id: 'i', value: { type: 'identity' } }, flow_input: { k: 1 } }));
    assert.deepEqual(identity, { job_id: null, kind: 'identity', args: {}, result: { k: 1 } });
  });

  it('answers 400 naming the input whose expression fails, and queues nothing', async () => {
    const before = await jobCount();
    const res = await step({
      module: rawscript('export function main(a: number, b: number) { return a + b }', {
        a: { type: 'static', value: 1 },
        b: { type: 'javascript', expr: 'results.missing.value' },
      }),
      results: { a: 1 },
    });
    assert.equal(res.status, 400);
    const error = (await json(res)).error;
    assert.match(error.message, /input "b"/);
    assert.match(error.message, /results\.missing\.value/);
    assert.match(error.message, /TypeError/);
    assert.equal(error.details[0].field, 'input_transforms.b');

    const syntax = await json(
      step({
        module: rawscript('export function main(a: number) { return a }', { a: { type: 'javascript', expr: '1 +' } }),
      }),
    );
    assert.equal(syntax.error.details[0].field, 'input_transforms.a');

    const loop = await step({
      module: { id: 'l', value: { type: 'forloopflow', iterator: { type: 'javascript', expr: '[1]' }, modules: [] } },
    });
    assert.equal(loop.status, 400);
    assert.match((await json(loop)).error.message, /test a loop or branch with Test flow/);

    const notAStep = await step({ module: { id: 'z', value: { type: 'nothing' } } });
    assert.equal(notAStep.status, 400);
    const broken = await step({ module: rawscript('export function main(a: number) {\n  return a', {}) });
    assert.equal(broken.status, 400);
    const brokenError = (await json(broken)).error;
    assert.match(brokenError.message, /^invalid step: module\.value\.content: line \d+/);
    assert.equal(brokenError.details[0].field, 'module.value.content');
    assert.equal((await step({})).status, 400);
    assert.equal(await jobCount(), before);
  });

  it("is for developers of the workspace: nothing of another workspace's scripts or flows", async () => {
    const body = {
      module: {
        id: 's',
        value: { type: 'script', path: 'f/main/double', input_transforms: { n: { type: 'static', value: 1 } } },
      },
    };
    assert.equal((await step(body, { token: operator })).status, 403);
    // A developer of `other` cannot post to main, nor reach main's script or flow from its own workspace.
    assert.equal((await step(body, { token: other })).status, 403);
    const script = await step(body, { token: other, workspace: 'other' });
    assert.equal(script.status, 404);
    assert.match((await json(script)).error.message, /f\/main\/double/);
    const flow = await step(
      { module: { id: 'f', value: { type: 'flow', path: 'f/main/sub', input_transforms: {} } } },
      { token: other, workspace: 'other' },
    );
    assert.equal(flow.status, 404);
    const runs = await json(h.api('/api/w/other/jobs/list', { token: other }));
    assert.equal(runs.length, 0);
  });

  async function jobCount(): Promise<number> {
    return (await json(h.api('/api/w/main/jobs/list?per_page=1000'))).length;
  }
});
