import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, readdir, rmdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** The limits a cgroup enforces for one job. */
export interface CgroupLimits {
  memoryBytes: number;
  pids: number;
}

/** One job's cgroup (one directory per hierarchy on v1, one on v2). */
export interface JobCgroup {
  /**
   * Moves a process into the job's cgroup; its later children stay there. Async: moving a task
   * between v1 memory cgroups can wait for an RCU grace period (~10 ms), which must not block
   * the worker's other jobs.
   */
  add(pid: number): Promise<void>;
  /** The kernel OOM-killed a process of the job (the counter only ever grows). */
  oomKilled(): boolean;
  /** Kills whatever is still inside, then removes the cgroup. */
  destroy(): Promise<void>;
}

export interface CgroupManager {
  readonly version: 1 | 2;
  /** Whether pids.max is enforced; without it the sandbox falls back to RLIMIT_NPROC. */
  readonly limitsPids: boolean;
  create(name: string, limits: CgroupLimits): Promise<JobCgroup>;
  /** Removes empty job cgroups a killed worker left behind (older than a minute, so never a new one). */
  sweepStale(): Promise<void>;
}

interface Mount {
  version: 1 | 2;
  /** Where the hierarchy is mounted. */
  path: string;
  /** The part of the hierarchy the mount shows (not `/` inside a container's cgroup namespace). */
  root: string;
  controllers: string[];
}

function mounts(): Mount[] {
  const found: Mount[] = [];
  for (const line of readFileSync('/proc/self/mountinfo', 'utf8').split('\n')) {
    const [pre, post] = line.split(' - ');
    if (!pre || !post) continue;
    const fields = pre.split(' ');
    const [fstype, , superOptions = ''] = post.split(' ');
    const root = fields[3] ?? '/';
    const path = (fields[4] ?? '').replace(/\\040/g, ' ');
    if (fstype === 'cgroup2') found.push({ version: 2, path, root, controllers: [] });
    else if (fstype === 'cgroup') found.push({ version: 1, path, root, controllers: superOptions.split(',') });
  }
  return found;
}

/** This process's cgroup per v1 controller, and `''` for the v2 hierarchy. */
function ownCgroups(): Map<string, string> {
  const own = new Map<string, string>();
  for (const line of readFileSync('/proc/self/cgroup', 'utf8').trim().split('\n')) {
    const [, controllers = '', path = '/'] = line.split(/:(.*?):/);
    for (const controller of controllers === '' ? [''] : controllers.split(',')) own.set(controller, path);
  }
  return own;
}

function under(mount: Mount, ownPath: string, parent: string | undefined): string {
  const relative = ownPath.startsWith(mount.root) ? ownPath.slice(mount.root.length) : ownPath;
  return join(mount.path, parent ?? join(relative, 'runnel'));
}

/**
 * Finds a writable memory cgroup: v1's memory (and pids) controllers, else v2 with memory and
 * pids delegated. Job cgroups go under `parent` (relative to the hierarchy root), by default
 * under this process's own cgroup, so jobs stay inside whatever limits the worker has.
 * Returns the reason instead when none is usable.
 */
export async function detectCgroups(parent?: string): Promise<CgroupManager | string> {
  let all: Mount[];
  let own: Map<string, string>;
  try {
    all = mounts();
    own = ownCgroups();
  } catch (err) {
    return `cannot read this process's cgroups: ${(err as Error).message}`;
  }
  const memory = all.find((m) => m.version === 1 && m.controllers.includes('memory'));
  const unified = all.find((m) => m.version === 2);
  let manager: CgroupManagerBase;
  if (memory) {
    const pids = all.find((m) => m.version === 1 && m.controllers.includes('pids'));
    manager = new CgroupV1(
      under(memory, own.get('memory') ?? '/', parent),
      pids ? under(pids, own.get('pids') ?? '/', parent) : undefined,
      parent === undefined,
    );
  } else if (unified && existsSync(join(unified.path, 'cgroup.controllers'))) {
    manager = new CgroupV2(under(unified, own.get('') ?? '/', parent), parent === undefined);
  } else {
    return 'no cgroup memory controller is mounted';
  }
  try {
    const probe = await manager.create(`probe-${process.pid}`, { memoryBytes: 64 * 1024 * 1024, pids: 16 });
    await probe.destroy();
  } catch (err) {
    return `cannot create cgroups under ${manager.base}: ${(err as Error).message}`;
  }
  return manager;
}

abstract class CgroupManagerBase implements CgroupManager {
  abstract readonly version: 1 | 2;
  abstract readonly limitsPids: boolean;
  /** Job cgroups alive in this process; the parent directory is removed when it reaches 0. */
  protected active = 0;

  /**
   * @param base where job cgroups are created
   * @param ownsBase whether the base is ours to remove when idle (not a configured one)
   */
  constructor(
    readonly base: string,
    private readonly ownsBase: boolean,
  ) {}

  abstract create(name: string, limits: CgroupLimits): Promise<JobCgroup>;
  protected abstract bases(): string[];

  async sweepStale(): Promise<void> {
    for (const base of this.bases()) {
      const names = await readdir(base).catch(() => [] as string[]);
      for (const name of names) {
        const dir = join(base, name);
        const info = await stat(dir).catch(() => undefined);
        if (!info?.isDirectory() || Date.now() - info.mtimeMs < 60_000) continue;
        const procs = await readFile(join(dir, 'cgroup.procs'), 'utf8').catch(() => 'unknown');
        if (procs.trim() === '') await rmdir(dir).catch(() => {});
      }
    }
  }

  /** mkdir, recreating the parent if another worker process removed it meanwhile. */
  protected async mkdirUnder(base: string, name: string, prepareBase?: () => Promise<void>): Promise<string> {
    const dir = join(base, name);
    for (let attempt = 0; ; attempt++) {
      await mkdir(base, { recursive: true });
      await prepareBase?.();
      try {
        await mkdir(dir);
        return dir;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || attempt > 3) throw err;
      }
    }
  }

  /** An empty parent is removed so no directory outlives the worker in someone else's cgroup. */
  protected async removeParents(bases: string[]): Promise<void> {
    if (this.active > 0 || !this.ownsBase) return;
    // Fails harmlessly (EBUSY) while another worker process still has jobs in it.
    for (const base of bases) await rmdir(base).catch(() => {});
  }
}

/** Kills every process listed in `procsFiles` until all are empty, then removes `dirs`. */
async function emptyAndRemove(procsFiles: string[], dirs: string[]): Promise<void> {
  for (let round = 0; round < 100; round++) {
    let alive = 0;
    for (const file of procsFiles) {
      const text = await readFile(file, 'utf8').catch(() => '');
      for (const pid of text.split('\n').filter(Boolean)) {
        alive++;
        try {
          process.kill(Number(pid), 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
    }
    if (alive === 0) break;
    await sleep(10);
  }
  for (const dir of dirs) {
    for (let attempt = 0; ; attempt++) {
      try {
        await rmdir(dir);
        break;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') break;
        // A dying process can keep the cgroup busy for a moment after it left cgroup.procs.
        if (code !== 'EBUSY' || attempt >= 50) throw new Error(`cannot remove cgroup ${dir}`, { cause: err });
        await sleep(20);
      }
    }
  }
}

function counter(text: string, name: string): number {
  const match = new RegExp(`^${name} (\\d+)$`, 'm').exec(text);
  return match ? Number(match[1]) : 0;
}

class CgroupV1 extends CgroupManagerBase {
  readonly version = 1 as const;
  readonly limitsPids: boolean;

  constructor(
    memoryBase: string,
    private readonly pidsBase: string | undefined,
    ownsBase: boolean,
  ) {
    super(memoryBase, ownsBase);
    this.limitsPids = pidsBase !== undefined;
  }

  protected bases(): string[] {
    return this.pidsBase ? [this.base, this.pidsBase] : [this.base];
  }

  async create(name: string, limits: CgroupLimits): Promise<JobCgroup> {
    this.active++;
    const dirs: string[] = [];
    try {
      const memory = await this.mkdirUnder(this.base, name);
      dirs.push(memory);
      await writeFile(join(memory, 'memory.limit_in_bytes'), String(limits.memoryBytes));
      // memory+swap; only present with swap accounting. Equal to the memory limit: no swapping out of it.
      await writeFile(join(memory, 'memory.memsw.limit_in_bytes'), String(limits.memoryBytes)).catch((err) => {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      });
      if (this.pidsBase) {
        const pids = await this.mkdirUnder(this.pidsBase, name);
        dirs.push(pids);
        await writeFile(join(pids, 'pids.max'), String(limits.pids));
      }
    } catch (err) {
      await this.release(dirs);
      throw err;
    }
    return {
      add: async (pid) => {
        await Promise.all(dirs.map((dir) => writeFile(join(dir, 'cgroup.procs'), String(pid))));
      },
      oomKilled: () => {
        const oom = readFileSync(join(dirs[0]!, 'memory.oom_control'), 'utf8');
        return counter(oom, 'oom_kill') > 0;
      },
      destroy: () => this.release(dirs),
    };
  }

  private async release(dirs: string[]): Promise<void> {
    try {
      await emptyAndRemove(
        dirs.map((dir) => join(dir, 'cgroup.procs')),
        dirs,
      );
    } finally {
      this.active--;
      await this.removeParents(this.pidsBase ? [this.base, this.pidsBase] : [this.base]);
    }
  }
}

class CgroupV2 extends CgroupManagerBase {
  readonly version = 2 as const;
  readonly limitsPids = true;

  protected bases(): string[] {
    return [this.base];
  }

  async create(name: string, limits: CgroupLimits): Promise<JobCgroup> {
    this.active++;
    let dir: string | undefined;
    try {
      // Controllers must be delegated at each level: in the parent of `runnel` and in `runnel`.
      await this.delegate(join(this.base, '..'));
      dir = await this.mkdirUnder(this.base, name, () => this.delegate(this.base));
      await writeFile(join(dir, 'memory.max'), String(limits.memoryBytes));
      await writeFile(join(dir, 'memory.swap.max'), '0').catch((err) => {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      });
      await writeFile(join(dir, 'pids.max'), String(limits.pids));
    } catch (err) {
      await this.release(dir);
      throw err;
    }
    const jobDir = dir;
    return {
      add: (pid) => writeFile(join(jobDir, 'cgroup.procs'), String(pid)),
      oomKilled: () => counter(readFileSync(join(jobDir, 'memory.events'), 'utf8'), 'oom_kill') > 0,
      destroy: () => this.release(jobDir),
    };
  }

  private async delegate(dir: string): Promise<void> {
    const enabled = (await readFile(join(dir, 'cgroup.subtree_control'), 'utf8')).split(/\s+/);
    const missing = ['memory', 'pids'].filter((c) => !enabled.includes(c));
    // EBUSY here means `dir` holds processes itself (v2's no-internal-processes rule): the
    // worker must run in a delegated cgroup, see the cgroupParent option.
    if (missing.length) await writeFile(join(dir, 'cgroup.subtree_control'), missing.map((c) => `+${c}`).join(' '));
  }

  private async release(dir: string | undefined): Promise<void> {
    try {
      if (dir) {
        // cgroup.kill (Linux 5.14+) kills the whole subtree at once, forks in flight included.
        await writeFile(join(dir, 'cgroup.kill'), '1').catch(() => {});
        await emptyAndRemove([join(dir, 'cgroup.procs')], [dir]);
      }
    } finally {
      this.active--;
      await this.removeParents([this.base]);
    }
  }
}
