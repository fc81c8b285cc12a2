import { chmod, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { prepareJob, type PreparedJob } from '@runnel/runtimes';
import { writeSandboxEtc } from './bwrap-args.js';
import { detectCgroups, type JobCgroup } from './cgroups.js';
import { assertSearchable, inheritedDescriptors, jobName, killOrphans } from './host.js';
import { execute, executeWarm, type Running } from './job-run.js';
import { acquireSlot, type JobSlot } from './job-slots.js';
import { cleanUpSlot, noop, processLimits, setUpSlot, type Environment } from './sandbox-start.js';
import { spawner } from './spawner.js';
import { killWarm, moveIn, WarmPool, type Warm } from './warm-pool.js';
import {
  resolveLimits,
  SandboxSetupError,
  type Sandbox,
  type SandboxLimits,
  type SandboxOutcome,
  type SandboxSpec,
} from './sandbox.js';

export interface ProcessSandboxOptions {
  /** Where job folders are created; must be searchable by other users. Default `<os.tmpdir()>/runnel-jobs`. */
  workRoot?: string;
  /** Host uid of the first job slot; concurrent job n runs as uidBase+n. Default 100000. */
  uidBase?: number;
  /** Jobs this process may run at once (uids reserved from uidBase). Default 1024. */
  maxSlots?: number;
  /** Enforce memory and process limits with cgroups where they are writable. Default true. */
  cgroups?: boolean;
  /**
   * Where job cgroups are created, relative to each cgroup hierarchy's root. Default
   * `<the worker's own cgroup>/runnel`. On cgroup v2 its parent must be able to delegate the
   * memory and pids controllers (e.g. a systemd unit with Delegate=yes).
   */
  cgroupParent?: string;
  /**
   * Pre-started single-use sandboxes kept ready (the warm pool), one per (language, network,
   * timeout) that ran in the last minute with default limits, most recent first. 0 = every job
   * starts cold. Default 4, one per language: a pool smaller than the mix of recent kinds
   * (e.g. 2 for jobs cycling through 3 languages) would always hold the wrong ones.
   */
  warmPoolSize?: number;
}

const CANCELED = { name: 'Canceled', message: 'the job was canceled' };

/**
 * Runs each job in bubblewrap as its own unprivileged uid: fresh namespaces, a read-only
 * system, the job folder as the only writable place, limits from cgroups and rlimits.
 * Starting a sandbox is in sandbox-start.ts, running a job in it in job-run.ts, the warm pool
 * of pre-started sandboxes in warm-pool.ts.
 */
export class ProcessSandbox implements Sandbox {
  private readonly workRoot: string;
  private readonly uidBase: number;
  private readonly maxSlots: number;
  private environment?: Promise<Environment>;
  /** Clean-ups of jobs that have returned their outcome (and of warm sandboxes). */
  private readonly cleaning = new Set<Promise<void>>();
  private readonly pool: WarmPool;
  private inFlight = 0;

  constructor(private readonly options: ProcessSandboxOptions = {}) {
    this.workRoot = options.workRoot ?? join(tmpdir(), 'runnel-jobs');
    this.uidBase = options.uidBase ?? 100_000;
    this.maxSlots = options.maxSlots ?? 1024;
    this.pool = new WarmPool(
      {
        workRoot: this.workRoot,
        uidBase: this.uidBase,
        maxSlots: this.maxSlots,
        setUp: () => this.setUp(),
        busySlots: () => this.inFlight + this.cleaning.size,
        running: () => this.inFlight,
        track: (cleaning) => this.track(cleaning),
      },
      Math.min(options.warmPoolSize ?? 4, this.maxSlots - 1),
    );
  }

  /**
   * How limits are enforced on this machine, e.g. "cgroup v1 (memory, pids)", plus a warning
   * when the worker inherited descriptors that would reach every job; for the startup log.
   */
  async describe(): Promise<string> {
    const { enforcement } = await this.setUp();
    const leaked = inheritedDescriptors();
    if (leaked.length === 0) return enforcement;
    return `${enforcement}; warning: file descriptors ${leaked.join(', ')} were inherited without close-on-exec and reach every job (bwrap passes them on): start the worker without them`;
  }

  private setUp(): Promise<Environment> {
    this.environment ??= (async () => {
      await mkdir(this.workRoot, { recursive: true, mode: 0o711 });
      await chmod(this.workRoot, 0o711);
      assertSearchable(this.workRoot);
      await killOrphans(this.uidBase, this.maxSlots);
      await spawner.start();
      const etcDir = join(this.workRoot, '.etc');
      await writeSandboxEtc(etcDir);
      if (this.options.cgroups === false) {
        return { etcDir, cgroups: undefined, enforcement: 'rlimits (cgroups disabled by option)' };
      }
      const found = await detectCgroups(this.options.cgroupParent);
      if (typeof found === 'string') return { etcDir, cgroups: undefined, enforcement: `rlimits (${found})` };
      await found.sweepStale();
      const controllers = found.limitsPids ? 'memory, pids' : 'memory; pids by RLIMIT_NPROC';
      return { etcDir, cgroups: found, enforcement: `cgroup v${found.version} (${controllers})` };
    })();
    // A failed set-up is retried by the next job rather than remembered forever.
    this.environment.catch(() => (this.environment = undefined));
    return this.environment;
  }

  async run(spec: SandboxSpec): Promise<SandboxOutcome> {
    const startedAt = performance.now();
    if (spec.signal?.aborted) {
      return { status: 'canceled', error: CANCELED, exitCode: null, durationMs: 0, logsTruncated: false };
    }
    const limits = resolveLimits(spec);
    let env: Environment;
    let prepared: PreparedJob;
    try {
      env = await this.setUp();
      const input = { content: spec.content, args: spec.args, argOrder: spec.argOrder };
      prepared = prepareJob(spec.language, input, processLimits(limits, env, spec.language));
    } catch (err) {
      if (err instanceof SandboxSetupError) throw err;
      throw new SandboxSetupError(`cannot prepare the ${spec.language} job: ${(err as Error).message}`, { cause: err });
    }
    const warm = await this.pool.take(spec, limits);
    // The next job of this kind (a flow's next step, say) finds its sandbox started while this one runs.
    if (warm) this.pool.refillSoon();
    this.inFlight++;
    try {
      return warm
        ? await this.runWarm(spec, prepared, limits, env, warm, startedAt)
        : await this.runCold(spec, prepared, limits, env, startedAt);
    } finally {
      this.inFlight--;
      this.pool.refillSoon();
    }
  }

  private async runCold(
    spec: SandboxSpec,
    prepared: PreparedJob,
    limits: SandboxLimits,
    env: Environment,
    startedAt: number,
  ): Promise<SandboxOutcome> {
    const jobDir = join(this.workRoot, jobName(spec.jobId));
    const slot = await this.acquire();
    let cgroup: JobCgroup | undefined;
    const ready = setUpSlot(env, jobDir, slot.uid, prepared.files, limits).then((made) => {
      cgroup = made.cgroup;
      const cause = made.failure;
      if (cause) throw new SandboxSetupError(`cannot set up the job's sandbox: ${cause.message}`, { cause });
      return cgroup;
    });
    ready.catch(noop); // awaited by execute (or, if it returns early, by the clean-up)
    // Never before the folder and cgroup exist (or failed to), or their removal could miss them.
    const cleanUp = (): Promise<void> => ready.then(noop, noop).then(() => cleanUpSlot(jobDir, cgroup, slot));
    const run: Running = { spec, prepared, limits, jobDir, uid: slot.uid, ready, env, startedAt };
    return this.finishing(execute(run), cleanUp);
  }

  /** A job in a warm sandbox: its files go into the bound folder, then the go message starts it. */
  private runWarm(
    spec: SandboxSpec,
    prepared: PreparedJob,
    limits: SandboxLimits,
    env: Environment,
    warm: Warm,
    startedAt: number,
  ): Promise<SandboxOutcome> {
    const jobDir = join(this.workRoot, jobName(spec.jobId));
    const ready = moveIn(warm, jobDir, prepared.files);
    ready.catch(noop);
    const run: Running = { spec, prepared, limits, jobDir, uid: warm.slot.uid, ready, env, startedAt };
    const cleanUp = (): Promise<void> =>
      ready.then(noop, noop).then(() => cleanUpSlot(warm.jobDir, warm.cgroup, warm.slot));
    return this.finishing(
      executeWarm(run, warm.sandbox, warm.cgroup, () => killWarm(warm)),
      cleanUp,
    );
  }

  /** Awaits the outcome; the clean-up runs after it, tracked by settled(), unless the job threw. */
  private async finishing(outcome: Promise<SandboxOutcome>, cleanUp: () => Promise<void>): Promise<SandboxOutcome> {
    let result: SandboxOutcome;
    try {
      result = await outcome;
    } catch (err) {
      await cleanUp();
      throw err;
    }
    // The outcome is known: the caller needn't wait for the clean-up. The slot (its uid and
    // cgroup) is only handed to another job once it is done.
    void this.track(cleanUp());
    return result;
  }

  /** A job slot; when none is free, a warm sandbox gives its own up rather than delay the job. */
  private async acquire(): Promise<JobSlot> {
    for (;;) {
      try {
        return acquireSlot(this.uidBase, this.maxSlots);
      } catch (err) {
        if (!(await this.pool.giveUp())) throw err;
      }
    }
  }

  private track(cleaning: Promise<void>): Promise<void> {
    const tracked = cleaning.finally(() => this.cleaning.delete(tracked));
    this.cleaning.add(tracked);
    return tracked;
  }

  /** Kills the warm sandboxes and waits for their clean-up; the pool fills again after the next job. */
  drainPool(): Promise<void> {
    return this.pool.drain();
  }

  /** Resolves once the clean-up (job folder, slot cgroup) of every job that has returned is done. */
  async settled(): Promise<void> {
    while (this.cleaning.size > 0) await Promise.all(this.cleaning);
  }

  /**
   * Waits for clean-ups, then removes the slot cgroups; for when no more jobs will run (later
   * jobs create them again). A worker that just exits leaves them to an exit hook and the next
   * worker's sweep.
   */
  async close(): Promise<void> {
    await this.drainPool();
    await this.settled();
    const env = await this.environment?.catch(() => undefined);
    await env?.cgroups?.close();
  }
}
