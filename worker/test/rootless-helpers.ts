import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { userNamespaceArgv, type SandboxOutcome, type SandboxSpec } from '../src/sandboxes/index.js';

/** The unprivileged user the rootless sandbox runs as in these tests (nobody). */
export const UNPRIVILEGED = 65534;

/** The checkout these tests were built from (worker/dist/test/ → the root). */
const checkout = fileURLToPath(new URL('../../..', import.meta.url));

export interface RootlessRun extends SandboxOutcome {
  logs: string[];
}

export type RootlessSpec = Partial<Omit<SandboxSpec, 'onLog' | 'signal' | 'deps'>> &
  Pick<SandboxSpec, 'content'> & { cancelAfterMs?: number; depsDir?: string };

/**
 * A rootless ProcessSandbox run by an unprivileged user, as a worker that is not root runs it:
 * rootless-driver.ts as uid 65534, root of a user namespace of its own (userNamespaceArgv). The
 * checkout may sit under a directory that user can't enter (CI's, /root): it is bound, in a
 * mount namespace of the driver's own, under a fresh directory anyone can enter; the host sees
 * that directory empty, so removing it never reaches the checkout.
 */
export async function rootlessSandbox(options: { warmPoolSize?: number } = {}) {
  const base = mkdtempSync('/tmp/runnel-rootless-');
  chmodSync(base, 0o755);
  const mirror = join(base, 'checkout');
  mkdirSync(mirror);
  const workRoot = join(base, 'work');
  mkdirSync(workRoot, { mode: 0o700 });
  chownSync(workRoot, UNPRIVILEGED, UNPRIVILEGED);
  const driver = join(mirror, 'worker', 'dist', 'test', 'rootless-driver.js');
  const child: ChildProcess = spawn(
    '/usr/bin/unshare',
    [
      '--mount',
      '--propagation',
      'private',
      '--',
      '/bin/sh',
      '-c',
      'mount --bind "$1" "$2" && shift 2 && exec "$@"',
      'sh',
      checkout,
      mirror,
      '/usr/bin/setpriv',
      `--reuid=${UNPRIVILEGED}`,
      `--regid=${UNPRIVILEGED}`,
      '--clear-groups',
      '--',
      ...userNamespaceArgv([process.execPath, driver]),
    ],
    {
      cwd: '/',
      env: {
        PATH: '/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin',
        HOME: workRoot,
        RUNNEL_TEST_WORK_ROOT: workRoot,
        RUNNEL_TEST_WARM_POOL: String(options.warmPoolSize ?? process.env.RUNNEL_TEST_WARM_POOL ?? 4),
      },
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const pending = new Map<number, (answer: Record<string, unknown>) => void>();
  let nextId = 1;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => {
    for (const resolve of pending.values()) resolve({ error: 'the rootless driver exited' });
    pending.clear();
  });
  void (async () => {
    for await (const line of createInterface({ input: child.stdout! })) {
      const answer = JSON.parse(line) as Record<string, unknown> & { id: number };
      pending.get(answer.id)?.(answer);
      pending.delete(answer.id);
    }
  })();
  const ask = (request: Record<string, unknown>): Promise<Record<string, unknown>> => {
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, (answer) => (answer.error ? reject(new Error(String(answer.error))) : resolve(answer)));
      child.stdin!.write(`${JSON.stringify({ id, ...request })}\n`);
    });
  };
  return {
    workRoot,
    /** The driver's pid: the host sees the sandbox's processes under it. */
    pid: child.pid!,
    /** Runs a job with test defaults (bash, 10 s, no network) and collects its log lines. */
    async run(spec: RootlessSpec): Promise<RootlessRun> {
      const answer = await ask({
        op: 'run',
        spec: { jobId: 'test', language: 'bash', args: {}, argOrder: [], timeoutMs: 10_000, network: 'none', ...spec },
      });
      return { ...(answer.outcome as SandboxOutcome), logs: answer.logs as string[] };
    },
    async describe(): Promise<{ describe: string; warning?: string }> {
      return (await ask({ op: 'describe' })) as { describe: string; warning?: string };
    },
    async dispose(): Promise<void> {
      if (child.exitCode === null && child.signalCode === null) {
        await Promise.race([ask({ op: 'close' }).catch(() => {}), exited]);
        child.kill('SIGKILL');
        await exited;
      }
      rmSync(base, { recursive: true, force: true });
    },
  };
}
