import { closeSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { inheritedDescriptors, ProcessSandbox, type SandboxSpec } from '../src/sandboxes/index.js';

// A rootless ProcessSandbox in a process of its own, for tests that run it as an unprivileged
// user (see rootless-helpers.ts). One JSON request per line on stdin, one JSON answer per line
// on stdout: {id, op: 'run', spec} → {id, outcome, logs} (`spec.depsDir`: a folder bound as the
// job's installed dependencies); {id, op: 'describe'} →
// {id, describe, warning}; {id, op: 'close'} → {id} and the process exits.

type Request =
  | {
      id: number;
      op: 'run';
      spec: Omit<SandboxSpec, 'onLog' | 'signal' | 'deps'> & { cancelAfterMs?: number; depsDir?: string };
    }
  | { id: number; op: 'describe' }
  | { id: number; op: 'close' };

// As the all-in-one does: what the test runner left open is not for jobs.
for (const fd of inheritedDescriptors()) closeSync(fd);

const sandbox = new ProcessSandbox({
  mode: 'rootless',
  workRoot: process.env.RUNNEL_TEST_WORK_ROOT,
  maxSlots: 16,
  warmPoolSize: Number(process.env.RUNNEL_TEST_WARM_POOL ?? 4),
  // Only for jobs whose spec asks (SandboxSpec.dedicated); every other job runs as without.
  dedicated: { maxJobs: 3 },
});

const answer = (message: object): void => void process.stdout.write(`${JSON.stringify(message)}\n`);

async function handle(request: Request): Promise<void> {
  try {
    switch (request.op) {
      case 'run': {
        const logs: string[] = [];
        const { cancelAfterMs, depsDir, ...spec } = request.spec;
        const signal = cancelAfterMs === undefined ? undefined : AbortSignal.timeout(cancelAfterMs);
        const deps = depsDir === undefined ? undefined : { dir: depsDir, retain: () => undefined };
        const outcome = await sandbox.run({ ...spec, deps, signal, onLog: (line) => logs.push(line) });
        answer({ id: request.id, outcome, logs });
        return;
      }
      case 'describe':
        answer({ id: request.id, describe: await sandbox.describe(), warning: await sandbox.warning() });
        return;
      case 'close':
        await sandbox.close();
        answer({ id: request.id });
        process.exit(0);
    }
  } catch (err) {
    answer({ id: request.id, error: (err as Error).message });
  }
}

for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim()) void handle(JSON.parse(line) as Request);
}
// The test is gone: so are we, and with us every sandbox (--die-with-parent).
await sandbox.close();
process.exit(0);
