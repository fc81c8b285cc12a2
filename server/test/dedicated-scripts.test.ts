import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { json, startHarness, type Harness } from './harness.js';

/**
 * A script's own `dedicated: true` (or Windmill's `dedicated_worker`) reaches a worker that does
 * not keep dedicated runtimes for everyone, and its jobs share one process per version
 * (docs/adr/0050); other scripts on that worker still get a process per job.
 */
describe('dedicated runtimes asked for by the script', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
    await h.startWorker({ WORKER_DEDICATED: '0' });
  });
  after(async () => h?.close());

  const counter = 'runs = 0\n\ndef main():\n    global runs\n    runs += 1\n    return runs\n';
  const runTwice = async (path: string) => {
    const out: unknown[] = [];
    for (let i = 0; i < 2; i++) {
      const res = await h.api(`/api/w/main/jobs/run_wait_result/p/${path}`, { method: 'POST', json: {} });
      assert.equal(res.status, 200, await res.clone().text());
      out.push(await res.json());
    }
    return out;
  };

  it('runs the jobs of a dedicated script in one process, and those of any other in one each', async () => {
    await h.deploy('f/ded/counter', 'python3', counter, { dedicated: true });
    const script = await json(h.api('/api/w/main/scripts/get/p/f/ded/counter'));
    assert.equal(script.dedicated, true);
    assert.equal(script.dedicated_worker, true);
    assert.deepEqual(await runTwice('f/ded/counter'), [1, 2]);

    await h.deploy('f/ded/plain', 'python3', counter);
    assert.equal((await json(h.api('/api/w/main/scripts/get/p/f/ded/plain'))).dedicated, false);
    assert.deepEqual(await runTwice('f/ded/plain'), [1, 1]);

    // Windmill's name for it does the same.
    await h.deploy('f/ded/windmill', 'python3', counter, { dedicated_worker: true });
    assert.deepEqual(await runTwice('f/ded/windmill'), [1, 2]);
  });

  it('a flow with dedicated: true runs its inline steps in one process per step, and one without in one per job', async () => {
    const flow = (dedicated: boolean) => ({
      summary: 'counts',
      value: {
        ...(dedicated && { dedicated: true }),
        modules: [
          { id: 'a', value: { type: 'rawscript', language: 'python3', content: counter, input_transforms: {} } },
        ],
      },
    });
    for (const [path, dedicated, expected] of [
      ['f/ded/flow', true, [1, 2]],
      ['f/ded/plainflow', false, [1, 1]],
    ] as const) {
      const created = await h.api('/api/w/main/flows/create', { method: 'POST', json: { path, ...flow(dedicated) } });
      assert.equal(created.status, 201, await created.clone().text());
      const out: unknown[] = [];
      for (let i = 0; i < 2; i++) {
        const res = await h.api(`/api/w/main/jobs/run_wait_result/f/${path}`, { method: 'POST', json: {} });
        assert.equal(res.status, 200, await res.clone().text());
        out.push(await res.json());
      }
      assert.deepEqual(out, expected, path);
    }
  });
});
