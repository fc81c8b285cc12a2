import { DedicatedProcess } from './dedicated-process.js';
import type { JobSlot } from './job-slots.js';
import type { Environment } from './sandbox-start.js';
import type { SandboxLimits, SandboxOutcome, SandboxSpec } from './sandbox.js';

/** How dedicated runtimes are recycled (docs/adr/0050-dedicated-runtimes.md). */
export interface DedicatedSettings {
  /** Jobs a process serves before it is replaced by a fresh one. Default 1000. */
  maxJobs?: number;
  /** A process without a job this long is ended. Default 60000 ms. */
  idleMs?: number;
  /**
   * Idle processes kept at most, over all script versions; past it the one idle longest ends.
   * Each holds a job slot (a uid, a cgroup, a disk) and its interpreter's memory. Default 16.
   */
  maxIdle?: number;
}

export const DEDICATED_DEFAULTS = { maxJobs: 1000, idleMs: 60_000, maxIdle: 16 } as const;

/** What the runtimes need of the ProcessSandbox that owns them. */
export interface DedicatedOwner {
  /** A free job slot (a warm sandbox may give its own up for it). */
  acquire(): Promise<JobSlot>;
  /** Tracks a clean-up, so that settled() waits for it. */
  track(cleaning: Promise<void>): Promise<void>;
}

/**
 * The dedicated processes of a worker, by script version: a job takes an idle one of its
 * version or starts one; jobs of one version that run at once get a process each. A process is
 * ended after `maxJobs` jobs, when idle for `idleMs`, when its version is no longer the script's
 * latest, and when it dies or a job of its own times out or is canceled.
 */
export class DedicatedRuntimes {
  private readonly maxJobs: number;
  private readonly idleMs: number;
  private readonly maxIdle: number;
  /** Idle processes by key, the most recently used last. */
  private readonly idle = new Map<string, DedicatedProcess[]>();
  private readonly timers = new Map<DedicatedProcess, NodeJS.Timeout>();
  /** The key of each script's latest version seen, by script: its older versions' processes end. */
  private readonly latest = new Map<string, string>();
  private open = true;

  constructor(
    private readonly owner: DedicatedOwner,
    settings: DedicatedSettings = {},
  ) {
    this.maxJobs = settings.maxJobs ?? DEDICATED_DEFAULTS.maxJobs;
    this.idleMs = settings.idleMs ?? DEDICATED_DEFAULTS.idleMs;
    this.maxIdle = settings.maxIdle ?? DEDICATED_DEFAULTS.maxIdle;
  }

  /** Idle processes, each holding a job slot. */
  get idleCount(): number {
    return this.timers.size;
  }

  /**
   * Everything a process depends on besides the script version: a job may only share one started
   * with the same network, limits (CPU time follows the timeout) and installed dependencies.
   */
  private keyOf(spec: SandboxSpec, version: string, limits: SandboxLimits): string {
    return [version, spec.language, spec.network, JSON.stringify(limits), spec.deps?.dir ?? ''].join('\n');
  }

  /** Runs `spec` in a dedicated process of its version; rejects with SandboxSetupError as Sandbox.run does. */
  async run(
    spec: SandboxSpec & { dedicated: NonNullable<SandboxSpec['dedicated']> },
    limits: SandboxLimits,
    env: Environment,
    startedAt: number,
  ): Promise<SandboxOutcome> {
    this.open = true;
    const key = this.keyOf(spec, spec.dedicated.version, limits);
    const { script } = spec.dedicated;
    if (script !== undefined && this.latest.get(script) !== key) {
      const older = this.latest.get(script);
      this.latest.set(script, key);
      if (older !== undefined) for (const proc of this.idle.get(older) ?? []) this.end(proc);
    }
    let proc = this.take(key);
    const reused = proc !== undefined;
    proc ??= await DedicatedProcess.start({
      key,
      env,
      slot: await this.owner.acquire(),
      language: spec.language,
      content: spec.content,
      network: spec.network,
      limits,
      deps: spec.deps,
      maxJobs: this.maxJobs,
      onEnd: (ended) => void this.owner.track(ended),
    });
    spec.onStarted?.(reused ? 'dedicated' : 'cold');
    try {
      return await proc.run(spec, limits, startedAt);
    } finally {
      const stale = script !== undefined && this.latest.get(script) !== key;
      if (!this.open || stale || proc.jobs >= this.maxJobs || !proc.alive) proc.stop();
      else this.park(proc);
    }
  }

  /** An idle process of `key` that still runs, taken out of the idle ones. */
  private take(key: string): DedicatedProcess | undefined {
    const procs = this.idle.get(key);
    while (procs?.length) {
      const proc = procs.pop()!;
      this.unpark(proc);
      if (proc.alive) return proc;
      proc.stop();
    }
    return undefined;
  }

  /** Keeps a process for the next job of its version, until it has been idle for idleMs. */
  private park(proc: DedicatedProcess): void {
    let procs = this.idle.get(proc.key);
    if (!procs) this.idle.set(proc.key, (procs = []));
    procs.push(proc);
    const timer = setTimeout(() => this.end(proc), this.idleMs);
    timer.unref();
    this.timers.set(proc, timer);
    while (this.timers.size > this.maxIdle) this.endLongestIdle();
  }

  private unpark(proc: DedicatedProcess): void {
    clearTimeout(this.timers.get(proc));
    this.timers.delete(proc);
    const procs = this.idle.get(proc.key);
    const at = procs?.indexOf(proc) ?? -1;
    if (at !== -1) procs!.splice(at, 1);
    if (procs?.length === 0) this.idle.delete(proc.key);
  }

  /** Ends an idle process. */
  private end(proc: DedicatedProcess): void {
    this.unpark(proc);
    proc.stop();
  }

  private endLongestIdle(): DedicatedProcess | undefined {
    let oldest: DedicatedProcess | undefined;
    for (const proc of this.timers.keys()) if (!oldest || proc.idleSince < oldest.idleSince) oldest = proc;
    if (oldest) this.end(oldest);
    return oldest;
  }

  /** Ends one idle process and waits for its slot to be free, for a job that found none; false when none is idle. */
  async giveUp(): Promise<boolean> {
    const ended = this.endLongestIdle();
    await ended?.gone;
    return ended !== undefined;
  }

  /** Ends every idle process (their clean-ups are tracked); busy ones end after their job. */
  drain(): void {
    this.open = false;
    for (const proc of [...this.timers.keys()]) this.end(proc);
  }
}
