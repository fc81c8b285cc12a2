import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { SandboxSpec } from '../src/sandboxes/index.js';
import { processesOfUids, testSandbox } from './sandbox-helpers.js';

// Dedicated runtimes (docs/adr/0050-dedicated-runtimes.md) in the real process sandbox: a
// process per script version, serving its jobs one after another.

const UID_BASE = 330_000;
let box: Awaited<ReturnType<typeof testSandbox>>;

before(async () => {
  box = await testSandbox(UID_BASE, { warmPoolSize: 0, dedicated: { maxJobs: 3, idleMs: 1500 } });
});
after(async () => {
  await box.dispose();
});

const version = (name: string, workspace = 'ws'): SandboxSpec['dedicated'] => ({
  version: `${workspace}\0${name}`,
  script: `${workspace}\0f/${name}`,
});

/** A module-level counter, a token drawn when the module loads and the job's argument: what tells processes apart. */
const PY_COUNTER = `
import os
calls = 0
PROCESS = os.urandom(8).hex()  # every sandbox's interpreter has the same pid (2) in its namespace
def main(x: int = 0):
    global calls
    calls += 1
    print(f"job x={x} call {calls}")
    return {"calls": calls, "pid": PROCESS, "x": x, "job": os.environ.get("RUNNEL_JOB_ID")}
`;
const BUN_COUNTER = `
let calls = 0;
const PROCESS = crypto.randomUUID(); // every sandbox's interpreter has the same pid in its namespace
export async function main(x: number) {
  calls++;
  console.log(\`job x=\${x} call \${calls}\`);
  process.stdout.write("written\\n");
  console.error("to stderr " + x);
  return { calls, pid: PROCESS, x, job: process.env.RUNNEL_JOB_ID };
}
`;

type Counted = { calls: number; pid: string; x: number; job: string };

async function run(
  language: 'python3' | 'bun',
  content: string,
  x: number,
  dedicated: SandboxSpec['dedicated'] | null = version(language),
) {
  return box.run({
    jobId: `job-${x}`,
    language,
    content,
    args: { x },
    argOrder: ['x'],
    ...(dedicated && { dedicated }),
  });
}

describe('ProcessSandbox: dedicated runtimes', () => {
  for (const [language, content] of [
    ['python3', PY_COUNTER],
    ['bun', BUN_COUNTER],
  ] as const) {
    it(`${language}: jobs of one version share a process, each with its own args, result, logs and id`, async () => {
      const v = version(`${language}-shared`);
      const first = await run(language, content, 1, v);
      const second = await run(language, content, 2, v);
      assert.equal(first.status, 'success', JSON.stringify(first));
      assert.equal(second.status, 'success', JSON.stringify(second));
      const a = first.result as Counted;
      const b = second.result as Counted;
      assert.equal(a.calls, 1);
      assert.equal(b.calls, 2, 'the module was loaded once: its counter went on');
      assert.equal(a.pid, b.pid);
      assert.deepEqual([a.x, b.x], [1, 2]);
      assert.deepEqual([a.job, b.job], ['job-1', 'job-2']);
      assert.ok(first.logs.includes('job x=1 call 1\n'), first.logs.join(''));
      assert.ok(second.logs.includes('job x=2 call 2\n'), second.logs.join(''));
      assert.ok(!second.logs.some((line) => line.includes('x=1')), 'no line of the first job in the second');
      if (language === 'bun') {
        assert.deepEqual([...second.logs].sort(), ['job x=2 call 2\n', 'to stderr 2\n', 'written\n']);
      } else {
        assert.deepEqual(second.logs, ['job x=2 call 2\n']);
      }
    });
  }

  for (const [language, content] of [
    [
      'bun',
      'export function main(n: number) {\n  for (let i = 0; i < n; i++) console.log("line " + i);\n  process.stdout.write("no newline at the end");\n  return n;\n}\n',
    ],
    [
      'python3',
      'import sys\ndef main(n: int):\n    for i in range(n):\n        print("line", i)\n    sys.stdout.write("no newline at the end")\n    return n\n',
    ],
  ] as const) {
    it(`${language}: a job's output, however much, is all in its own log before its end`, async () => {
      const v = version(`${language}-chatty`);
      const spec = (n: number) => ({ language, content, args: { n }, argOrder: ['n'], dedicated: v });
      for (const n of [20_000, 3]) {
        const run = await box.run(spec(n));
        assert.equal(run.result, n);
        assert.equal(run.logs.length, n + 1);
        assert.equal(run.logs[n - 1], `line ${n - 1}\n`);
        assert.equal(run.logs[n], 'no newline at the end\n');
      }
    });
  }

  it('never shares a process between scripts, workspaces or versions; a new version ends the old one', async () => {
    const one = (await run('python3', PY_COUNTER, 1, version('iso-a'))).result as Counted;
    const other = (await run('python3', PY_COUNTER, 2, version('iso-b'))).result as Counted;
    const elsewhere = (await run('python3', PY_COUNTER, 3, version('iso-a', 'ws2'))).result as Counted;
    assert.equal(other.calls, 1);
    assert.equal(elsewhere.calls, 1);
    assert.equal(new Set([one.pid, other.pid, elsewhere.pid]).size, 3);
    // Same script (path), new content: a new process, and the old version's is ended.
    const v2 = { version: 'ws\0iso-a-v2', script: version('iso-a')!.script };
    const before = (await processesOfUids(UID_BASE, 64)).length;
    const newer = (await run('python3', `${PY_COUNTER}\n# v2\n`, 4, v2)).result as Counted;
    assert.equal(newer.calls, 1);
    assert.notEqual(newer.pid, one.pid);
    await waitFor(async () => (await processesOfUids(UID_BASE, 64)).length < before + 1);
    const again = (await run('python3', PY_COUNTER, 5, version('iso-a'))).result as Counted;
    assert.equal(again.calls, 1, 'the old version got a fresh process when it came back');
  });

  it('a crash fails the job with a clear error, and the next job gets a fresh process', async () => {
    const v = version('crash');
    const content = `
let calls = 0;
const PROCESS = crypto.randomUUID();
export function main(crash: boolean) {
  calls++;
  if (crash) { console.error("going down"); process.exit(3); }
  return { calls, pid: PROCESS };
}`;
    const spec = (crash: boolean) => ({
      language: 'bun' as const,
      content,
      args: { crash },
      argOrder: ['crash'],
      dedicated: v,
    });
    const ok = await box.run(spec(false));
    const crashed = await box.run(spec(true));
    const next = await box.run(spec(false));
    assert.equal((ok.result as { calls: number }).calls, 1);
    assert.equal(crashed.status, 'failure');
    assert.equal(crashed.error?.name, 'ExitCode');
    assert.match(crashed.error!.message, /exited with code 3/);
    assert.match(crashed.error!.message, /going down/);
    assert.match(crashed.error!.message, /dedicated process .* ended during the job; the next job starts a fresh one/);
    assert.equal(next.status, 'success');
    assert.equal((next.result as { calls: number }).calls, 1);
    assert.notEqual((next.result as { pid: string }).pid, (ok.result as { pid: string }).pid);
  });

  it('a job past its timeout kills its process and fails; the next job gets a fresh one', async () => {
    const v = version('slow');
    const content = `
import time, os
calls = 0
PROCESS = os.urandom(8).hex()
def main(sleep: float):
    global calls
    calls += 1
    time.sleep(sleep)
    return {"calls": calls, "pid": PROCESS}
`;
    const spec = (sleep: number) => ({
      language: 'python3' as const,
      content,
      args: { sleep },
      argOrder: ['sleep'],
      dedicated: v,
      timeoutMs: 1500,
    });
    const first = await box.run(spec(0));
    const slow = await box.run(spec(30));
    const next = await box.run(spec(0));
    assert.equal(slow.status, 'failure');
    assert.equal(slow.error?.name, 'Timeout');
    assert.ok(slow.durationMs < 10_000, `killed at its timeout, not after ${slow.durationMs} ms`);
    assert.equal((next.result as { calls: number }).calls, 1);
    assert.notEqual((next.result as { pid: string }).pid, (first.result as { pid: string }).pid);
  });

  it('a job over the memory limit fails with MemoryLimitExceeded, and the next job gets a fresh process', async () => {
    const v = version('memory');
    const content = `
import os
calls = 0
PROCESS = os.urandom(8).hex()
def main(mb: int):
    global calls
    calls += 1
    data = b"x" * (mb * 1024 * 1024)
    return {"calls": calls, "pid": PROCESS, "len": len(data)}
`;
    const spec = (mb: number) => ({
      language: 'python3' as const,
      content,
      args: { mb },
      argOrder: ['mb'],
      dedicated: v,
      limits: { memoryMb: 96 },
    });
    const first = await box.run(spec(1));
    const over = await box.run(spec(300));
    const next = await box.run(spec(1));
    assert.equal(over.status, 'failure', JSON.stringify(over));
    assert.equal(over.error?.name, 'MemoryLimitExceeded');
    assert.match(over.error!.message, /96 MiB.*the next job starts a fresh one/s);
    assert.equal((next.result as Counted).calls, 1);
    assert.notEqual((next.result as Counted).pid, (first.result as Counted).pid);
  });

  it("a script's error fails only its job; the process goes on", async () => {
    const v = version('errors');
    const content = `
calls = 0
def main(fail: bool):
    global calls
    calls += 1
    if fail:
        raise ValueError(f"bad call {calls}")
    return calls
`;
    const spec = (fail: boolean) => ({
      language: 'python3' as const,
      content,
      args: { fail },
      argOrder: ['fail'],
      dedicated: v,
    });
    assert.equal((await box.run(spec(false))).result, 1);
    const failed = await box.run(spec(true));
    assert.equal(failed.status, 'failure');
    assert.equal(failed.error?.name, 'ValueError');
    assert.equal(failed.error?.message, 'bad call 2');
    assert.ok(failed.logs.join('').includes('ValueError: bad call 2'));
    assert.equal((await box.run(spec(false))).result, 3);
  });

  it('recycles a process after maxJobs jobs (3 here) and when idle', async () => {
    const v = version('recycle');
    const results: Counted[] = [];
    for (let x = 0; x < 4; x++) results.push((await run('python3', PY_COUNTER, x, v)).result as Counted);
    assert.deepEqual(
      results.map((r) => r.calls),
      [1, 2, 3, 1],
    );
    assert.equal(new Set(results.slice(0, 3).map((r) => r.pid)).size, 1);
    assert.notEqual(results[3]!.pid, results[0]!.pid);
    // idleMs is 1.5 s: after that the process is gone.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const after = (await run('python3', PY_COUNTER, 9, v)).result as Counted;
    assert.equal(after.calls, 1);
  });

  it('jobs without `dedicated`, and other languages, still get a process each', async () => {
    const a = (await run('python3', PY_COUNTER, 1, null)).result as Counted;
    const b = (await run('python3', PY_COUNTER, 2, null)).result as Counted;
    assert.deepEqual([a.calls, b.calls], [1, 1]);
    const bash = await box.run({ content: 'echo $$', dedicated: version('bash') });
    assert.equal(bash.status, 'success');
  });

  it('a cancel kills the process and the job is canceled; the next job gets a fresh one', async () => {
    const v = version('cancel');
    const content = `
let calls = 0;
const PROCESS = crypto.randomUUID();
export async function main(wait: boolean) {
  calls++;
  if (wait) await new Promise((resolve) => setTimeout(resolve, 60_000));
  return { calls, pid: PROCESS };
}`;
    const spec = (wait: boolean, signal?: AbortSignal) => ({
      language: 'bun' as const,
      content,
      args: { wait },
      argOrder: ['wait'],
      dedicated: v,
      ...(signal && { signal }),
    });
    const first = await box.run(spec(false));
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 300);
    const canceled = await box.run(spec(true, abort.signal));
    const next = await box.run(spec(false));
    assert.equal(canceled.status, 'canceled');
    assert.equal((next.result as Counted).calls, 1);
    assert.notEqual((next.result as Counted).pid, (first.result as Counted).pid);
  });

  it("serves each job's folder hook, and stops serving it before the process takes another job", async () => {
    const v = version('folder');
    const events: string[] = [];
    const spec = (x: number): Partial<SandboxSpec> & Pick<SandboxSpec, 'content'> => ({
      jobId: `folder-${x}`,
      language: 'python3',
      content: 'def main():\n    import os\n    return sorted(os.listdir("/job"))\n',
      dedicated: v,
      onFolder: async (dir) => {
        events.push(`serve ${x}`);
        writeFileSync(join(dir, 'api.sock'), '');
        return async () => {
          events.push(`stop ${x}`);
          rmSync(join(dir, 'api.sock'));
        };
      },
    });
    const first = await box.run(spec(1));
    events.push('returned 1');
    const second = await box.run(spec(2));
    assert.deepEqual(events, ['serve 1', 'stop 1', 'returned 1', 'serve 2', 'stop 2']);
    assert.ok((first.result as string[]).includes('api.sock'));
    assert.ok((second.result as string[]).includes('api.sock'));
  });

  it("jobs of one version that run at the same time get a process each; output while idle is no job's", async () => {
    const v = version('parallel');
    const content = `
let calls = 0;
const PROCESS = crypto.randomUUID();
export async function main(x: number, wait: number) {
  calls++;
  setTimeout(() => console.log("late line of job " + x), wait + 100);
  await new Promise((resolve) => setTimeout(resolve, wait));
  return { calls, pid: PROCESS, x };
}`;
    const spec = (x: number, wait: number) => ({
      language: 'bun' as const,
      content,
      args: { x, wait },
      argOrder: ['x', 'wait'],
      dedicated: v,
    });
    const [a, b] = await Promise.all([box.run(spec(1, 300)), box.run(spec(2, 300))]);
    assert.notEqual((a.result as Counted).pid, (b.result as Counted).pid);
    assert.deepEqual([(a.result as Counted).calls, (b.result as Counted).calls], [1, 1]);
    assert.deepEqual(a.logs, []);
    // Both processes print their late line while idle, before the next job.
    await new Promise((resolve) => setTimeout(resolve, 400));
    const c = await box.run(spec(3, 0));
    assert.equal((c.result as Counted).calls, 2);
    assert.ok(!c.logs.some((line) => line.includes('job 1') || line.includes('job 2')), c.logs.join(''));
  });

  it('close() ends every dedicated process and leaves no job folder behind', async () => {
    await run('bun', BUN_COUNTER, 1, version('left'));
    assert.ok((await processesOfUids(UID_BASE, 64)).length > 0);
    assert.deepEqual(await box.leftovers(), []);
    assert.deepEqual(await processesOfUids(UID_BASE, 64), []);
  });
});

async function waitFor(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('timed out waiting');
}
