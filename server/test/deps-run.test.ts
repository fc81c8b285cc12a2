import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MS_SCRIPT, msStep } from './deps-helpers.js';
import { json, startHarness, type Harness } from './harness.js';

/** End to end: the server locks at deploy, the job message carries the lock, a worker installs it and runs. */
describe('script dependencies, deployed and run', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
    await h.startWorker();
  });
  after(async () => h?.close());

  it('runs a deployed script importing ms, and an inline flow step importing it', async () => {
    await h.deploy('f/deps/run_ms', 'bun', MS_SCRIPT);
    let started = Date.now();
    const first = await h.api('/api/w/main/jobs/run_wait_result/p/f/deps/run_ms', { method: 'POST', json: {} });
    const firstMs = Date.now() - started;
    assert.equal(first.status, 200, await first.clone().text());
    assert.equal(await json(first), 7_200_000);
    started = Date.now();
    const second = await h.api('/api/w/main/jobs/run_wait_result/p/f/deps/run_ms', { method: 'POST', json: {} });
    console.log(`# run of a script importing ms: first ${firstMs} ms, second ${Date.now() - started} ms`);
    assert.equal(await json(second), 7_200_000);

    const flow = await h.api('/api/w/main/flows/create', {
      method: 'POST',
      json: {
        path: 'f/deps/run_flow',
        summary: 'ms in a step',
        value: { modules: [{ id: 'a', value: msStep("'1m'") }] },
      },
    });
    assert.equal(flow.status, 201, await flow.clone().text());
    const run = await h.api('/api/w/main/jobs/run_wait_result/f/f/deps/run_flow', { method: 'POST', json: {} });
    assert.equal(run.status, 200, await run.clone().text());
    assert.equal(await json(run), 60_000);
  });
});
