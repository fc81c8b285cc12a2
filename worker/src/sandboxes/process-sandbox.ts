import { chmod, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEDICATED_LANGUAGES, prepareJob, type PreparedJob } from '@runnel/runtimes';
import { CleanUps } from './clean-ups.js';
import { DEPS_IN_SANDBOX, writeSandboxDev, writeSandboxEtc } from './bwrap-args.js';
import type { JobCgroup } from './cgroup-manager.js';
import { detectCgroups } from './cgroups.js';
import { assertSearchable, inheritedDescriptors, jobName, killOrphans } from './host.js';
import { execute, executeWarm, type Running } from './job-run.js';
import { acquireSlot, slotFree, type JobSlot } from './job-slots.js';
import { cleanUpSlot, enterHelper, noop, rlimitsOf, setUpSlot, slotOwner, type Environment } from './sandbox-start.js';
import { identity, type SandboxMode } from './sandbox-mode.js';
import { SlotDisks } from './slot-disks.js';
import { SlotNetworks } from './slot-network.js';
import { spawner } from './spawner.js';
import { moveIn, WarmPool, type Warm } from './warm-pool.js';
import { DedicatedRuntimes, type DedicatedSettings } from './dedicated-runtimes.js';
import {
  resolveLimits,
  SandboxSetupError,
  type Sandbox,
  type SandboxLimits,
  type SandboxOutcome,
  type SandboxSpec,
} from './sandbox.js';

export interface ProcessSandboxOptions {
  /**
   * `root`: each job slot has a host uid of its own, cgroups and a loop-mounted disk (needs
   * root). `rootless`: every job runs as the worker's own uid in unprivileged namespaces, with the
   * limits that allows (ADR 0021); the process must be root of a user namespace of its own
   * (see userNamespaceArgv). Default: root when the process is root, else rootless.
   */
  mode?: SandboxMode;
  /**
   * Where job folders are created; as root it must be searchable by other users. Default
   * `<os.tmpdir()>/runnel-jobs`, rootless `<os.tmpdir()>/runnel-jobs-<host uid>`.
   */
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
   * How many pre-started single-use sandboxes are kept ready (the warm pool), for the kinds
   * (language, network, CPU time) that ran in the last minute with default limits, most recent
   * first; a kind gets up to three when few kinds are in use. 0 = every job starts cold. Default
   * 4, one per language: a pool smaller than the mix of recent kinds (e.g. 2 for jobs cycling
   * through 3 languages) would always hold the wrong ones.
   */
  warmPoolSize?: number;
  /** Limits of jobs that set none of their own (the worker group's defaults); see SandboxLimits. */
  limits?: Partial<SandboxLimits>;
  /**
   * Give each job slot a disk of the job's disk quota (a loop-mounted ext4 image) for its job
   * folder. Default true; where loop devices can't be had, jobs run without one (describe() says so).
   */
  diskQuota?: boolean;
  /**
   * Keep dedicated runtimes for jobs that ask for one (SandboxSpec.dedicated): a process per
   * script version serving its jobs one after another (docs/adr/0050-dedicated-runtimes.md).
   * Default unset: every job gets a process of its own.
   */
  dedicated?: DedicatedSettings;
}

const CANCELED = { name: 'Canceled', message: 'the job was canceled' };

/**
 * Runs each job in bubblewrap as its own unprivileged uid: fresh namespaces, a read-only
 * system, the job folder as the only writable place, limits from cgroups and rlimits.
 * Starting a sandbox is in sandbox-start.ts, running a job in it in job-run.ts, the warm pool
 * of pre-started sandboxes in warm-pool.ts.
 */
export class ProcessSandbox implements Sandbox {
  readonly mode: SandboxMode;
  private readonly workRoot: string;
  private readonly uidBase: number;
  private readonly maxSlots: number;
  private environment?: Promise<Environment>;
  /** Clean-ups of jobs that have returned their outcome (and of warm sandboxes). */
  private readonly cleanUps = new CleanUps();
  private readonly pool: WarmPool;
  private readonly dedicated: DedicatedRuntimes | undefined;
  private inFlight = 0;

  constructor(private readonly options: ProcessSandboxOptions = {}) {
    const who = identity();
    this.mode = options.mode ?? (who.realRoot ? 'root' : 'rootless');
    // Rootless, a work root of its own: another user's (root's) would not be writable.
    this.workRoot =
      options.workRoot ?? join(tmpdir(), this.mode === 'root' ? 'runnel-jobs' : `runnel-jobs-${who.hostUid}`);
    this.uidBase = options.uidBase ?? 100_000;
    this.maxSlots = options.maxSlots ?? 1024;
    this.pool = new WarmPool(
      {
        workRoot: this.workRoot,
        uidBase: this.uidBase,
        maxSlots: this.maxSlots,
        setUp: () => this.setUp(),
        busySlots: () => this.inFlight + this.cleanUps.size + (this.dedicated?.idleCount ?? 0),
        running: () => this.inFlight,
        track: (cleaning) => this.cleanUps.track(cleaning),
      },
      Math.min(options.warmPoolSize ?? 4, this.maxSlots - 1),
    );
    this.dedicated =
      options.dedicated &&
      new DedicatedRuntimes(
        { acquire: () => this.acquire(), track: (cleaning) => this.cleanUps.track(cleaning) },
        options.dedicated,
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

  /**
   * Rootless: the one warning for the worker's start, naming the limits this machine does not
   * enforce and how to have them. Undefined in root mode.
   */
  async warning(): Promise<string | undefined> {
    const env = await this.setUp();
    return env.rootless ? rootlessWarning(env, identity().hostUid) : undefined;
  }

  private setUp(): Promise<Environment> {
    this.environment ??= (async () => {
      const rootless = this.mode === 'rootless';
      if (rootless) {
        if (!identity().namespaceRoot) {
          throw new SandboxSetupError(
            'the rootless sandbox must run as root of a user namespace of its own (unshare --user --map-root-user --mount), as the worker starts itself',
          );
        }
        // Only the worker's own uid (bwrap, the jobs) ever enters it.
        await mkdir(this.workRoot, { recursive: true, mode: 0o700 });
        await chmod(this.workRoot, 0o700);
      } else {
        await mkdir(this.workRoot, { recursive: true, mode: 0o711 });
        await chmod(this.workRoot, 0o711);
        assertSearchable(this.workRoot);
        await killOrphans(this.uidBase, this.maxSlots);
      }
      await spawner.start();
      const etcDir = join(this.workRoot, '.etc');
      // Rootless, bwrap runs as the owner of the interpreters: they need no reachable copy.
      const runtimeDir = rootless ? undefined : join(this.workRoot, '.runtimes');
      await writeSandboxEtc(etcDir);
      // Rootless, device nodes can't be made: bwrap makes each job's /dev.
      const devDir = rootless ? undefined : await writeSandboxDev(join(this.workRoot, '.dev'));
      const { disks, diskEnforcement } = await this.slotDisks(rootless);
      const folderOf = (uid: number, jobId: string): string =>
        join(disks ? disks.dir(uid) : this.workRoot, jobName(jobId));
      const prefix = rootless ? 'rootless, every job as this uid: ' : '';
      // Rootless, every `outbound` job keeps a network namespace and a slirp4netns of its own.
      const slotNetworks = rootless ? undefined : new SlotNetworks((uid) => slotFree(this.uidBase, uid));
      const base = {
        rootless,
        enter: enterHelper(rootless),
        etcDir,
        devDir,
        runtimeDir,
        disks,
        slotNetworks,
        folderOf,
      };
      if (this.options.cgroups === false) {
        return {
          ...base,
          cgroups: undefined,
          enforcement: `${prefix}rlimits (cgroups disabled by option); ${diskEnforcement}`,
        };
      }
      const found = await detectCgroups(this.options.cgroupParent);
      if (typeof found === 'string')
        return { ...base, cgroups: undefined, enforcement: `${prefix}rlimits (${found}); ${diskEnforcement}` };
      await found.sweepStale();
      const controllers = [
        'memory',
        found.limitsPids ? 'pids' : undefined,
        found.limitsCpu ? 'cpu' : undefined,
        found.limitsPids ? undefined : 'pids by RLIMIT_NPROC',
        found.limitsCpu ? undefined : 'CPU not limited: no cpu controller',
      ].filter(Boolean);
      return {
        ...base,
        cgroups: found,
        enforcement: `${prefix}cgroup v${found.version} (${controllers.join(', ')}); ${diskEnforcement}`,
      };
    })();
    // A failed set-up is retried by the next job rather than remembered forever.
    this.environment.catch(() => (this.environment = undefined));
    return this.environment;
  }

  /** Slot disks for disk quotas, unless disabled or impossible here (then job folders share the work root's filesystem). */
  private async slotDisks(rootless: boolean): Promise<{ disks: SlotDisks | undefined; diskEnforcement: string }> {
    if (this.options.diskQuota === false)
      return { disks: undefined, diskEnforcement: 'disk not limited (disabled by option)' };
    const disks = new SlotDisks(this.workRoot, rootless ? 'tmpfs' : 'ext4');
    try {
      await disks.probe();
    } catch (err) {
      return { disks: undefined, diskEnforcement: `disk not limited (${(err as Error).message})` };
    }
    return { disks, diskEnforcement: rootless ? 'disk by a tmpfs per slot' : 'disk by a loop-mounted ext4 per slot' };
  }

  async run(spec: SandboxSpec): Promise<SandboxOutcome> {
    const startedAt = performance.now();
    if (spec.signal?.aborted) {
      return { status: 'canceled', error: CANCELED, exitCode: null, durationMs: 0, logsTruncated: false };
    }
    const limits = resolveLimits(spec, this.options.limits);
    if (this.dedicated && spec.dedicated && DEDICATED_LANGUAGES.has(spec.language)) {
      const env = await this.setUp().catch((err: unknown) => {
        if (err instanceof SandboxSetupError) throw err;
        throw new SandboxSetupError(`cannot set up the sandbox: ${(err as Error).message}`, { cause: err });
      });
      this.inFlight++;
      try {
        return await this.dedicated.run({ ...spec, dedicated: spec.dedicated }, limits, env, startedAt);
      } finally {
        this.inFlight--;
      }
    }
    let env: Environment;
    let prepared: PreparedJob;
    try {
      env = await this.setUp();
      const input = {
        content: spec.content,
        args: spec.args,
        argOrder: spec.argOrder,
        ...(spec.deps !== undefined && { deps: DEPS_IN_SANDBOX }),
      };
      prepared = prepareJob(spec.language, input, rlimitsOf(limits, env, spec.language).command);
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
    const slot = await this.acquire();
    const jobDir = env.folderOf(slot.uid, spec.jobId);
    let cgroup: JobCgroup | undefined;
    const ready = setUpSlot(env, jobDir, slot.uid, prepared.files, limits)
      .then((made) => {
        cgroup = made.cgroup;
        const cause = made.failure;
        if (cause) throw new SandboxSetupError(`cannot set up the job's sandbox: ${cause.message}`, { cause });
        return cgroup;
      })
      .then(folderHook(spec, jobDir, slotOwner(env, slot.uid)));
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
    const jobDir = env.folderOf(warm.slot.uid, spec.jobId);
    const owner = slotOwner(env, warm.slot.uid);
    const ready = moveIn(warm, jobDir, prepared.files, owner).then(folderHook(spec, jobDir, owner));
    ready.catch(noop);
    const run: Running = { spec, prepared, limits, jobDir, uid: warm.slot.uid, ready, env, startedAt };
    const cleanUp = (): Promise<void> =>
      ready.then(noop, noop).then(() => cleanUpSlot(warm.jobDir, warm.cgroup, warm.slot));
    return this.finishing(executeWarm(run, warm, warm.cgroup, warm.pooled), cleanUp);
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
    void this.cleanUps.track(cleanUp());
    return result;
  }

  /** A job slot; when none is free, a warm sandbox gives its own up rather than delay the job. */
  private async acquire(): Promise<JobSlot> {
    for (;;) {
      try {
        return acquireSlot(this.uidBase, this.maxSlots);
      } catch (err) {
        if (!(await this.dedicated?.giveUp()) && !(await this.pool.giveUp())) throw err;
      }
    }
  }

  /**
   * Kills the warm sandboxes and the idle dedicated runtimes, and waits for their clean-up; the
   * pool fills again after the next job.
   */
  async drainPool(): Promise<void> {
    this.dedicated?.drain();
    await this.pool.drain();
  }

  /** Resolves once the clean-up (job folder, slot cgroup) of every job that has returned is done. */
  settled(): Promise<void> {
    return this.cleanUps.settled();
  }

  /**
   * Waits for clean-ups, then stops the slot networks and removes the slot cgroups; for when no more jobs will run (later
   * jobs create them again). A worker that just exits leaves them to an exit hook and the next
   * worker's sweep.
   */
  async close(): Promise<void> {
    await this.drainPool();
    await this.settled();
    const env = await this.environment?.catch(() => undefined);
    await env?.slotNetworks?.close();
    await env?.cgroups?.close();
    await env?.disks?.close();
  }
}

/** The step after a job folder is made: the spec's onFolder, as a set-up failure if it fails. */
function folderHook(spec: SandboxSpec, dir: string, owner: number | undefined) {
  return async <T>(made: T): Promise<T> => {
    if (!spec.onFolder) return made;
    try {
      await spec.onFolder(dir, owner);
    } catch (err) {
      throw new SandboxSetupError(`cannot set up the job's folder: ${(err as Error).message}`, { cause: err });
    }
    return made;
  };
}

/** What a rootless worker does not enforce on this machine, and how to have it: one line. */
function rootlessWarning(env: Environment, hostUid: number): string {
  const missing: string[] = [];
  if (!env.cgroups) {
    missing.push(
      'memory of a job as a whole (only per process: address space for Python and Bash, data size for Bun and Deno)',
    );
    missing.push('CPU cores (a job may use every core; its CPU time per process is still limited)');
  } else if (!env.cgroups.limitsCpu) {
    missing.push('CPU cores (no cpu controller delegated)');
  }
  if (!env.disks) missing.push('disk space of the job folder');
  const weaker = [
    `every job runs as uid ${hostUid}, kept apart by namespaces alone (no uid of its own)`,
    ...(env.disks ? ['the disk quota is a tmpfs, held in memory'] : []),
  ];
  const notEnforced = missing.length ? `not enforced: ${missing.join('; ')}. ` : '';
  return (
    `rootless sandbox (the worker is not root): ${notEnforced}Weaker: ${weaker.join('; ')}. ` +
    'For cgroup limits, a uid per job slot and disk quotas on disk, run the worker as root (sudo npm run up); see docs/adr/0021.'
  );
}
