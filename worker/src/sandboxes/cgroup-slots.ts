import { closeSync, openSync, readFileSync, rmdirSync, write } from 'node:fs';
import { mkdir, readFile, readdir, rmdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { inMount, ownCgroups, type Mount } from './cgroup-mounts.js';
import { alive } from './host.js';
import type { CgroupLimits, CgroupManager, JobCgroup } from './cgroup-manager.js';

// Slot cgroups: one per job slot (uid), created on its first job, reused by the next ones.

interface Slot {
  dirs: string[];
  limits?: CgroupLimits;
  /** cgroup.procs of each directory, opened on the slot's first job and kept for the next ones. */
  procs?: number[];
}

/** Writes `text` to an open descriptor through libuv's threadpool (a cgroup move can wait ~10 ms). */
function writeTo(fd: number, text: string): Promise<void> {
  return new Promise((resolve, reject) => write(fd, text, (err) => (err ? reject(err) : resolve())));
}

function closeAll(fds: number[] | undefined): void {
  for (const fd of fds ?? []) {
    try {
      closeSync(fd);
    } catch {
      // Closed already.
    }
  }
}

/** Slot cgroups alive in this process, removed (if empty) when it exits; see registerForExit. */
const liveDirs = new Set<string>();
const ownedBases = new Set<string>();
let exitHook = false;
let managers = 0;

function registerForExit(dirs: string[]): void {
  for (const dir of dirs) liveDirs.add(dir);
  if (exitHook) return;
  exitHook = true;
  process.once('exit', () => {
    for (const dir of [...liveDirs, ...ownedBases]) {
      try {
        rmdirSync(dir);
      } catch {
        // Busy (a job's processes are still dying) or gone: the next worker's sweep removes it.
      }
    }
  });
}

const SLOT_NAME = /^slot-\d+-w(\d+)-\d+$/;

export abstract class CgroupManagerBase implements CgroupManager {
  abstract readonly version: 1 | 2;
  abstract readonly limitsPids: boolean;
  abstract readonly limitsCpu: boolean;
  private readonly slots = new Map<number, Slot>();
  private readonly instance = ++managers;
  /** This process's own cgroup.procs, for warmUp. */
  private ownProcs?: number;

  /**
   * @param bases where slot cgroups are created, one per hierarchy
   * @param ownsBase whether the bases are ours to remove when idle (not configured ones)
   * @param own the hierarchy and controller whose cgroup.procs warmUp writes to
   */
  constructor(
    readonly bases: string[],
    private readonly ownsBase: boolean,
    private readonly own: { mount: Mount; controller: string },
  ) {}

  /** Creates the cgroup `name` in every hierarchy, without limits yet. */
  protected abstract create(name: string): Promise<string[]>;
  /** Writes `limits` to a slot whose previous limits were `previous`. */
  protected abstract apply(dirs: string[], limits: CgroupLimits, previous: CgroupLimits | undefined): Promise<void>;
  /** The OOM kill counter of the slot (it only ever grows). */
  protected abstract oomKills(dirs: string[]): number;
  /** Kills every process in the cgroup at once, where the kernel can (v2's cgroup.kill). */
  protected abstract killAll(dirs: string[]): Promise<void>;

  /** Creates, limits and removes a cgroup, to learn whether this process may. */
  async probe(limits: CgroupLimits): Promise<void> {
    let dirs: string[] = [];
    try {
      dirs = await this.create(`probe-${process.pid}-${this.instance}`);
      await this.apply(dirs, limits, undefined);
    } finally {
      await emptyAndRemove(dirs).catch(() => {});
      await this.removeBases();
    }
  }

  async enter(uid: number, limits: CgroupLimits): Promise<JobCgroup> {
    let slot = this.slots.get(uid);
    try {
      slot ??= await this.newSlot(uid);
      await this.limit(slot, limits);
    } catch {
      // Removed meanwhile (a sweep that took this process for dead), or memory the kernel
      // can't reclaim below a lower limit: start the slot afresh, once.
      if (slot) await this.discard(uid, slot).catch(() => {});
      slot = await this.newSlot(uid);
      await this.limit(slot, limits);
    }
    const { dirs } = slot;
    const oomBefore = this.oomKills(dirs);
    const entered = slot;
    return {
      add: async (pid) => {
        // Opened once per slot: a write is then one threadpool call instead of three (open, write, close).
        entered.procs ??= dirs.map((dir) => openSync(join(dir, 'cgroup.procs'), 'w'));
        // One after the other: the second move finds the grace period over and is quick, and
        // only one of libuv's few threadpool threads waits meanwhile.
        for (const fd of entered.procs) await writeTo(fd, String(pid));
      },
      oomKilled: () => this.oomKills(dirs) > oomBefore,
      empty: async () => {
        if ((await procsIn(dirs)).length === 0) return;
        await this.killAll(dirs);
        await emptyCgroup(dirs);
      },
    };
  }

  warmUp(): void {
    try {
      if (this.ownProcs === undefined) {
        const path = ownCgroups().get(this.own.controller);
        if (path === undefined) return;
        this.ownProcs = openSync(join(inMount(this.own.mount, path), 'cgroup.procs'), 'w');
      }
    } catch {
      return;
    }
    const fd = this.ownProcs;
    writeTo(fd, String(process.pid)).catch(() => {
      // Moved elsewhere meanwhile (the cgroup is gone): look it up again next time.
      if (this.ownProcs === fd) this.ownProcs = undefined;
      closeAll([fd]);
    });
  }

  async sweepStale(): Promise<void> {
    for (const base of this.bases) {
      const names = await readdir(base).catch(() => [] as string[]);
      for (const name of names) {
        const dir = join(base, name);
        const owner = SLOT_NAME.exec(name)?.[1];
        if (owner !== undefined) {
          // A slot of a live worker (this one included) is in use or about to be.
          if (Number(owner) === process.pid || alive(Number(owner))) continue;
        } else {
          const info = await stat(dir).catch(() => undefined);
          // Old per-job cgroups and probes; never one younger than a minute, which may be starting.
          if (!info?.isDirectory() || Date.now() - info.mtimeMs < 60_000) continue;
        }
        const procs = await readFile(join(dir, 'cgroup.procs'), 'utf8').catch(() => 'unknown');
        if (procs.trim() === '') await rmdir(dir).catch(() => {});
      }
    }
  }

  async close(): Promise<void> {
    const failures: unknown[] = [];
    for (const [uid, slot] of [...this.slots]) {
      await this.discard(uid, slot).catch((err: unknown) => failures.push(err));
    }
    await this.removeBases();
    closeAll(this.ownProcs === undefined ? [] : [this.ownProcs]);
    this.ownProcs = undefined;
    if (failures.length) throw new AggregateError(failures, 'cannot remove every slot cgroup');
  }

  private async newSlot(uid: number): Promise<Slot> {
    const slot: Slot = { dirs: await this.create(`slot-${uid}-w${process.pid}-${this.instance}`) };
    this.slots.set(uid, slot);
    registerForExit(slot.dirs);
    if (this.ownsBase) for (const base of this.bases) ownedBases.add(base);
    return slot;
  }

  private async limit(slot: Slot, limits: CgroupLimits): Promise<void> {
    const last = slot.limits;
    if (last?.memoryBytes === limits.memoryBytes && last.pids === limits.pids && last.cpus === limits.cpus) return;
    const previous = slot.limits;
    slot.limits = undefined; // unknown until every write succeeded
    await this.apply(slot.dirs, limits, previous);
    slot.limits = { ...limits };
  }

  private async discard(uid: number, slot: Slot): Promise<void> {
    this.slots.delete(uid);
    closeAll(slot.procs);
    slot.procs = undefined;
    await this.killAll(slot.dirs);
    await emptyAndRemove(slot.dirs);
    for (const dir of slot.dirs) liveDirs.delete(dir);
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
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EEXIST') return dir; // ours from an earlier attempt
        if (code !== 'ENOENT' || attempt > 3) throw err;
      }
    }
  }

  /** An empty parent is removed so no directory outlives the worker in someone else's cgroup. */
  private async removeBases(): Promise<void> {
    if (this.slots.size > 0 || !this.ownsBase) return;
    // Fails harmlessly (EBUSY) while another manager or worker process still has cgroups in it.
    for (const base of this.bases) await rmdir(base).catch(() => {});
  }
}

/** The processes in `dirs`; read synchronously, as a read of cgroup.procs never waits. */
async function procsIn(dirs: string[]): Promise<number[]> {
  const pids: number[] = [];
  for (const dir of dirs) {
    let text = '';
    try {
      text = readFileSync(join(dir, 'cgroup.procs'), 'utf8');
    } catch {
      // Gone: nothing in it.
    }
    for (const pid of text.split('\n')) if (pid) pids.push(Number(pid));
  }
  return pids;
}

/** Kills every process in `dirs` until all are empty (about a second at most). */
async function emptyCgroup(dirs: string[]): Promise<void> {
  for (let round = 0; round < 100; round++) {
    const pids = await procsIn(dirs);
    if (pids.length === 0) return;
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    await sleep(10);
  }
  throw new Error(`cgroup ${dirs[0]} still has processes after they were killed`);
}

/** Empties the cgroup, then removes its directories. */
async function emptyAndRemove(dirs: string[]): Promise<void> {
  await emptyCgroup(dirs);
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

/** Writes a control file that only some kernels have (swap accounting). */
async function writeOptional(file: string, value: string): Promise<void> {
  await writeFile(file, value).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOENT') throw err;
  });
}

export type V1Controller = 'memory' | 'pids' | 'cpu';

/** CPU bandwidth is granted per period: `cpus` cores = cpus × period of CPU time per period. */
const CPU_PERIOD_US = 100_000;
const cpuQuotaUs = (cpus: number): number => Math.max(1000, Math.round(cpus * CPU_PERIOD_US));

/** v1: a memory cgroup and, where mounted, a pids and a cpu cgroup of the same name. */
export class CgroupV1 extends CgroupManagerBase {
  readonly version = 1 as const;
  readonly limitsPids: boolean;
  readonly limitsCpu: boolean;
  /** Which controller each of `bases` (and of a slot's dirs) is, in order. */
  private readonly controllers: V1Controller[];

  constructor(
    hierarchies: Partial<Record<V1Controller, string>>,
    ownsBase: boolean,
    own: { mount: Mount; controller: string },
  ) {
    const controllers = (['memory', 'pids', 'cpu'] as const).filter((c) => hierarchies[c] !== undefined);
    super(
      controllers.map((c) => hierarchies[c]!),
      ownsBase,
      own,
    );
    this.controllers = controllers;
    this.limitsPids = controllers.includes('pids');
    this.limitsCpu = controllers.includes('cpu');
  }

  protected async create(name: string): Promise<string[]> {
    const dirs: string[] = [];
    try {
      for (const base of this.bases) dirs.push(await this.mkdirUnder(base, name));
    } catch (err) {
      await emptyAndRemove(dirs).catch(() => {});
      throw err;
    }
    return dirs;
  }

  protected async apply(dirs: string[], limits: CgroupLimits, previous: CgroupLimits | undefined): Promise<void> {
    const dir = (controller: V1Controller): string | undefined => dirs[this.controllers.indexOf(controller)];
    const memory = dir('memory')!;
    const pids = dir('pids');
    const cpu = dir('cpu');
    if (limits.memoryBytes !== previous?.memoryBytes) {
      const bytes = String(limits.memoryBytes);
      // memory+swap (only with swap accounting) never below memory: equal, so no swapping out of
      // it. Raised first when the limit grows, lowered last when it shrinks.
      const memsw = (): Promise<void> => writeOptional(join(memory, 'memory.memsw.limit_in_bytes'), bytes);
      if (previous && limits.memoryBytes > previous.memoryBytes) await memsw();
      await writeFile(join(memory, 'memory.limit_in_bytes'), bytes);
      if (!previous || limits.memoryBytes < previous.memoryBytes) await memsw();
    }
    if (pids && limits.pids !== previous?.pids) await writeFile(join(pids, 'pids.max'), String(limits.pids));
    if (cpu && limits.cpus !== previous?.cpus) {
      if (!previous) await writeFile(join(cpu, 'cpu.cfs_period_us'), String(CPU_PERIOD_US));
      await writeFile(join(cpu, 'cpu.cfs_quota_us'), String(cpuQuotaUs(limits.cpus)));
    }
  }

  protected oomKills(dirs: string[]): number {
    return counter(readFileSync(join(dirs[0]!, 'memory.oom_control'), 'utf8'), 'oom_kill');
  }

  protected async killAll(): Promise<void> {
    // v1 has no cgroup.kill: emptyCgroup kills process by process.
  }
}

/** v2: one cgroup with memory and pids delegated down to it. */
export class CgroupV2 extends CgroupManagerBase {
  readonly version = 2 as const;
  readonly limitsPids = true;
  /** Whether the cpu controller can be delegated here (learnt as the first cgroup is made). */
  limitsCpu = false;

  protected async create(name: string): Promise<string[]> {
    const base = this.bases[0]!;
    // Controllers must be delegated at each level: in the parent of `runnel` and in `runnel`.
    await this.delegate(join(base, '..'));
    const dir = await this.mkdirUnder(base, name, () => this.delegate(base));
    try {
      await writeOptional(join(dir, 'memory.swap.max'), '0');
    } catch (err) {
      await emptyAndRemove([dir]).catch(() => {});
      throw err;
    }
    return [dir];
  }

  protected async apply(dirs: string[], limits: CgroupLimits, previous: CgroupLimits | undefined): Promise<void> {
    const dir = dirs[0]!;
    if (limits.memoryBytes !== previous?.memoryBytes)
      await writeFile(join(dir, 'memory.max'), String(limits.memoryBytes));
    if (limits.pids !== previous?.pids) await writeFile(join(dir, 'pids.max'), String(limits.pids));
    if (this.limitsCpu && limits.cpus !== previous?.cpus)
      await writeFile(join(dir, 'cpu.max'), `${cpuQuotaUs(limits.cpus)} ${CPU_PERIOD_US}`);
  }

  protected oomKills(dirs: string[]): number {
    return counter(readFileSync(join(dirs[0]!, 'memory.events'), 'utf8'), 'oom_kill');
  }

  protected async killAll(dirs: string[]): Promise<void> {
    // cgroup.kill (Linux 5.14+) kills the whole cgroup at once, forks in flight included.
    await writeFile(join(dirs[0]!, 'cgroup.kill'), '1').catch(() => {});
  }

  private async delegate(dir: string): Promise<void> {
    const enabled = (await readFile(join(dir, 'cgroup.subtree_control'), 'utf8')).split(/\s+/);
    const available = (await readFile(join(dir, 'cgroup.controllers'), 'utf8')).split(/\s+/);
    // cpu only where the parent has it to give: without it jobs run, unlimited in CPU (describe() says so).
    this.limitsCpu = available.includes('cpu');
    const wanted = this.limitsCpu ? ['memory', 'pids', 'cpu'] : ['memory', 'pids'];
    const missing = wanted.filter((c) => !enabled.includes(c));
    // EBUSY here means `dir` holds processes itself (v2's no-internal-processes rule): the
    // worker must run in a delegated cgroup, see the cgroupParent option.
    if (missing.length) await writeFile(join(dir, 'cgroup.subtree_control'), missing.map((c) => `+${c}`).join(' '));
  }
}
