import { readdirSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ProcessSandbox,
  type ProcessSandboxOptions,
  type SandboxOutcome,
  type SandboxSpec,
} from '../src/sandboxes/index.js';

export interface JobRun extends SandboxOutcome {
  logs: string[];
}

/**
 * A sandbox with its own work root and uid range, so test files running at the same time
 * never share a uid or a folder.
 */
export async function testSandbox(uidBase: number, options: ProcessSandboxOptions = {}) {
  const workRoot = await mkdtemp(join(tmpdir(), 'runnel-test-'));
  // RUNNEL_TEST_WARM_POOL=0 runs the suite cold; by default jobs that can use the warm pool do.
  const warmPoolSize = Number(process.env.RUNNEL_TEST_WARM_POOL ?? 4);
  const sandbox = new ProcessSandbox({ workRoot, uidBase, maxSlots: 64, warmPoolSize, ...options });
  return {
    sandbox,
    workRoot,
    uidBase,
    /** Runs a job with test defaults (bash, 10 s, no network) and collects its log lines. */
    async run(spec: Partial<SandboxSpec> & Pick<SandboxSpec, 'content'>): Promise<JobRun> {
      const logs: string[] = [];
      const outcome = await sandbox.run({
        jobId: 'test',
        language: 'bash',
        args: {},
        argOrder: [],
        timeoutMs: 10_000,
        network: 'none',
        onLog: (line) => logs.push(line),
        ...spec,
      });
      return { ...outcome, logs };
    },
    /** Job folders left in the work root once the clean-ups of returned jobs are done (there should be none). */
    async leftovers(): Promise<string[]> {
      await sandbox.drainPool();
      await sandbox.settled();
      const found: string[] = [];
      for (const name of await readdir(workRoot)) {
        if (['.etc', '.etc-outbound', '.dev', '.disks'].includes(name)) continue;
        // A slot's disk, kept for its next job: what matters is what is left on it.
        if (/^slot-\d+-w\d+$/.test(name))
          found.push(...(await readdir(join(workRoot, name))).map((n) => `${name}/${n}`));
        else found.push(name);
      }
      return found;
    },
    async dispose(): Promise<void> {
      await sandbox.close();
      await rm(workRoot, { recursive: true, force: true });
    },
  };
}

/** The job folders in a work root (on their slot's disk, `slot-<uid>/<name>`), as paths. */
export function jobFolders(workRoot: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(workRoot)) {
    if (/^slot-\d+-w\d+$/.test(name))
      found.push(...readdirSync(join(workRoot, name)).map((n) => join(workRoot, name, n)));
    else if (!name.startsWith('.')) found.push(join(workRoot, name));
  }
  return found;
}

/**
 * Live host processes whose real uid is in [from, from + count): a job's processes, seen from
 * outside. Zombies are dead and left out: a sandbox's pid 1 can outlive bwrap by a moment and
 * is then reaped by the host's init, whenever that gets to it.
 */
export async function processesOfUids(from: number, count: number): Promise<number[]> {
  const pids: number[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const status = await readFile(`/proc/${name}/status`, 'utf8').catch(() => '');
    const uid = Number(/^Uid:\s+(\d+)/m.exec(status)?.[1] ?? -1);
    if (/^State:\s+Z/m.test(status)) continue;
    if (uid >= from && uid < from + count) pids.push(Number(name));
  }
  return pids;
}

/** What the host sees of one process of a running job. */
export interface JobProcess {
  pid: number;
  uid: number;
  /** Its memory cgroup, as a directory under /sys/fs/cgroup/memory (cgroup v1). */
  memoryCgroup: string;
}

/** The live processes of the uid range [from, from + count) and their cgroups. */
export async function jobProcesses(from: number, count: number): Promise<JobProcess[]> {
  const found: JobProcess[] = [];
  for (const pid of await processesOfUids(from, count)) {
    const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
    const cgroups = await readFile(`/proc/${pid}/cgroup`, 'utf8').catch(() => '');
    const memory = /^\d+:memory:(.*)$/m.exec(cgroups)?.[1];
    if (memory === undefined) continue;
    found.push({
      pid,
      uid: Number(/^Uid:\s+(\d+)/m.exec(status)?.[1]),
      memoryCgroup: `/sys/fs/cgroup/memory${memory}`,
    });
  }
  return found;
}

/** Where slot cgroups go in a v1 hierarchy by default: `<this process's cgroup>/runnel`. */
export async function slotCgroupBase(controller: 'memory' | 'pids'): Promise<string> {
  const own = new RegExp(`^\\d+:${controller}:(.*)$`, 'm').exec(await readFile('/proc/self/cgroup', 'utf8'))?.[1];
  return `/sys/fs/cgroup/${controller}${own === undefined || own === '/' ? '' : own}/runnel`;
}

/** The directories of this process's slot cgroups in a v1 hierarchy. */
export async function ownSlotCgroups(controller: 'memory' | 'pids'): Promise<string[]> {
  const base = await slotCgroupBase(controller);
  const names = await readdir(base).catch(() => [] as string[]);
  return names
    .filter((name) => name.startsWith('slot-') && name.includes(`-w${process.pid}-`))
    .map((n) => `${base}/${n}`);
}

/** Host processes running `comm` (the kernel's 15-character process name). */
export async function processesNamed(comm: string): Promise<number[]> {
  const pids: number[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const text = await readFile(`/proc/${name}/comm`, 'utf8').catch(() => '');
    if (text.trim() === comm) pids.push(Number(name));
  }
  return pids;
}

/** The job's stdout lines without the trailing newline. */
export function lines(run: JobRun): string[] {
  return run.logs.map((line) => line.replace(/\n$/, ''));
}
