import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { assertLocksMs, missingPackage, msStep } from './deps-helpers.js';
import { json, startHarness, type Harness } from './harness.js';

const bashStep = { type: 'rawscript', language: 'bash', content: 'echo hi', input_transforms: {} };
const js = (expr: string) => ({ type: 'javascript', expr });

/** Steps in every place an inline script can sit: top level, a loop, a branch, its default, the failure module. */
const everywhere = (top: Record<string, unknown>, inDefault: Record<string, unknown> = msStep("'3d'")) => ({
  modules: [
    { id: 'top', value: top },
    {
      id: 'loop',
      value: {
        type: 'forloopflow',
        iterator: js('[1, 2]'),
        skip_failures: false,
        modules: [{ id: 'in_loop', value: msStep("'1m'") }],
      },
    },
    {
      id: 'branch',
      value: {
        type: 'branchone',
        branches: [{ expr: 'false', modules: [{ id: 'in_branch', value: bashStep }] }],
        default: [{ id: 'in_default', value: inDefault }],
      },
    },
  ],
  failure_module: { id: 'failure', value: msStep() },
});

describe('flow dependencies at deploy and preview', () => {
  let h: Harness;
  let db: DataSource;
  before(async () => {
    h = await startHarness({ RUNNEL_RELAY_INTERVAL_MS: '0' });
    db = h.server.app.get(DataSource);
  });
  after(async () => h?.close());

  const create = (path: string, value: unknown) =>
    h.api('/api/w/main/flows/create', { method: 'POST', json: { path, summary: 'deps', value } });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const stepsOf = (value: any) => ({
    top: value.modules[0].value,
    in_loop: value.modules[1].value.modules[0].value,
    in_branch: value.modules[2].value.branches[0].modules[0].value,
    in_default: value.modules[2].value.default[0].value,
    failure: value.failure_module.value,
  });

  it("locks every inline step anywhere in the tree, replacing a client's lock; a redeploy relocks to the same", async () => {
    const res = await create('f/deps/flow', everywhere({ ...msStep(), lock: 'a lock the client made up' }));
    assert.equal(res.status, 201, await res.clone().text());
    const hash = res.headers.get('x-runnel-flow-version');
    const flow = await json(h.api('/api/w/main/flows/get/f/deps/flow'));
    const steps = stepsOf(flow.value);
    for (const id of ['top', 'in_loop', 'in_default', 'failure'] as const) assertLocksMs(steps[id].lock);
    assert.equal(steps.in_branch.lock, undefined, 'a Bash step imports nothing');
    assert.equal(steps.in_loop.lock, steps.top.lock, 'the same packages, the same lock');

    const again = await create('f/deps/flow', everywhere(msStep()));
    assert.equal(again.status, 200, 'the same definition and locks: no new version');
    assert.equal(again.headers.get('x-runnel-flow-version'), hash);
  });

  it('answers 400 naming the step and the package that cannot be resolved, and stores nothing', async () => {
    const name = missingPackage();
    const broken = { ...msStep(), content: `import x from '${name}';\nexport function main() { return x; }` };
    const res = await create('f/deps/broken', everywhere(msStep(), broken));
    assert.equal(res.status, 400, await res.clone().text());
    const { error } = await json(res);
    assert.match(
      error.message,
      new RegExp(
        `^step "in_default" \\(value\\.modules\\[2\\]\\.value\\.default\\[0\\]\\): cannot resolve package "${name}"`,
      ),
    );
    assert.equal(error.details[0].field, 'value.modules[2].value.default[0].value.content');
    assert.equal(error.details[0].package, name);
    assert.equal((await h.api('/api/w/main/flows/get/f/deps/broken')).status, 404);
  });

  it('locks the inline steps of a flow preview and of a step test, and puts the lock in their jobs', async () => {
    const preview = await h.api('/api/w/main/jobs/run/preview_flow', {
      method: 'POST',
      json: { value: { modules: [{ id: 'a', value: { ...msStep(), lock: 'made up' } }] }, args: {} },
    });
    assert.equal(preview.status, 201, await preview.clone().text());
    const flowId = await preview.text();
    const [flowJob] = await db.query('SELECT flow_value FROM job WHERE id = $1', [flowId]);
    assertLocksMs(flowJob.flow_value.modules[0].value.lock);
    const [step] = await db.query('SELECT lock FROM job WHERE parent_job = $1', [flowId]);
    assert.equal(step.lock, flowJob.flow_value.modules[0].value.lock);

    const stepTest = await json(
      h.api('/api/w/main/jobs/run/preview_step', { method: 'POST', json: { module: { id: 'a', value: msStep() } } }),
    );
    const [stepJob] = await db.query('SELECT lock FROM job WHERE id = $1', [stepTest.job_id]);
    assert.equal(stepJob.lock, step.lock);
  });
});
