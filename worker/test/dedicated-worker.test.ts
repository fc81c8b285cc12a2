import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { depsFor } from '@runnel/runtimes/deps';
import { depsWorker } from './deps-helpers.js';

// A worker group with WORKER_DEDICATED=1 (docs/adr/0050-dedicated-runtimes.md), end to end: job
// messages over NATS, the real worker and the real process sandbox.

const COUNTER = `
let calls = 0;
const PROCESS = crypto.randomUUID();
export function main(n: number) {
  calls++;
  console.log("call " + calls + " of n=" + n);
  return { calls, process: PROCESS, n };
}`;
const PY_COUNTER = `
import os
calls = 0
PROCESS = os.urandom(8).hex()
def main(n: int):
    global calls
    calls += 1
    return {"calls": calls, "process": PROCESS, "n": n}
`;
type Counted = { calls: number; process: string; n: number };

let dedicated: Awaited<ReturnType<typeof depsWorker>>;
let plain: Awaited<ReturnType<typeof depsWorker>>;

before(async () => {
  dedicated = await depsWorker(340_000, { WORKER_DEDICATED: '1', WORKER_DEDICATED_MAX_JOBS: '3' });
  plain = await depsWorker(340_100);
});
after(async () => {
  await dedicated?.close();
  await plain?.close();
});

async function runJob(w: typeof dedicated, n: number, job: Parameters<typeof dedicated.publish>[0]) {
  const id = await w.publish({ args: { n }, arg_order: ['n'], ...job });
  const result = await w.result(id);
  assert.equal(result.status, 'success', JSON.stringify(result));
  return result.result as Counted;
}

describe('worker: WORKER_DEDICATED=1', () => {
  it('serves the jobs of one script version from one process, each with its own arguments and result', async () => {
    const job = { content: COUNTER, script_path: 'f/counter', script_hash: 'h1' };
    const runs = [];
    for (let n = 1; n <= 4; n++) runs.push(await runJob(dedicated, n, job));
    assert.deepEqual(
      runs.map((r) => [r.calls, r.n]),
      [
        [1, 1],
        [2, 2],
        [3, 3],
        [1, 4], // WORKER_DEDICATED_MAX_JOBS=3: a fresh process
      ],
    );
    assert.equal(new Set(runs.slice(0, 3).map((r) => r.process)).size, 1);
    assert.notEqual(runs[3]!.process, runs[0]!.process);
  });

  it('gives another workspace, another version and a flow step of the same content processes of their own', async () => {
    const base = { content: PY_COUNTER, language: 'python3' as const, script_path: 'f/py', script_hash: 'p1' };
    const first = await runJob(dedicated, 1, base);
    const second = await runJob(dedicated, 2, base);
    const otherWorkspace = await runJob(dedicated, 3, { ...base, workspace: 'other' });
    const inline = await runJob(dedicated, 4, { ...base, script_path: null, script_hash: null });
    const inlineAgain = await runJob(dedicated, 5, { ...base, script_path: null, script_hash: null });
    const newVersion = await runJob(dedicated, 6, { ...base, content: `${PY_COUNTER}\n# v2\n`, script_hash: 'p2' });
    assert.deepEqual([first.calls, second.calls], [1, 2]);
    assert.equal(otherWorkspace.calls, 1);
    // Keyed by its content, and never sharing the script's process (another script, same content).
    assert.deepEqual([inline.calls, inlineAgain.calls], [1, 2]);
    assert.equal(inline.process, inlineAgain.process);
    assert.equal(newVersion.calls, 1);
    assert.equal(new Set([first.process, otherWorkspace.process, inline.process, newVersion.process]).size, 4);
    assert.equal(second.process, first.process);
  });

  it("keeps a script's installed dependencies bound for its process", async () => {
    const lock = await depsFor('bun')!.lock([{ name: 'ms', range: '2.1.3' }], {}, AbortSignal.timeout(120_000));
    const content = `import ms from 'ms';
let calls = 0;
export function main(n: number) {
  calls++;
  return { calls, n, days: ms('2 days') };
}`;
    const job = { content, lock, script_path: 'f/uses_ms', script_hash: 'm1' };
    const first = (await runJob(dedicated, 1, job)) as unknown as { calls: number; days: number };
    const second = (await runJob(dedicated, 2, job)) as unknown as { calls: number; days: number };
    assert.deepEqual([first.calls, first.days, second.calls, second.days], [1, 172_800_000, 2, 172_800_000]);
  });

  it("serves each job's API socket in the shared folder, one job after another", async () => {
    // A credential makes the worker serve the job API's socket in the job folder; the second job's
    // socket can only be bound once the first job's is gone.
    const content = `
import os
calls = 0
def main(n: int):
    global calls
    calls += 1
    return {"calls": calls, "n": n, "socket": os.path.exists(os.environ["RUNNEL_SOCKET"]), "job": os.environ["RUNNEL_JOB_ID"]}
`;
    const job = {
      content,
      language: 'python3' as const,
      script_path: 'f/api',
      script_hash: 'a1',
      credential: 'c'.repeat(64),
    };
    const runs = [];
    for (let n = 1; n <= 3; n++)
      runs.push((await runJob(dedicated, n, job)) as unknown as Counted & { socket: boolean; job: string });
    assert.deepEqual(
      runs.map((r) => [r.calls, r.socket]),
      [
        [1, true],
        [2, true],
        [3, true],
      ],
    );
    assert.equal(new Set(runs.map((r) => r.job)).size, 3);
  });

  it('without WORKER_DEDICATED every job still gets a process of its own', async () => {
    const job = { content: COUNTER, script_path: 'f/counter', script_hash: 'h1' };
    const a = await runJob(plain, 1, job);
    const b = await runJob(plain, 2, job);
    assert.deepEqual([a.calls, b.calls], [1, 1]);
    assert.notEqual(a.process, b.process);
  });
});
