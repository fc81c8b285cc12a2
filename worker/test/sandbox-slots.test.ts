import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, readFile, rmdir, stat } from 'node:fs/promises';
import { statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ProcessSandbox } from '../src/sandboxes/index.js';
import {
  jobFolders,
  jobProcesses,
  ownSlotCgroups,
  slotCgroupBase,
  testSandbox,
  type JobProcess,
  type JobRun,
} from './sandbox-helpers.js';

const UID_BASE = 140_000;
let box: Awaited<ReturnType<typeof testSandbox>>;

before(async () => {
  box = await testSandbox(UID_BASE);
});
after(async () => {
  await box.dispose();
});

/**
 * Runs a bash job that prints "ready" and then waits (1.5 s: long enough that its processes are
 * still there when the line has travelled to the test, on a loaded machine too; at 0.2 s CI once
 * found none), and looks at its processes meanwhile.
 */
async function runAndWatch(content: string, limits?: { memoryMb?: number }): Promise<JobRun & { seen: JobProcess[] }> {
  let seen: Promise<JobProcess[]> = Promise.resolve([]);
  const run = await box.run({
    content: `echo ready\n${content}`,
    limits,
    onLog: (line) => {
      if (line === 'ready\n') seen = jobProcesses(UID_BASE, 64);
    },
  });
  return { ...run, seen: await seen };
}

/** The one slot (uid and memory cgroup) the job's processes ran in, bwrap's own process aside. */
function slotOf(processes: JobProcess[]): { uid: number; cgroup: string } {
  const inSlot = processes.filter((p) => /\/slot-\d+-w\d+-\d+$/.test(p.memoryCgroup));
  assert.ok(inSlot.length > 0, `the job's processes are in a slot cgroup: ${JSON.stringify(processes)}`);
  const uids = new Set(inSlot.map((p) => p.uid));
  const cgroups = new Set(inSlot.map((p) => p.memoryCgroup));
  assert.equal(uids.size, 1);
  assert.equal(cgroups.size, 1);
  return { uid: inSlot[0]!.uid, cgroup: inSlot[0]!.memoryCgroup };
}

/**
 * The uid owning the job folder whose name starts with the job's id. Synchronous: libuv's
 * threadpool is busy with the other job's thousands of unlinks, behind which an asynchronous
 * look would only come after the job is over.
 */
function folderUid(jobId: string): number | undefined {
  const path = jobFolders(box.workRoot).find((p) => basename(p).startsWith(`${jobId}-`));
  return path === undefined ? undefined : statSync(path).uid;
}

describe('ProcessSandbox: slot cgroups', () => {
  it("a slot's cgroup is made once and reused, with each job's own limits", async () => {
    await box.sandbox.settled();
    const first = await runAndWatch('sleep 1.5', { memoryMb: 100 });
    assert.equal(first.status, 'success', JSON.stringify(first));
    const slot = slotOf(first.seen);
    assert.equal(slot.uid, UID_BASE, 'the first free slot');
    await box.sandbox.settled();

    let limit = '';
    const second = await box.run({
      content: 'echo ready\nsleep 0.2',
      limits: { memoryMb: 200 },
      onLog: () => void readFile(join(slot.cgroup, 'memory.limit_in_bytes'), 'utf8').then((t) => (limit = t)),
    });
    assert.equal(second.status, 'success', JSON.stringify(second));
    assert.equal(Number(limit), 200 * 1024 * 1024, 'the limit of the job running now');
    await box.sandbox.settled();
    const third = await runAndWatch('sleep 1.5', { memoryMb: 100 });
    assert.deepEqual(slotOf(third.seen), slot, 'same uid, same cgroup');
    await box.sandbox.settled();
    assert.equal(Number(await readFile(join(slot.cgroup, 'memory.limit_in_bytes'), 'utf8')), 100 * 1024 * 1024);
    const mine = (await ownSlotCgroups('memory')).filter((dir) => dir.includes(`/slot-${UID_BASE}-`));
    assert.deepEqual(mine, [slot.cgroup], 'no other cgroup was made for the slot');
  });

  it('an OOM kill is reported for the job that ran out of memory, not for the next job of its slot', async () => {
    await box.sandbox.settled();
    const hungry = await box.run({
      jobId: 'hungry',
      language: 'python3',
      content: 'def main():\n    data = b"x" * (300 * 1024 * 1024)\n    return len(data)\n',
      limits: { memoryMb: 96 },
    });
    assert.equal(hungry.error?.name, 'MemoryLimitExceeded', JSON.stringify(hungry));
    await box.sandbox.settled();
    const next = await runAndWatch('sleep 1.5\nexit 3', { memoryMb: 96 });
    const slot = slotOf(next.seen);
    assert.equal(slot.uid, UID_BASE, 'the same slot as the OOM-killed job');
    const oomKills = /^oom_kill (\d+)$/m.exec(await readFile(join(slot.cgroup, 'memory.oom_control'), 'utf8'))?.[1];
    assert.ok(Number(oomKills) > 0, "the slot's counter still shows the earlier kill");
    assert.equal(next.status, 'failure');
    assert.equal(next.error?.name, 'ExitCode', JSON.stringify(next.error));
    assert.equal(next.exitCode, 3);
  });

  it('returns before the clean-up, and hands the slot to no other job until it is done', async () => {
    await box.sandbox.settled();
    // Thousands of names (hard links: quick to make) make removing the folder take long enough to watch.
    const slow = await box.run({
      jobId: 'slow',
      language: 'python3',
      content:
        'import os\n\ndef main():\n    os.mkdir("many")\n    open("many/f", "w").close()\n' +
        '    for i in range(20000):\n        os.link("many/f", f"many/{i}")\n',
    });
    assert.equal(slow.status, 'success', JSON.stringify(slow));
    const cleaning = jobFolders(box.workRoot).filter((path) => basename(path).startsWith('slow-'));
    assert.equal(cleaning.length, 1, 'its folder is still being removed');
    const slowUid = (await stat(cleaning[0]!)).uid;

    let during: number | undefined;
    const meanwhile = await box.run({
      jobId: 'meanwhile',
      content: 'echo ready\nsleep 0.1',
      onLog: () => (during = folderUid('meanwhile')),
    });
    assert.equal(meanwhile.status, 'success');
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.ok(during !== undefined && during !== slowUid, `another slot (${during}) than ${slowUid}, still cleaning`);

    assert.deepEqual(await box.leftovers(), [], 'settled() waits for every clean-up');
    const after = await runAndWatch('sleep 1.5');
    assert.equal(slotOf(after.seen).uid, slowUid, 'the slot is free again once clean');
  });

  it('a new sandbox sweeps the empty slot cgroups of dead workers, never those of live ones', async () => {
    const dead = await new Promise<number>((resolve) => {
      const child = spawn('/bin/true');
      child.on('exit', () => resolve(child.pid!));
    });
    const base = await slotCgroupBase('memory');
    const stale = join(base, `slot-${UID_BASE + 7}-w${dead}-1`);
    const live = join(base, `slot-${UID_BASE + 8}-w1-1`); // pid 1 is always alive
    await mkdir(stale);
    await mkdir(live);
    try {
      const other = new ProcessSandbox({ workRoot: box.workRoot, uidBase: UID_BASE + 300, maxSlots: 8 });
      await other.describe();
      await assert.rejects(stat(stale), { code: 'ENOENT' }, 'the dead worker’s slot is gone');
      assert.ok((await stat(live)).isDirectory(), 'the live worker’s slot stays');
      await other.close();
    } finally {
      for (const dir of [stale, live]) await rmdir(dir).catch(() => {});
    }
  });
});
