import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SandboxSpec } from '../src/sandboxes/index.js';
import { processesOfUids, testSandbox } from './sandbox-helpers.js';

const UID_BASE = 160_000;
let warm: Awaited<ReturnType<typeof testSandbox>>;
let cold: Awaited<ReturnType<typeof testSandbox>>;

before(async () => {
  warm = await testSandbox(UID_BASE, { warmPoolSize: 4 });
  cold = await testSandbox(UID_BASE + 100, { warmPoolSize: 0 });
});
after(async () => {
  await warm.dispose();
  await cold.dispose();
});

/** Runs `spec` twice in the warm sandbox (the second in the sandbox the first left warm) and once cold. */
async function bothModes(spec: Partial<SandboxSpec> & Pick<SandboxSpec, 'content'>) {
  await warm.run(spec);
  await waitForPool();
  const [fromPool, fromCold] = [await warm.run(spec), await cold.run(spec)];
  return { fromPool, fromCold };
}

/** Waits until the pool has a sandbox running (refilled in the background after each job). */
async function waitForPool(): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if ((await processesOfUids(UID_BASE, 64)).length > 0) {
      await new Promise((resolve) => setTimeout(resolve, 300)); // its interpreter's start-up
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('no warm sandbox was started');
}

describe('ProcessSandbox: warm pool', () => {
  it('keeps a sandbox pre-started after a job, and close() kills it', async () => {
    const own = await testSandbox(UID_BASE + 200, { warmPoolSize: 2 });
    await own.run({ content: 'echo hi' });
    for (let i = 0; i < 100 && (await processesOfUids(UID_BASE + 200, 64)).length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.ok((await processesOfUids(UID_BASE + 200, 64)).length > 0, 'a warm sandbox is running');
    await own.dispose();
    assert.deepEqual(await processesOfUids(UID_BASE + 200, 64), []);
  });

  it('bash: positions, $0, environment, stdin and rlimits as in a cold job', async () => {
    const spec = {
      jobId: 'same',
      content:
        'echo "$0|$#|$1|$2|$3"\nenv | sort | grep -v "^_=" | tr "\\n" " "\necho\nwc -c\n' +
        'grep -E "^Max (cpu time|file size|core file size|address space|processes) " /proc/self/limits\n',
      args: { a: 'x y', c: { k: [1] } },
      argOrder: ['a', '', 'c'],
    };
    const { fromPool, fromCold } = await bothModes(spec);
    assert.equal(fromPool.status, 'success', JSON.stringify(fromPool));
    assert.deepEqual(fromPool.logs, fromCold.logs);
    assert.equal(fromPool.logs[0], '/job/main.sh|3|x y||{"k":[1]}\n');
    assert.match(fromPool.logs[1]!, /RUNNEL_JOB_ID=same /);
    assert.match(fromPool.logs.join(''), /^Max cpu time +10 +11 +seconds/m, 'the rlimits, set before the go message');
  });

  it('bash: exit status, `exit`, `set -e` and shell state as in a cold job', async () => {
    const exits = await bothModes({
      content: 'echo "${a-}|${n-}|${i-}|${BASH_EXECUTION_STRING-}|$SHLVL|$BASH_ARGV0"\nshopt -po\n(exit 4)\nexit 7\n',
    });
    assert.equal(exits.fromPool.exitCode, 7, JSON.stringify(exits.fromPool));
    assert.deepEqual(exits.fromPool.logs, exits.fromCold.logs);
    assert.equal(exits.fromPool.logs[0], '||||1|/job/main.sh\n');
    const errexit = await bothModes({ content: 'set -e\necho before\nfalse\necho after\n' });
    assert.equal(errexit.fromPool.exitCode, 1, JSON.stringify(errexit.fromPool));
    assert.deepEqual(errexit.fromPool.logs, ['before\n']);
    assert.deepEqual(errexit.fromCold.logs, ['before\n']);
    const last = await bothModes({ content: 'echo out\nfalse\n' });
    assert.equal(last.fromPool.exitCode, 1);
    assert.equal(last.fromCold.exitCode, 1);
  });

  it('python3 and bun: same result, arguments, argv, environment and rlimits as a cold job', async () => {
    const python = await bothModes({
      jobId: 'py',
      language: 'python3',
      content:
        'import os, resource, sys\ndef main(a, b=2):\n' +
        '    return [a, b, sys.argv, sys.stdin.read(), dict(os.environ), resource.getrlimit(resource.RLIMIT_CPU)]\n',
      args: { a: 1 },
      argOrder: ['a', 'b'],
    });
    assert.equal(python.fromPool.status, 'success', JSON.stringify(python.fromPool));
    assert.deepEqual(python.fromPool.result, python.fromCold.result);
    assert.deepEqual((python.fromPool.result as unknown[])[5], [10, 11]);
    const bun = await bothModes({
      jobId: 'ts',
      language: 'bun',
      content:
        "import { readFileSync } from 'node:fs';\nexport function main(a: number, b = 5) {\n" +
        "  const cpu = readFileSync('/proc/self/limits', 'utf8').match(/^Max cpu time.*$/m)?.[0];\n" +
        '  return [a, b, process.argv.slice(1), { ...process.env }, cpu];\n}\n',
      args: { a: 1 },
      argOrder: ['a', 'b'],
    });
    assert.equal(bun.fromPool.status, 'success', JSON.stringify(bun.fromPool));
    assert.deepEqual(bun.fromPool.result, bun.fromCold.result);
    assert.match(String((bun.fromPool.result as unknown[])[4]), /^Max cpu time +10 +11 +seconds/);
  });

  it('a job in a warm sandbox is timed out from its start and leaves nothing behind', async () => {
    await warm.run({ content: 'echo warm-up', timeoutMs: 1000 });
    await waitForPool();
    const run = await warm.run({ content: 'echo started\nsleep 30', timeoutMs: 1000 });
    assert.equal(run.error?.name, 'Timeout');
    assert.deepEqual(run.logs, ['started\n']);
    assert.ok(run.durationMs >= 1000 && run.durationMs < 3000, `${run.durationMs} ms`);
    assert.deepEqual(await warm.leftovers(), []);
    assert.deepEqual(await processesOfUids(UID_BASE, 64), []);
  });
});
