import assert from 'node:assert/strict';
import { readFile, stat } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import type { SandboxLimits } from '../src/sandboxes/index.js';
import { ownSlotCgroups, processesOfUids, testSandbox } from './sandbox-helpers.js';

const FORK_MANY = `import os, time

def main():
    children, error = [], None
    try:
        for _ in range(100):
            pid = os.fork()
            if pid == 0:
                time.sleep(5)
                os._exit(0)
            children.append(pid)
    except OSError as exc:
        error = str(exc)
    for pid in children:
        os.kill(pid, 9)
    return {"started": len(children), "error": error}
`;

/** Prints the job's rlimits (as its children get them), then whether it could raise a hard one. */
const SHOW_LIMITS: Record<'bash' | 'python3' | 'bun', string> = {
  bash: 'cat /proc/self/limits\nulimit -H -t unlimited 2>/dev/null && echo raised || echo refused\n',
  python3: `import resource

def main():
    try:
        resource.setrlimit(resource.RLIMIT_CPU, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
        raised = "raised"
    except (ValueError, OSError):
        raised = "refused"
    with open("/proc/self/limits") as file:
        return {"limits": file.read(), "raise": raised}
`,
  bun: "import { readFileSync } from 'node:fs';\nexport function main() { return { limits: readFileSync('/proc/self/limits', 'utf8') } }",
};

/** /proc/self/limits as `name: soft/hard`, for the limits a job gets. */
function shownLimits(text: string): Record<string, string> {
  const shown: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^Max (cpu time|file size|core file size|address space|processes)\s+(\S+)\s+(\S+)/.exec(line);
    if (match) shown[match[1]!] = `${match[2]}/${match[3]}`;
  }
  return shown;
}

/** Runs SHOW_LIMITS in `language` with `limits`: the limits shown, and whether a hard one could be raised. */
async function limitsOf(
  sandbox: Awaited<ReturnType<typeof testSandbox>>,
  language: 'bash' | 'python3' | 'bun',
  limits: Partial<SandboxLimits>,
): Promise<{ shown: Record<string, string>; raise?: string }> {
  const run = await sandbox.run({ language, content: SHOW_LIMITS[language], limits });
  assert.equal(run.status, 'success', JSON.stringify(run));
  if (language === 'bash') return { shown: shownLimits(run.logs.join('')), raise: run.result as string };
  const result = run.result as { limits: string; raise?: string };
  return { shown: shownLimits(result.limits), raise: result.raise };
}

const SOME_LIMITS = { cpuSeconds: 7, fileSizeMb: 3, memoryMb: 200, pids: 50 };

const UID_BASE = 120_000;
let box: Awaited<ReturnType<typeof testSandbox>>;

before(async () => {
  box = await testSandbox(UID_BASE);
});
after(async () => {
  await box.dispose();
});

/** The machine still runs jobs normally. */
async function assertHealthy(): Promise<void> {
  const run = await box.run({ content: 'echo fine' });
  assert.equal(run.status, 'success', JSON.stringify(run));
  assert.equal(run.result, 'fine');
}

describe('ProcessSandbox: limits', () => {
  it('enforces memory with a cgroup here', async () => {
    assert.match(await box.sandbox.describe(), /^cgroup v[12] \(memory, pids, cpu\)/);
  });

  it('a job over its memory limit fails with MemoryLimitExceeded', async () => {
    const run = await box.run({
      language: 'python3',
      content: 'def main():\n    data = b"x" * (300 * 1024 * 1024)\n    return len(data)\n',
      limits: { memoryMb: 96 },
    });
    assert.equal(run.status, 'failure', JSON.stringify(run));
    assert.equal(run.error?.name, 'MemoryLimitExceeded');
    assert.match(run.error?.message ?? '', /memory/);
    assert.match(run.error?.message ?? '', /96 MiB/);
    await assertHealthy();
  });

  it('a job under its memory limit is not disturbed by it', async () => {
    const run = await box.run({
      language: 'python3',
      content: 'def main():\n    data = b"x" * (40 * 1024 * 1024)\n    return len(data)\n',
      limits: { memoryMb: 96 },
    });
    assert.equal(run.status, 'success', JSON.stringify(run));
    assert.equal(run.result, 40 * 1024 * 1024);
  });

  it('a fork bomb fails the job, not the machine', async () => {
    await box.sandbox.drainPool(); // warm sandboxes run in the same uid range
    const running = box.run({ content: ':(){ :|:& };:\nsleep 30', limits: { pids: 64 }, timeoutMs: 3000 });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const during = await processesOfUids(UID_BASE, 64);
    const run = await running;
    assert.equal(run.status, 'failure');
    assert.equal(run.error?.name, 'Timeout');
    assert.match(run.logs.join(''), /fork: .*Resource temporarily unavailable/);
    // 64 in the job's cgroup, plus bwrap itself outside it.
    assert.ok(during.length > 10 && during.length <= 65, `${during.length} processes while the bomb ran`);
    await box.sandbox.drainPool();
    assert.deepEqual(await processesOfUids(UID_BASE, 64), [], 'no process of the bomb survives');
    await assertHealthy();
  });

  it('a job cannot start more processes than its pids limit', async () => {
    const run = await box.run({ language: 'python3', content: FORK_MANY, limits: { pids: 16 } });
    assert.equal(run.status, 'success', JSON.stringify(run));
    const { started, error } = run.result as { started: number; error: string | null };
    assert.ok(started > 0 && started < 16, `started ${started} processes`);
    assert.match(error ?? '', /Resource temporarily unavailable/);
  });

  it('CPU time is limited per process', async () => {
    const run = await box.run({
      language: 'python3',
      content: 'def main():\n    while True:\n        pass\n',
      limits: { cpuSeconds: 1 },
      timeoutMs: 10_000,
    });
    assert.equal(run.status, 'failure');
    assert.equal(run.error?.name, 'CpuTimeLimitExceeded');
    assert.match(run.error?.message ?? '', /1 s/);
    assert.ok(run.durationMs < 5000, `stopped after ${run.durationMs} ms`);
  });

  it('CPU time is limited for Bash too', async () => {
    const run = await box.run({ content: 'while :; do :; done', limits: { cpuSeconds: 1 }, timeoutMs: 10_000 });
    assert.equal(run.status, 'failure');
    assert.equal(run.error?.name, 'CpuTimeLimitExceeded', JSON.stringify(run));
    assert.ok(run.durationMs < 5000, `stopped after ${run.durationMs} ms`);
  });

  it('file size is limited', async () => {
    const run = await box.run({ content: 'exec head -c 3000000 /dev/zero > /job/big', limits: { fileSizeMb: 1 } });
    assert.equal(run.status, 'failure');
    assert.equal(run.error?.name, 'FileSizeLimitExceeded');
    assert.match(run.error?.message ?? '', /1 MiB/);
  });

  it('file size is limited for Python, which ignores SIGXFSZ: the write fails', async () => {
    const run = await box.run({
      language: 'python3',
      content: 'def main():\n    with open("/job/big", "wb") as file:\n        file.write(b"x" * 3000000)\n',
      limits: { fileSizeMb: 1 },
    });
    assert.equal(run.status, 'failure');
    assert.equal(run.error?.name, 'OSError', JSON.stringify(run));
    assert.match(run.error?.message ?? '', /File too large/);
  });

  it('each language sets CPU time, file size and core limits before the script runs; hard ones stay', async () => {
    for (const language of ['bash', 'python3', 'bun'] as const) {
      const { shown, raise } = await limitsOf(box, language, SOME_LIMITS);
      assert.equal(shown['cpu time'], '7/8', language);
      assert.equal(shown['file size'], `${3 * 1024 * 1024}/${3 * 1024 * 1024}`, language);
      assert.equal(shown['core file size'], '0/0', language);
      // Memory and processes are the cgroup's here.
      assert.equal(shown['address space'], 'unlimited/unlimited', language);
      assert.notEqual(shown.processes, '50/50', language);
      if (language !== 'bun') assert.equal(raise, 'refused', language);
    }
  });

  it('slot cgroups are emptied after each job and removed by close()', async () => {
    // No warm pool: a warm sandbox started after the job may take the freed slot, legitimately.
    const own = await testSandbox(UID_BASE + 200, { warmPoolSize: 0 });
    try {
      await own.run({ content: 'sleep 1 &\necho hi' });
      await own.sandbox.settled();
      const dirs = [...(await ownSlotCgroups('memory')), ...(await ownSlotCgroups('pids'))];
      const mine = dirs.filter((dir) => dir.includes(`/slot-${UID_BASE + 200}-`));
      assert.equal(mine.length, 2, `one memory and one pids cgroup for the slot: ${dirs.join(', ')}`);
      for (const dir of mine) assert.equal((await readFile(`${dir}/cgroup.procs`, 'utf8')).trim(), '', dir);
      await own.sandbox.close();
      for (const dir of mine) await assert.rejects(stat(dir), { code: 'ENOENT' }, `${dir} removed`);
    } finally {
      await own.dispose();
    }
  });
});

describe('ProcessSandbox: log and result caps', () => {
  it('stops forwarding logs past the cap with one notice, and the job still succeeds', async () => {
    const run = await box.run({
      content: 'for i in $(seq 1 20000); do echo "line $i 0123456789"; done\necho done',
      limits: { logBytes: 10_000 },
    });
    assert.equal(run.status, 'success', JSON.stringify({ ...run, logs: run.logs.length }));
    assert.equal(run.result, 'done', 'the last line still counts when logs are truncated');
    assert.equal(run.logsTruncated, true);
    const notices = run.logs.filter((line) => line.includes('log truncated'));
    assert.equal(notices.length, 1);
    assert.equal(run.logs.at(-1), notices[0]);
    const forwarded = run.logs.slice(0, -1).join('');
    assert.ok(Buffer.byteLength(forwarded) <= 10_000);
    assert.ok(forwarded.startsWith('line 1 0123456789\nline 2 '));
  });

  it('survives an endless line without a newline, bounded by the caps', async () => {
    const run = await box.run({
      content: 'head -c 30000000 /dev/zero | tr "\\0" "a"',
      limits: { logBytes: 100_000, resultBytes: 1_000_000 },
    });
    assert.equal(run.status, 'failure');
    assert.equal(run.error?.name, 'ResultTooLarge');
    assert.equal(run.logsTruncated, true);
    assert.ok(run.logs.every((line) => line.endsWith('\n')));
  });

  it('a result over the cap fails with ResultTooLarge', async () => {
    const run = await box.run({
      language: 'python3',
      content: 'def main():\n    return "x" * (2 * 1024 * 1024)\n',
      limits: { resultBytes: 1024 * 1024 },
    });
    assert.equal(run.status, 'failure');
    assert.equal(run.error?.name, 'ResultTooLarge');
    assert.match(run.error?.message ?? '', /1048576 bytes/);
  });

  it('a bash result.json over the cap fails with ResultTooLarge', async () => {
    const run = await box.run({ content: 'head -c 2000 /dev/zero > result.json', limits: { resultBytes: 1000 } });
    assert.equal(run.error?.name, 'ResultTooLarge');
  });

  it('a result.json that is a symlink to a host file is refused', async () => {
    const run = await box.run({ content: 'ln -s /etc/shadow result.json' });
    assert.equal(run.status, 'failure');
    assert.equal(run.error?.name, 'InvalidResult');
  });
});

describe('ProcessSandbox without cgroups (rlimits only)', () => {
  let plain: Awaited<ReturnType<typeof testSandbox>>;
  before(async () => {
    plain = await testSandbox(UID_BASE + 100, { cgroups: false });
  });
  after(async () => {
    await plain.dispose();
  });

  it('says so and still limits memory through RLIMIT_AS', async () => {
    assert.match(await plain.sandbox.describe(), /^rlimits/);
    const run = await plain.run({
      language: 'python3',
      content: 'def main():\n    data = b"x" * (300 * 1024 * 1024)\n    return len(data)\n',
      limits: { memoryMb: 128 },
    });
    assert.equal(run.status, 'failure');
    assert.equal(run.error?.name, 'MemoryError');
  });

  it('address space (but for Bun and Deno) and processes are rlimits of every language', async () => {
    for (const language of ['bash', 'python3', 'bun'] as const) {
      const { shown } = await limitsOf(plain, language, SOME_LIMITS);
      assert.equal(shown['cpu time'], '7/8', language);
      const space = language === 'bun' ? 'unlimited/unlimited' : `${200 * 1024 * 1024}/${200 * 1024 * 1024}`;
      assert.equal(shown['address space'], space, language);
      assert.equal(shown.processes, '50/50', language);
    }
  });

  it('and processes through RLIMIT_NPROC of the slot uid', async () => {
    const run = await plain.run({ language: 'python3', content: FORK_MANY, limits: { pids: 16 } });
    assert.equal(run.status, 'success', JSON.stringify(run));
    const { started, error } = run.result as { started: number; error: string | null };
    assert.ok(started > 0 && started < 16, `started ${started} processes`);
    assert.match(error ?? '', /Resource temporarily unavailable/);
  });
});
