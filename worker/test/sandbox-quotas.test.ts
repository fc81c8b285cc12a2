import assert from 'node:assert/strict';
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { jobFolders, processesOfUids, testSandbox } from './sandbox-helpers.js';

// Disk and CPU quotas on real bubblewrap: a job over its disk quota fails saying so and leaves
// the machine as it was; a job's processes together get no more CPU than its limit.

const UID_BASE = 187_000;
let box: Awaited<ReturnType<typeof testSandbox>>;

before(async () => {
  box = await testSandbox(UID_BASE);
});
after(async () => {
  await box.dispose();
});

/** Writes `files` files of `mb` MiB each into /job (several files: each stays under the file size limit). */
const writeFiles = (files: number, mb: number): string =>
  `for i in $(seq ${files}); do head -c ${mb}M /dev/zero > /job/f$i || exit 1; done\necho wrote`;

/** The host's free space where job folders lived before slot disks: the work root's filesystem. */
async function hostFreeMb(): Promise<number> {
  const { statfs } = await import('node:fs/promises');
  const s = await statfs(box.workRoot);
  return (s.bavail * s.bsize) / 1024 / 1024;
}

describe('ProcessSandbox: disk quota', () => {
  it('says how the disk is limited', async () => {
    assert.match(await box.sandbox.describe(), /disk by a loop-mounted ext4 per slot/);
  });

  it('a job that writes more than its default 1 GiB quota fails with DiskQuotaExceeded, the host unharmed', async () => {
    const freeBefore = await hostFreeMb();
    const run = await box.run({ content: writeFiles(22, 60), timeoutMs: 120_000 });
    assert.equal(run.status, 'failure', JSON.stringify(run));
    assert.equal(run.error?.name, 'DiskQuotaExceeded');
    assert.match(run.error?.message ?? '', /disk quota of 1024 MiB/);
    assert.doesNotMatch(run.logs.join(''), /wrote/);
    // What the job wrote is gone with its folder (the slot's disk gives its blocks back).
    assert.deepEqual(await box.leftovers(), []);
    assert.ok((await hostFreeMb()) > freeBefore - 200, 'the host lost space to the job');
    const next = await box.run({ content: writeFiles(2, 60) });
    assert.equal(next.status, 'success', JSON.stringify(next));
  });

  it('honors a smaller quota of the job, in every language', async () => {
    const bash = await box.run({ content: writeFiles(4, 3), limits: { diskMb: 8 } });
    assert.equal(bash.error?.name, 'DiskQuotaExceeded', JSON.stringify(bash));
    assert.match(bash.error?.message ?? '', /disk quota of 8 MiB/);
    assert.match(bash.error?.message ?? '', /No space left on device|exit/);
    const python = await box.run({
      language: 'python3',
      content:
        'def main():\n    for i in range(4):\n        with open(f"/job/f{i}", "wb") as f:\n            f.write(b"x" * 3 * 1024 * 1024)\n    return "wrote"\n',
      limits: { diskMb: 8 },
    });
    assert.equal(python.error?.name, 'DiskQuotaExceeded', JSON.stringify(python));
    assert.match(python.error?.message ?? '', /No space left on device/);
    // Under the quota the same job succeeds, and a job after it has the whole quota again.
    const under = await box.run({ content: writeFiles(2, 3), limits: { diskMb: 8 } });
    assert.equal(under.status, 'success', JSON.stringify(under));
    assert.deepEqual(await box.leftovers(), []);
  });

  it('holds for a warm sandbox too', async () => {
    // Default limits: the first job fills the pool, the next ones take warm sandboxes.
    await box.run({ content: 'echo warm-up' });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const run = await box.run({ content: `df -m /job | tail -1\n${writeFiles(22, 60)}`, timeoutMs: 120_000 });
    assert.equal(run.error?.name, 'DiskQuotaExceeded', JSON.stringify(run));
    const size = Number(/^\S+\s+(\d+)/m.exec(run.logs.join(''))?.[1]);
    assert.ok(size > 900 && size <= 1024, `the job folder's disk is ${size} MiB`);
  });
});

/** The CPU bandwidth limit of the cgroup process `pid` is in, in cores (v1 cfs quota or v2 cpu.max). */
async function cpuLimitOf(pid: number): Promise<number> {
  const cgroups = await readFile(`/proc/${pid}/cgroup`, 'utf8');
  const v1 = /^\d+:(?:[^:]*,)?cpu(?:,[^:]*)?:(.*)$/m.exec(cgroups)?.[1];
  if (v1 !== undefined) {
    const dir = `/sys/fs/cgroup/cpu${v1}`;
    const quota = Number(await readFile(`${dir}/cpu.cfs_quota_us`, 'utf8'));
    const period = Number(await readFile(`${dir}/cpu.cfs_period_us`, 'utf8'));
    return quota < 0 ? Infinity : quota / period;
  }
  const v2 = /^0::(.*)$/m.exec(cgroups)![1]!;
  const [quota, period] = (await readFile(`/sys/fs/cgroup${v2}/cpu.max`, 'utf8')).trim().split(' ');
  return quota === 'max' ? Infinity : Number(quota) / Number(period);
}

/** Spins two processes for 2 s of wall time; returns the wall time and the CPU time they used. */
const SPIN_TWO = `import os, time

def main():
    start = time.monotonic()
    children = []
    for _ in range(2):
        pid = os.fork()
        if pid == 0:
            end = time.monotonic() + 2
            while time.monotonic() < end:
                pass
            os._exit(0)
        children.append(pid)
    for pid in children:
        os.waitpid(pid, 0)
    times = os.times()
    return {"wall": time.monotonic() - start, "cpu": times.children_user + times.children_system}
`;

/** Runs SPIN_TWO with `cpus` (the default when undefined), reading its cgroup's limit meanwhile. */
async function spin(cpus: number | undefined): Promise<{ wall: number; cpu: number; limit: number }> {
  const running = box.run({
    jobId: 'spin',
    language: 'python3',
    content: SPIN_TWO,
    ...(cpus ? { limits: { cpus } } : {}),
  });
  let limit: number | undefined;
  for (let i = 0; i < 100 && limit === undefined; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    // The job's slot is the uid owning its folder (warm sandboxes hold other slots); bwrap runs
    // as that uid too, but outside the job's cgroup.
    const folder = jobFolders(box.workRoot).find((path) => basename(path).startsWith('spin-'));
    const uid = folder === undefined ? undefined : (await stat(folder).catch(() => undefined))?.uid;
    if (uid === undefined) continue;
    for (const pid of await processesOfUids(uid, 1)) {
      const cgroups = await readFile(`/proc/${pid}/cgroup`, 'utf8').catch(() => '');
      if (/^\d+:(?:[^:]*,)?cpu(?:,[^:]*)?:.*\/slot-|^0::.*\/slot-/m.test(cgroups))
        limit = await cpuLimitOf(pid).catch(() => undefined);
    }
  }
  const run = await running;
  assert.equal(run.status, 'success', JSON.stringify(run));
  assert.ok(limit !== undefined, "the job's cgroup was never seen");
  return { ...(run.result as { wall: number; cpu: number }), limit };
}

describe('ProcessSandbox: CPU limit', () => {
  it('says CPU is limited', async () => {
    assert.match(await box.sandbox.describe(), /\bcpu\b/);
  });

  it('a job spinning on 2 processes gets one core by default', async () => {
    const { wall, cpu, limit } = await spin(undefined);
    assert.equal(limit, 1);
    assert.ok(cpu <= wall * 1 * 1.1 + 0.2, `used ${cpu} s of CPU in ${wall} s with a limit of 1 core`);
  });

  it("a job's own CPU limit is honored", async () => {
    const { wall, cpu, limit } = await spin(0.5);
    assert.equal(limit, 0.5);
    assert.ok(cpu <= wall * 0.5 * 1.1 + 0.2, `used ${cpu} s of CPU in ${wall} s with a limit of 0.5 core`);
  });
});
