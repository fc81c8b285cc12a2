import { chmod, chown, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { goMessage, preparePooled, prepareJob, type PooledSandbox, type PreparedJob } from '@runnel/runtimes';
import {
  ARGS_FD,
  BLOCK_FD,
  bwrapOptions,
  encodeArgs,
  INFO_FD,
  InvalidJobInput,
  parseChildPid,
  readAll,
  writeSandboxEtc,
} from './bwrap-args.js';
import { detectCgroups, type CgroupManager, type JobCgroup } from './cgroups.js';
import { assertSearchable, inheritedDescriptors, jobName, killOrphans } from './host.js';
import { createJobFolder, removeJobFolder } from './job-folder.js';
import { acquireSlot, type JobSlot } from './job-slots.js';
import { drain, LastStdoutLine, LogCapture, StderrTail } from './log-capture.js';
import { launchSlirp, type Slirp } from './network.js';
import { spawner, type Spawned } from './spawner.js';
import { decideOutcome, type Ending } from './outcome.js';
import {
  resolveLimits,
  SandboxSetupError,
  type Sandbox,
  type SandboxLimits,
  type SandboxOutcome,
  type SandboxSpec,
} from './sandbox.js';

const BWRAP = '/usr/bin/bwrap';
const PRLIMIT = '/usr/bin/prlimit';
const MIB = 1024 * 1024;
/** Runtimes that reserve far more address space than they use, which RLIMIT_AS would break. */
const RESERVES_ADDRESS_SPACE = new Set(['bun', 'deno']);

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

/** A warm sandbox unused this long is discarded; a key unused this long is not pooled again. */
const WARM_MAX_AGE_MS = 60_000;

/** A pre-started sandbox waiting for its job's go message on stdin; see ProcessSandbox.prestart. */
interface Warm {
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
}

interface PoolTemplate {
  language: SandboxSpec['language'];
  network: SandboxSpec['network'];
  limits: SandboxLimits;
  usedAt: number;
}

interface Environment {
  etcDir: string;
  cgroups: CgroupManager | undefined;
  /** How memory and process limits are enforced, for the worker's startup log. */
  enforcement: string;
}

interface Running {
  spec: SandboxSpec;
  prepared: PreparedJob;
  limits: SandboxLimits;
  jobDir: string;
  uid: number;
  /**
   * The job folder and the slot's cgroup (if any), made while bwrap starts; rejects with
   * SandboxSetupError.
   */
  ready: Promise<JobCgroup | undefined>;
  env: Environment;
  startedAt: number;
}

const noop = (): void => {};

/** prlimit sets the per-process limits, then becomes bwrap (an exec, not another process). */
function prlimitArgs(limits: SandboxLimits, env: Environment, language: SandboxSpec['language']): string[] {
  const args = [
    // The soft limit sends SIGXCPU (reported as CpuTimeLimitExceeded); the hard one SIGKILL.
    `--cpu=${limits.cpuSeconds}:${limits.cpuSeconds + 1}`,
    `--fsize=${limits.fileSizeMb * MIB}`,
    '--core=0',
  ];
  // A job whose cgroup can't be set up never starts, so the manager's presence says it all.
  if (!env.cgroups && !RESERVES_ADDRESS_SPACE.has(language)) args.push(`--as=${limits.memoryMb * MIB}`);
  // Per uid, and every job slot has its own uid.
  if (!env.cgroups?.limitsPids) args.push(`--nproc=${limits.pids}`);
  return args;
}

/** The part of a job's environment that is its own (a warm sandbox gets it with the go message). */
function jobEnvironment(spec: SandboxSpec): Record<string, string> {
  return { RUNNEL_JOB_ID: spec.jobId };
}

/** The sandbox's whole environment: nothing of the worker's. */
function sandboxEnvironment(
  runtimeEnv: Record<string, string>,
  jobEnv: Record<string, string> = {},
): Record<string, string> {
  return {
    PATH: '/usr/local/bin:/usr/bin:/bin',
    HOME: '/tmp',
    TMPDIR: '/tmp',
    LANG: 'C.UTF-8',
    USER: 'runnel',
    LOGNAME: 'runnel',
    ...jobEnv,
    ...runtimeEnv,
  };
}
const CANCELED = { name: 'Canceled', message: 'the job was canceled' };

/**
 * Runs each job in bubblewrap as its own unprivileged uid: fresh namespaces, a read-only
 * system, the job folder as the only writable place, limits from cgroups and rlimits.
 */
export class ProcessSandbox implements Sandbox {
  private readonly workRoot: string;
  private readonly uidBase: number;
  private readonly maxSlots: number;
  private environment?: Promise<Environment>;
  /** Clean-ups of jobs that have returned their outcome. */
  private readonly cleaning = new Set<Promise<void>>();
  private readonly warmPoolSize: number;
  /** Ready (or starting) warm sandboxes by pool key. */
  private readonly pool = new Map<string, Promise<Warm | undefined>>();
  /** Pool keys of recent jobs, with what it takes to start their sandbox. */
  private readonly recent = new Map<string, PoolTemplate>();
  private inFlight = 0;
  private pooling = true;

  constructor(private readonly options: ProcessSandboxOptions = {}) {
    this.workRoot = options.workRoot ?? join(tmpdir(), 'runnel-jobs');
    this.uidBase = options.uidBase ?? 100_000;
    this.maxSlots = options.maxSlots ?? 1024;
    this.warmPoolSize = Math.min(options.warmPoolSize ?? 4, this.maxSlots - 1);
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
      prepared = prepareJob(spec.language, { content: spec.content, args: spec.args, argOrder: spec.argOrder });
    } catch (err) {
      if (err instanceof SandboxSetupError) throw err;
      throw new SandboxSetupError(`cannot prepare the ${spec.language} job: ${(err as Error).message}`, { cause: err });
    }
    this.pooling = true;
    const key = this.poolKey(spec);
    if (key !== undefined)
      this.recent.set(key, { language: spec.language, network: spec.network, limits, usedAt: Date.now() });
    const warm = key === undefined ? undefined : await this.take(key);
    this.inFlight++;
    try {
      return warm
        ? await this.runWarm(spec, prepared, limits, env, warm, startedAt)
        : await this.runCold(spec, prepared, limits, env, startedAt);
    } finally {
      this.inFlight--;
      // Refilled after the job, in the background: the next job of its kind finds one ready.
      if (this.warmPoolSize > 0) setImmediate(() => void this.refill());
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
    env.cgroups?.warmUp();
    let cgroup: JobCgroup | undefined;
    const ready = Promise.allSettled([
      createJobFolder(jobDir, slot.uid, prepared.files),
      env.cgroups?.enter(slot.uid, { memoryBytes: limits.memoryMb * MIB, pids: limits.pids }),
    ]).then(([folder, group]) => {
      if (group.status === 'fulfilled') cgroup = group.value;
      const failed = [folder, group].find((r) => r.status === 'rejected');
      if (failed) {
        const cause = failed.reason as Error;
        throw new SandboxSetupError(`cannot set up the job's sandbox: ${cause.message}`, { cause });
      }
      return cgroup;
    });
    ready.catch(noop); // awaited by execute (or, if it returns early, by the clean-up)
    // Never before the folder and cgroup exist (or failed to), or their removal could miss them.
    const cleanUp = (): Promise<void> => ready.then(noop, noop).then(() => this.cleanUp(jobDir, cgroup, slot));
    const run: Running = { spec, prepared, limits, jobDir, uid: slot.uid, ready, env, startedAt };
    return this.finishing(this.execute(run), cleanUp);
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
    const cleaning = cleanUp().finally(() => this.cleaning.delete(cleaning));
    this.cleaning.add(cleaning);
    return result;
  }

  /** A job slot; when none is free, a warm sandbox gives its own up rather than delay the job. */
  private async acquire(): Promise<JobSlot> {
    for (;;) {
      try {
        return acquireSlot(this.uidBase, this.maxSlots);
      } catch (err) {
        const [key] = this.pool.keys();
        if (key === undefined) throw err;
        const warm = this.pool.get(key);
        this.pool.delete(key);
        const taken = await warm;
        if (taken) await this.discard(taken);
      }
    }
  }

  /** Jobs with default limits are pooled, by language, network and CPU time (from the timeout). */
  private poolKey(spec: SandboxSpec): string | undefined {
    if (this.warmPoolSize <= 0) return undefined;
    if (spec.limits && Object.keys(spec.limits).length > 0) return undefined;
    return `${spec.language}|${spec.network}|${resolveLimits(spec).cpuSeconds}`;
  }

  /** The warm sandbox for `key`, if one is (or is about to be) ready and still usable. */
  private async take(key: string): Promise<Warm | undefined> {
    const entry = this.pool.get(key);
    if (!entry) return undefined;
    this.pool.delete(key);
    const warm = await entry;
    if (!warm) return undefined;
    if (warm.sandbox.hasExited() || Date.now() - warm.bornAt > WARM_MAX_AGE_MS) {
      await this.discard(warm);
      return undefined;
    }
    warm.taken = true;
    clearTimeout(warm.expiry);
    return warm;
  }

  /** Starts a warm sandbox for each recent pool key that has none, within the pool's size and the free slots. */
  private async refill(): Promise<void> {
    if (!this.pooling) return;
    const now = Date.now();
    for (const [key, template] of this.recent) if (now - template.usedAt > WARM_MAX_AGE_MS) this.recent.delete(key);
    const wanted = [...this.recent.entries()]
      .sort(([, a], [, b]) => b.usedAt - a.usedAt)
      .slice(0, this.warmPoolSize)
      .map(([key]) => key);
    // Sandboxes of keys no longer among the most recent make room for those that are.
    for (const key of [...this.pool.keys()]) {
      if (wanted.includes(key)) continue;
      const entry = this.pool.get(key)!;
      this.pool.delete(key);
      void entry.then((warm) => warm && this.discard(warm));
    }
    let env: Environment;
    try {
      env = await this.setUp();
    } catch {
      return;
    }
    for (const key of wanted) {
      if (this.pool.has(key) || !this.pooling) continue;
      // Always one slot left for a job that finds no warm sandbox.
      if (this.inFlight + this.cleaning.size + this.pool.size + 2 > this.maxSlots) return;
      const entry = this.prestart(this.recent.get(key)!, env);
      this.pool.set(key, entry);
      const warm = await entry;
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
    }
  }

  /**
   * A sandbox started before its job: bwrap fully set up (namespaces, cgroup, slirp, rlimits),
   * an empty job folder but for the wrapper at /job, the interpreter blocked reading the go
   * message on stdin. Undefined when it could not be started (the job then runs cold).
   */
  private async prestart(template: PoolTemplate, env: Environment): Promise<Warm | undefined> {
    const { language, network, limits } = template;
    let slot: JobSlot;
    try {
      slot = acquireSlot(this.uidBase, this.maxSlots);
    } catch {
      return undefined;
    }
    const jobDir = join(this.workRoot, jobName('warm'));
    const pooled = preparePooled(language);
    let cgroup: JobCgroup | undefined;
    let sandbox: Spawned | undefined;
    let slirp: Slirp | undefined;
    try {
      env.cgroups?.warmUp();
      const [folder, group] = await Promise.allSettled([
        createJobFolder(jobDir, slot.uid, pooled.files),
        env.cgroups?.enter(slot.uid, { memoryBytes: limits.memoryMb * MIB, pids: limits.pids }),
      ]);
      if (group.status === 'fulfilled') cgroup = group.value;
      if (folder.status === 'rejected') throw folder.reason;
      if (group.status === 'rejected') throw group.reason;
      const argBlock = encodeArgs(
        bwrapOptions({
          jobDir,
          etcDir: env.etcDir,
          network,
          prepared: pooled,
          env: sandboxEnvironment(pooled.env),
          tmpfsBytes: limits.memoryMb * MIB,
        }),
      );
      sandbox = await spawner.spawn(
        PRLIMIT,
        [...prlimitArgs(limits, env, language), '--', BWRAP, '--args', String(ARGS_FD), '--', ...pooled.command],
        { uid: slot.uid, gid: slot.uid, env: {}, stdio: ['pipe', 'pipe', 'pipe', 'pipe', 'pipe', 'pipe'] },
      );
      const [info, block, args] = [INFO_FD, BLOCK_FD, ARGS_FD].map((fd) => sandbox!.stdio[fd]);
      args?.on('error', noop);
      args?.end(argBlock);
      const unattached = network === 'outbound' ? launchSlirp() : undefined;
      slirp = unattached;
      const sandboxInit = info && parseChildPid(await readAll(info));
      if (sandboxInit === undefined) throw new Error('bwrap did not start');
      await Promise.all([cgroup?.add(sandboxInit), unattached?.attach(sandboxInit)]);
      block?.on('error', noop);
      block?.end('go');
      // Ready once bwrap has mounted the job folder at /job (after pivot_root): only then may a job
      // rename the folder and write into it.
      for (const deadline = Date.now() + 10_000; ; await sleep(2)) {
        if (sandbox.hasExited()) throw new Error('the sandbox exited while it started');
        if (Date.now() > deadline) throw new Error('the sandbox did not start in time');
        const mounts = await readFile(`/proc/${sandboxInit}/mountinfo`, 'utf8').catch(() => '');
        if (mounts.split('\n').some((line) => line.split(' ')[4] === '/job')) break;
      }
      return { slot, jobDir, pooled, sandbox, sandboxInit, slirp, cgroup, bornAt: Date.now(), taken: false };
    } catch (err) {
      if (this.pooling) console.error('sandbox: a warm sandbox could not be started:', (err as Error).message);
      slirp?.stop();
      sandbox?.kill('SIGKILL');
      for (const pipe of sandbox?.stdio ?? []) pipe?.destroy();
      this.track(this.cleanUp(jobDir, cgroup, slot));
      return undefined;
    }
  }

  /** Kills a warm sandbox no job will use and cleans its slot up (tracked by settled()). */
  private async discard(warm: Warm): Promise<void> {
    warm.taken = true;
    clearTimeout(warm.expiry);
    this.killWarm(warm);
    for (const pipe of warm.sandbox.stdio) pipe?.destroy();
    await this.track(warm.sandbox.exited.then(() => this.cleanUp(warm.jobDir, warm.cgroup, warm.slot)));
  }

  private killWarm(warm: Warm): void {
    warm.slirp?.stop();
    if (!warm.sandbox.hasExited()) {
      try {
        process.kill(warm.sandboxInit, 'SIGKILL');
      } catch {
        // Already gone.
      }
      warm.sandbox.kill('SIGKILL');
    }
  }

  private track(cleaning: Promise<void>): Promise<void> {
    const tracked = cleaning.finally(() => this.cleaning.delete(tracked));
    this.cleaning.add(tracked);
    return tracked;
  }

  /** Kills the warm sandboxes and waits for their clean-up; the pool fills again after the next job. */
  async drainPool(): Promise<void> {
    this.pooling = false;
    const entries = [...this.pool.values()];
    this.pool.clear();
    for (const warm of await Promise.all(entries)) if (warm) await this.discard(warm);
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
    // The folder is named after its job as a cold one is (bwrap's bind follows it).
    const ready = (async () => {
      try {
        await rename(warm.jobDir, jobDir);
        warm.jobDir = jobDir;
        await Promise.all(
          Object.entries(prepared.files)
            .filter(([name]) => !(name in warm.pooled.files))
            .map(async ([name, content]) => {
              const path = join(jobDir, name);
              await writeFile(path, content, { mode: 0o644, flag: 'wx' });
              await chown(path, warm.slot.uid, warm.slot.uid);
            }),
        );
      } catch (err) {
        const cause = err as Error;
        throw new SandboxSetupError(`cannot set up the job's sandbox: ${cause.message}`, { cause });
      }
      return warm.cgroup;
    })();
    ready.catch(noop);
    const run: Running = { spec, prepared, limits, jobDir, uid: warm.slot.uid, ready, env, startedAt };
    const cleanUp = (): Promise<void> =>
      ready.then(noop, noop).then(() => this.cleanUp(warm.jobDir, warm.cgroup, warm.slot));
    return this.finishing(this.executeWarm(run, warm), cleanUp);
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
    this.pooling = false;
    await this.drainPool();
    await this.settled();
    const env = await this.environment?.catch(() => undefined);
    await env?.cgroups?.close();
  }

  /** Never rejects: failures are logged, and a slot whose cgroup could not be emptied is never reused. */
  private async cleanUp(jobDir: string, cgroup: JobCgroup | undefined, slot: JobSlot): Promise<void> {
    const [group, folder] = await Promise.allSettled([cgroup?.empty(), removeJobFolder(jobDir)]);
    if (folder.status === 'rejected') console.error(`sandbox: job folder ${jobDir} not removed:`, folder.reason);
    if (group.status === 'rejected') {
      // Processes of the job may still run as this uid; never hand it to another job.
      console.error(`sandbox: job cgroup not emptied, uid ${slot.uid} retired:`, group.reason);
      return;
    }
    slot.release();
  }

  /** The arguments for `bwrap --args`, or the job's failure when its own input can't be passed on. */
  private argBlock(run: Running): Buffer | SandboxOutcome {
    const { spec, prepared, limits } = run;
    try {
      encodeArgs(prepared.command);
      return encodeArgs(
        bwrapOptions({
          jobDir: run.jobDir,
          etcDir: run.env.etcDir,
          network: spec.network,
          prepared,
          env: sandboxEnvironment(prepared.env, jobEnvironment(spec)),
          tmpfsBytes: limits.memoryMb * MIB,
        }),
      );
    } catch (err) {
      if (!(err instanceof InvalidJobInput)) throw err;
      return {
        status: 'failure',
        error: { name: 'InvalidArguments', message: err.message },
        exitCode: null,
        durationMs: Math.round(performance.now() - run.startedAt),
        logsTruncated: false,
      };
    }
  }

  private async execute(run: Running): Promise<SandboxOutcome> {
    const { spec, prepared, limits } = run;
    const elapsed = (): number => Math.round(performance.now() - run.startedAt);
    const argBlock = this.argBlock(run);
    if (!Buffer.isBuffer(argBlock)) return argBlock;

    const logs = new LogCapture(limits.logBytes, spec.onLog);
    const lastLine = new LastStdoutLine();
    const tail = new StderrTail();
    let sandbox: Spawned | undefined;
    let sandboxInit: number | undefined;
    let timedOut = false;
    let canceled = false;
    let slirp: Slirp | undefined;
    let cgroup: JobCgroup | undefined;
    const stopped = (): boolean => timedOut || canceled || (sandbox?.hasExited() ?? false);
    const kill = (): void => {
      if (sandbox?.hasExited()) return;
      // The sandbox's pid 1: when it dies the kernel kills everything in its pid namespace.
      if (sandboxInit !== undefined) {
        try {
          process.kill(sandboxInit, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
      sandbox?.kill('SIGKILL');
    };
    const timer = setTimeout(
      () => {
        timedOut = true;
        kill();
      },
      Math.min(spec.timeoutMs, 2 ** 31 - 1),
    );
    const onAbort = (): void => {
      canceled = true;
      kill();
    };
    spec.signal?.addEventListener('abort', onAbort, { once: true });

    try {
      // bwrap reads its arguments first, and so waits for the job folder to exist.
      sandbox = await spawner.spawn(
        PRLIMIT,
        [
          ...prlimitArgs(limits, run.env, spec.language),
          '--',
          BWRAP,
          '--args',
          String(ARGS_FD),
          '--',
          ...prepared.command,
        ],
        { uid: run.uid, gid: run.uid, env: {}, stdio: ['ignore', 'pipe', 'pipe', 'pipe', 'pipe', 'pipe'] },
      );
      if (canceled || timedOut) kill();
      const [, out, err] = sandbox.stdio;
      const [info, block, args] = [INFO_FD, BLOCK_FD, ARGS_FD].map((fd) => sandbox!.stdio[fd]);
      const bash = prepared.resultMode === 'bash';
      const stdout = logs.stream(
        bash ? (text, endsLine) => lastLine.push(text, endsLine) : undefined,
        bash ? limits.resultBytes + 1 : undefined,
      );
      const stderr = logs.stream((text, endsLine) => endsLine && tail.push(text));
      // Like a child process's 'close': exited, and its output read to the end.
      const closed = Promise.all([sandbox.exited, drain(out, stdout), drain(err, stderr)]).then(([exit]) => exit);
      try {
        cgroup = await run.ready;
      } catch (err) {
        kill();
        await closed;
        throw err;
      }
      args?.on('error', () => {}); // EPIPE if bwrap died before reading its arguments
      args?.end(argBlock);
      // Started now, while bwrap starts, rather than after: see launchSlirp.
      const unattached = spec.network === 'outbound' && !stopped() ? launchSlirp() : undefined;
      slirp = unattached;
      sandboxInit = info && parseChildPid(await readAll(info));
      if (sandboxInit !== undefined && !stopped()) {
        // The sandbox now waits on BLOCK_FD: limits and network go in before the job starts.
        const [limited, network] = await Promise.allSettled([
          cgroup?.add(sandboxInit),
          unattached?.attach(sandboxInit),
        ]);
        const failed = [limited, network].find((r) => r.status === 'rejected');
        // A job killed meanwhile (timeout, cancel) makes these fail too; that is not a set-up error.
        if (failed && !stopped()) {
          kill();
          await closed;
          const cause = failed.reason as Error;
          throw new SandboxSetupError(`cannot start the sandbox: ${cause.message}`, { cause });
        }
        block?.on('error', () => {});
        block?.end('go');
      }
      const { code, signal, launcherLost } = await closed;
      if (launcherLost) throw new SandboxSetupError('the sandbox launcher process died during the job');
      const exitCode = code ?? (signal ? 128 + constants.signals[signal] : null);
      const ending: Ending = {
        exitCode,
        timedOut,
        canceled,
        oomKilled: cgroup?.oomKilled() ?? false,
        durationMs: elapsed(),
        logsTruncated: logs.truncated,
        stderrTail: tail.toString(),
      };
      if (logs.sinkError !== undefined) throw logs.sinkError;
      return await decideOutcome(ending, {
        jobDir: run.jobDir,
        resultMode: prepared.resultMode,
        limits,
        timeoutMs: spec.timeoutMs,
        lastLine,
      });
    } catch (err) {
      if (err instanceof SandboxSetupError || err === logs.sinkError) throw err;
      throw new SandboxSetupError(`the sandbox failed: ${(err as Error).message}`, { cause: err });
    } finally {
      clearTimeout(timer);
      spec.signal?.removeEventListener('abort', onAbort);
      slirp?.stop();
      kill();
      for (const pipe of sandbox?.stdio ?? []) pipe?.destroy();
    }
  }

  /** Like execute, from the go message on: the sandbox is running and waits for it. */
  private async executeWarm(run: Running, warm: Warm): Promise<SandboxOutcome> {
    const { spec, prepared, limits } = run;
    const { sandbox } = warm;
    const elapsed = (): number => Math.round(performance.now() - run.startedAt);
    try {
      const argBlock = this.argBlock(run); // the cold command's checks (a NUL in an argument)
      if (!Buffer.isBuffer(argBlock)) return argBlock;
      const logs = new LogCapture(limits.logBytes, spec.onLog);
      const lastLine = new LastStdoutLine();
      const tail = new StderrTail();
      let timedOut = false;
      let canceled = false;
      const kill = (): void => this.killWarm(warm);
      const onAbort = (): void => {
        canceled = true;
        kill();
      };
      spec.signal?.addEventListener('abort', onAbort, { once: true });
      let timer: NodeJS.Timeout | undefined;
      try {
        const [stdin, out, err] = sandbox.stdio;
        const bash = prepared.resultMode === 'bash';
        const stdout = logs.stream(
          bash ? (text, endsLine) => lastLine.push(text, endsLine) : undefined,
          bash ? limits.resultBytes + 1 : undefined,
        );
        const stderr = logs.stream((text, endsLine) => endsLine && tail.push(text));
        const closed = Promise.all([sandbox.exited, drain(out, stdout), drain(err, stderr)]).then(([exit]) => exit);
        try {
          await run.ready;
        } catch (err) {
          kill();
          await closed;
          throw err;
        }
        if (spec.signal?.aborted) onAbort();
        // The timeout counts from the go message, when the job starts.
        timer = setTimeout(
          () => {
            timedOut = true;
            kill();
          },
          Math.min(spec.timeoutMs, 2 ** 31 - 1),
        );
        stdin?.on('error', noop);
        stdin?.end(goMessage(spec.language, spec, jobEnvironment(spec)));
        const { code, signal, launcherLost } = await closed;
        if (launcherLost) throw new SandboxSetupError('the sandbox launcher process died during the job');
        const exitCode = code ?? (signal ? 128 + constants.signals[signal] : null);
        const ending: Ending = {
          exitCode,
          timedOut,
          canceled,
          oomKilled: warm.cgroup?.oomKilled() ?? false,
          durationMs: elapsed(),
          logsTruncated: logs.truncated,
          stderrTail: tail.toString(),
        };
        if (logs.sinkError !== undefined) throw logs.sinkError;
        return await decideOutcome(ending, {
          jobDir: run.jobDir,
          resultMode: prepared.resultMode,
          limits,
          timeoutMs: spec.timeoutMs,
          lastLine,
        });
      } catch (err) {
        if (err instanceof SandboxSetupError || err === logs.sinkError) throw err;
        throw new SandboxSetupError(`the sandbox failed: ${(err as Error).message}`, { cause: err });
      } finally {
        clearTimeout(timer);
        spec.signal?.removeEventListener('abort', onAbort);
      }
    } finally {
      this.killWarm(warm);
      for (const pipe of sandbox.stdio) pipe?.destroy();
    }
  }
}
