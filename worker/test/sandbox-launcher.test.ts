import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { SandboxSetupError } from '../src/sandboxes/index.js';
import { processesOfUids, testSandbox } from './sandbox-helpers.js';

const UID_BASE = 150_000;
let box: Awaited<ReturnType<typeof testSandbox>>;

before(async () => {
  box = await testSandbox(UID_BASE);
});
after(async () => {
  await box.dispose();
});

async function parentOf(pid: number): Promise<number> {
  return Number(/^PPid:\s+(\d+)/m.exec(await readFile(`/proc/${pid}/status`, 'utf8'))?.[1]);
}

/** This process's children whose command line mentions `text`. */
async function childrenRunning(text: string): Promise<number[]> {
  const found: number[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const cmdline = await readFile(`/proc/${name}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes(text) && (await parentOf(Number(name)).catch(() => 0)) === process.pid)
      found.push(Number(name));
  }
  return found;
}

describe('ProcessSandbox: the launcher process', () => {
  it('forks the sandboxes, so the worker (whatever its size) does not', async () => {
    let parents: number[] = [];
    const run = await box.run({
      content: 'echo ready\nsleep 0.3',
      onLog: () =>
        void processesOfUids(UID_BASE, 64).then(async (pids) => {
          parents = await Promise.all(pids.map((pid) => parentOf(pid).catch(() => 0)));
        }),
    });
    assert.equal(run.status, 'success', JSON.stringify(run));
    const launchers = await childrenRunning('launcher.js');
    assert.equal(launchers.length, 1, 'one launcher, a child of the worker');
    assert.ok(parents.includes(launchers[0]!), `bwrap is the launcher's child: parents ${parents.join(', ')}`);
    assert.ok(!parents.includes(process.pid), "no sandbox process is the worker's own child");
  });

  it('a launcher that dies fails its running jobs as set-up errors, kills them, and is started again', async () => {
    const running = box.run({
      content: 'echo ready\nsleep 30',
      onLog: () =>
        void childrenRunning('launcher.js').then((pids) => pids.forEach((pid) => process.kill(pid, 'SIGKILL'))),
    });
    await assert.rejects(running, SandboxSetupError);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await box.sandbox.drainPool(); // warm sandboxes run in the same uid range
    assert.deepEqual(await processesOfUids(UID_BASE, 64), [], 'the job died with it (bwrap --die-with-parent)');
    const next = await box.run({ content: 'echo again', network: 'outbound' });
    assert.equal(next.status, 'success', JSON.stringify(next));
    assert.equal(next.result, 'again');
  });
});
