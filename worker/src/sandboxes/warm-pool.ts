import { readFileSync, renameSync, statSync, type Stats } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { preparePooled, type PooledSandbox } from '@runnel/runtimes';
import type { JobCgroup } from './cgroup-manager.js';
import { writeJobFile } from './job-folder.js';
import { acquireSlot, type JobSlot } from './job-slots.js';
import type { Slirp } from './network.js';
import {
  bwrapArgBlock,
  cleanUpSlot,
  rlimitsOf,
  setUpSlot,
  slotNetworkFor,
  slotOwner,
  spawnSandbox,
  startSandbox,
  tearDownSandbox,
  type Environment,
  type Starting,
} from './sandbox-start.js';
import type { Spawned } from './spawner.js';
import { resolveLimits, SandboxSetupError, type SandboxLimits, type SandboxSpec } from './sandbox.js';

/** A warm sandbox unused this long is discarded; a key unused this long is not pooled again. */
const WARM_MAX_AGE_MS = 60_000;

/** The pool holds up to MAX_DEPTH sandboxes of a kind, under the keys `<kind>#0`, `<kind>#1` … */
const MAX_DEPTH = 3;
const laneOf = (kind: string, lane: number) => `${kind}#${lane}`;
const kindOf = (lane: string) => lane.slice(0, lane.lastIndexOf('#'));

/** A pre-started sandbox waiting for its job's go message on stdin; see WarmPool.prestart. */
export interface Warm {
  slot: JobSlot;
  jobDir: string;
  pooled: PooledSandbox;
  sandbox: Spawned;
  sandboxInit: number;
  slirp: Slirp | undefined;
  cgroup: JobCgroup | undefined;
  bornAt: number;
  expiry?: NodeJS.Timeout;
  /** Taken by a job, or discarded: no longer the pool's. */
  taken: boolean;
  /** Lets go of the dependencies entry it has bound (a job that takes it holds its own). */
  releaseDeps?: () => void;
}

interface PoolTemplate {
  language: SandboxSpec['language'];
  network: SandboxSpec['network'];
  tenant: SandboxSpec['tenant'];
  limits: SandboxLimits;
  deps: SandboxSpec['deps'];
  usedAt: number;
}

/** What the pool needs of the ProcessSandbox that owns it. */
export interface PoolOwner {
  readonly workRoot: string;
  readonly uidBase: number;
  readonly maxSlots: number;
  setUp(): Promise<Environment>;
  /** Slots held by jobs: running, or still cleaning up. */
  busySlots(): number;
  /** Jobs running now. */
  running(): number;
  /** Tracks a clean-up, so that settled() waits for it. */
  track(cleaning: Promise<void>): Promise<void>;
}

/**
 * Whether `/job` in the root of process `pid` is `folder`: true only once bwrap has bound it and
 * pivoted into the new root (before, `/job` is looked up in the host's root or bwrap's
 * intermediate one). A path lookup, far cheaper than reading the process's mountinfo.
 */
function mountedAtJob(pid: number, folder: Stats): boolean {
  try {
    const seen = statSync(`/proc/${pid}/root/job`);
    return seen.ino === folder.ino && seen.dev === folder.dev;
  } catch {
    return false;
  }
}

/**
 * Checks `ready` until it holds (true) or `timeoutMs` passed (false), every 2 ms at first and
 * less often the longer it takes (up to every 16 ms): a start slowed by a busy machine is then
 * not slowed further by the checks' own reads of /proc. Throws once `exited` says so.
 */
async function pollUntil(ready: () => boolean, timeoutMs: number, exited: () => boolean): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (let pause = 2; ; pause = Math.min(16, pause * 2)) {
    if (exited()) throw new Error('the sandbox exited while it started');
    if (ready()) return true;
    if (Date.now() > deadline) return false;
    await sleep(pause);
  }
}

/**
 * The system calls an interpreter sleeps in while it waits for its go message: read on fd 0
 * (Python, Bash) or an epoll wait (Bun, Deno). By architecture; elsewhere the pool does not wait
 * for the interpreter, only for the mount.
 */
const WAITING_SYSCALLS: Record<string, { read: string; epoll: string[] }> = {
  x64: { read: '0', epoll: ['232', '281', '441'] },
  arm64: { read: '63', epoll: ['22', '441'] },
};
const waiting = WAITING_SYSCALLS[process.arch];

function sleepsForInput(pid: number): boolean {
  try {
    const [nr, fd] = readFileSync(`/proc/${pid}/syscall`, 'utf8').split(' ');
    return (nr === waiting!.read && fd === '0x0') || waiting!.epoll.includes(nr!);
  } catch {
    return false;
  }
}

/**
 * Whether the interpreter in the sandbox whose pid 1 is `init` has finished starting: every
 * process without children (the interpreter, not bwrap's init) sleeps waiting for input. A
 * sandbox taken before that would make its job wait for the interpreter's imports after all.
 */
export function interpreterWaiting(init: number): boolean {
  const leaves: number[] = [];
  const pending = [init];
  for (let n = 0; pending.length && n < 16; n++) {
    const pid = pending.pop()!;
    let children: number[] = [];
    try {
      const text = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
      children = text ? text.split(' ').map(Number) : [];
    } catch {
      return false;
    }
    if (children.length) pending.push(...children);
    else leaves.push(pid);
  }
  return leaves.length > 0 && leaves.every(sleepsForInput);
}

/**
 * Makes a warm sandbox's job folder the job's: renamed after the job as a cold one is (bwrap's
 * bind follows it), with the job's files added as the slot's uid. Rejects with SandboxSetupError.
 */
export async function moveIn(
  warm: Warm,
  jobDir: string,
  files: Record<string, string>,
  owner: number | undefined,
): Promise<JobCgroup | undefined> {
  try {
    renameSync(warm.jobDir, jobDir);
    warm.jobDir = jobDir;
    for (const [name, content] of Object.entries(files)) {
      if (!(name in warm.pooled.files)) writeJobFile(jobDir, name, content, owner);
    }
  } catch (err) {
    const cause = err as Error;
    throw new SandboxSetupError(`cannot set up the job's sandbox: ${cause.message}`, { cause });
  }
  return warm.cgroup;
}

/**
 * Pre-started single-use sandboxes for the kinds (language, network, CPU time) that ran recently
 * with default limits, up to MAX_DEPTH of a kind, refilled in the background after each job.
 */
export class WarmPool {
  /** Ready (or starting) warm sandboxes by pool key. */
  private readonly pool = new Map<string, Promise<Warm | undefined>>();
  /** Entries of the pool whose start is over (successful or not). */
  private readonly settledEntries = new WeakSet<Promise<Warm | undefined>>();
  /** Pool keys of recent jobs, with what it takes to start their sandbox. */
  private readonly recent = new Map<string, PoolTemplate>();
  private pooling = true;

  constructor(
    private readonly owner: PoolOwner,
    private readonly size: number,
  ) {}

  /**
   * Jobs with default limits are pooled, by language, network and CPU time (from the timeout):
   * all a warm sandbox's command and rlimits depend on (the environment is the owner's own).
   */
  private poolKey(spec: SandboxSpec): string | undefined {
    if (this.size <= 0) return undefined;
    if (spec.limits && Object.keys(spec.limits).length > 0) return undefined;
    // A sandbox's binds are fixed when it starts: one for a job with dependencies has that
    // job's installed lock bound, and only a job of the same lock may take it. An `outbound` one
    // is started in its slot's network for one tenant (slot-network.ts), and only that tenant's
    // jobs may take it.
    const tenant = spec.network === 'outbound' && spec.tenant !== undefined ? `|${spec.tenant}` : '';
    return `${spec.language}|${spec.network}|${resolveLimits(spec).cpuSeconds}|${spec.deps?.dir ?? ''}${tenant}`;
  }

  /**
   * Notes a job about to run (the pool fills again, for its kind among others), and takes the
   * warm sandbox for it, if one is ready (or about to be, when no other job runs) and still usable.
   */
  async take(spec: SandboxSpec, limits: SandboxLimits): Promise<Warm | undefined> {
    this.pooling = true;
    const key = this.poolKey(spec);
    if (key === undefined) return undefined;
    this.recent.set(key, {
      language: spec.language,
      network: spec.network,
      tenant: spec.tenant,
      limits,
      deps: spec.deps,
      usedAt: Date.now(),
    });
    const lanes = Array.from({ length: MAX_DEPTH }, (_, i) => laneOf(key, i)).filter((lane) => this.pool.has(lane));
    const lane = lanes.find((l) => this.settledEntries.has(this.pool.get(l)!)) ?? lanes[0];
    if (lane === undefined) return undefined;
    const entry = this.pool.get(lane)!;
    // One still starting is worth waiting for only when no other job runs: under load every job
    // would queue behind that one start, while a cold start runs beside it and leaves it to the
    // next job.
    if (!this.settledEntries.has(entry) && this.owner.running() > 0) return undefined;
    this.pool.delete(lane);
    const warm = await entry;
    if (!warm) return undefined;
    if (warm.sandbox.hasExited() || Date.now() - warm.bornAt > WARM_MAX_AGE_MS) {
      await this.discard(warm);
      return undefined;
    }
    warm.taken = true;
    clearTimeout(warm.expiry);
    warm.releaseDeps?.();
    return warm;
  }

  /** Refills the pool after a job, in the background: the next job of its kind finds one ready. */
  refillSoon(): void {
    if (this.size > 0) setImmediate(() => void this.refill());
  }

  /** Makes one warm sandbox give its slot up, for a job that found none free; false when there is none. */
  async giveUp(): Promise<boolean> {
    const [key] = this.pool.keys();
    if (key === undefined) return false;
    const warm = this.pool.get(key);
    this.pool.delete(key);
    const taken = await warm;
    if (taken) await this.discard(taken);
    return true;
  }

  /** Kills the warm sandboxes and waits for their clean-up; the pool fills again after the next job. */
  async drain(): Promise<void> {
    this.pooling = false;
    const entries = [...this.pool.values()];
    this.pool.clear();
    for (const warm of await Promise.all(entries)) if (warm) await this.discard(warm);
  }

  /** Starts a warm sandbox for each recent pool key that has none, within the pool's size and the free slots. */
  private async refill(): Promise<void> {
    if (!this.pooling) return;
    const now = Date.now();
    for (const [key, template] of this.recent) if (now - template.usedAt > WARM_MAX_AGE_MS) this.recent.delete(key);
    const kinds = [...this.recent.entries()]
      .sort(([, a], [, b]) => b.usedAt - a.usedAt)
      .slice(0, this.size)
      .map(([key]) => key);
    // With few kinds in use, each gets up to MAX_DEPTH sandboxes: a job that runs right after
    // another of its kind (a flow's next step) finds the next one ready while the first one's
    // replacement starts.
    const depth = Math.min(MAX_DEPTH, Math.max(1, Math.floor(this.size / Math.max(kinds.length, 1))));
    const wanted = kinds.flatMap((key) => Array.from({ length: depth }, (_, i) => laneOf(key, i)));
    // Sandboxes of keys no longer among the most recent make room for those that are.
    for (const key of [...this.pool.keys()]) {
      if (wanted.includes(key)) continue;
      const entry = this.pool.get(key)!;
      this.pool.delete(key);
      void entry.then((warm) => warm && this.discard(warm));
    }
    let env: Environment;
    try {
      env = await this.owner.setUp();
    } catch {
      return;
    }
    for (const key of wanted) {
      if (this.pool.has(key) || !this.pooling) continue;
      // Always one slot left for a job that finds no warm sandbox.
      if (this.owner.busySlots() + this.pool.size + 2 > this.owner.maxSlots) return;
      // Started side by side: an interpreter's start takes longer than a short job, so one after
      // another they would not keep up with a flow's steps.
      const entry = this.prestart(this.recent.get(kindOf(key))!, env);
      this.pool.set(key, entry);
      void entry.then((warm) => {
        this.settledEntries.add(entry);
        if (!warm) {
          if (this.pool.get(key) === entry) this.pool.delete(key);
          return;
        }
        const discard = (): void => {
          if (this.pool.get(key) !== entry || warm.taken) return;
          this.pool.delete(key);
          void this.discard(warm);
        };
        warm.expiry = setTimeout(discard, WARM_MAX_AGE_MS);
        warm.expiry.unref();
        void warm.sandbox.exited.then(discard);
      });
    }
  }

  /**
   * A sandbox started before its job: bwrap fully set up (namespaces, cgroup, slirp, rlimits),
   * an empty job folder but for the wrapper at /job, the interpreter blocked reading the go
   * message on stdin. Undefined when it could not be started (the job then runs cold).
   */
  private async prestart(template: PoolTemplate, env: Environment): Promise<Warm | undefined> {
    const { language, network, tenant, limits, deps } = template;
    let slot: JobSlot;
    try {
      slot = acquireSlot(this.owner.uidBase, this.owner.maxSlots);
    } catch {
      return undefined;
    }
    // Its dependencies must stay installed while it waits; gone (evicted) means no sandbox of this kind.
    const releaseDeps = deps?.retain();
    if (deps && !releaseDeps) {
      slot.release();
      return undefined;
    }
    const jobDir = env.folderOf(slot.uid, 'warm');
    const rlimits = rlimitsOf(limits, env, language);
    const pooled = preparePooled(language, rlimits.command);
    let cgroup: JobCgroup | undefined;
    let starting: Starting | undefined;
    try {
      const made = await setUpSlot(env, jobDir, slot.uid, pooled.files, limits);
      cgroup = made.cgroup;
      if (made.failure) throw made.failure;
      const slotNetwork = await slotNetworkFor(env, { network, tenant }, slot.uid);
      const argBlock = bwrapArgBlock(jobDir, env, network, pooled, limits, undefined, deps?.dir, slotNetwork);
      const owner = slotOwner(env, slot.uid);
      starting = {
        sandbox: await spawnSandbox(env, pooled.command, owner, 'pipe', slotNetwork, rlimits.enter),
        slotNetwork,
      };
      const failed = await startSandbox(starting, argBlock, network, cgroup, () => false);
      const { sandbox, sandboxInit } = starting;
      if (sandboxInit === undefined) throw new Error('bwrap did not start');
      if (failed) throw failed;
      // Ready once bwrap has mounted the job folder at /job (after pivot_root): only then may a job
      // rename the folder and write into it. Then until the interpreter has started, so that a
      // job taking it starts at once; past that deadline it counts as ready anyway (an
      // interpreter that waits in some other way). An interpreter waiting has its /job mounted.
      const folder = statSync(jobDir);
      const exited = (): boolean => sandbox.hasExited();
      if (!(await pollUntil(() => mountedAtJob(sandboxInit, folder), 10_000, exited)))
        throw new Error('the sandbox did not start in time');
      if (waiting) await pollUntil(() => interpreterWaiting(sandboxInit), 2_000, exited);
      const { slirp } = starting;
      return {
        slot,
        jobDir,
        pooled,
        sandbox,
        sandboxInit,
        slirp,
        cgroup,
        bornAt: Date.now(),
        taken: false,
        releaseDeps,
      };
    } catch (err) {
      releaseDeps?.();
      if (this.pooling) console.error('sandbox: a warm sandbox could not be started:', (err as Error).message);
      tearDownSandbox(starting);
      void this.owner.track(cleanUpSlot(jobDir, cgroup, slot));
      return undefined;
    }
  }

  /** Kills a warm sandbox no job will use and cleans its slot up (tracked by settled()). */
  private async discard(warm: Warm): Promise<void> {
    warm.taken = true;
    clearTimeout(warm.expiry);
    warm.releaseDeps?.();
    tearDownSandbox(warm);
    await this.owner.track(warm.sandbox.exited.then(() => cleanUpSlot(warm.jobDir, warm.cgroup, warm.slot)));
  }
}
