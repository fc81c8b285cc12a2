import { chmod, mkdir } from 'node:fs/promises';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { prepareJob, type PreparedJob } from '@runnel/runtimes';
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

  constructor(private readonly options: ProcessSandboxOptions = {}) {
    this.workRoot = options.workRoot ?? join(tmpdir(), 'runnel-jobs');
    this.uidBase = options.uidBase ?? 100_000;
    this.maxSlots = options.maxSlots ?? 1024;
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
    const jobDir = join(this.workRoot, jobName(spec.jobId));
    const slot = acquireSlot(this.uidBase, this.maxSlots);
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
    let outcome: SandboxOutcome;
    try {
      outcome = await this.execute(run);
    } catch (err) {
      await cleanUp();
      throw err;
    }
    // The outcome is known: the caller needn't wait for the clean-up. The slot (its uid and
    // cgroup) is only handed to another job once it is done.
    const cleaning = cleanUp().finally(() => this.cleaning.delete(cleaning));
    this.cleaning.add(cleaning);
    return outcome;
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

  /** prlimit sets the per-process limits, then becomes bwrap (an exec, not another process). */
  private prlimitArgs(run: Running): string[] {
    const { limits, env, spec } = run;
    const args = [
      // The soft limit sends SIGXCPU (reported as CpuTimeLimitExceeded); the hard one SIGKILL.
      `--cpu=${limits.cpuSeconds}:${limits.cpuSeconds + 1}`,
      `--fsize=${limits.fileSizeMb * MIB}`,
      '--core=0',
    ];
    // A job whose cgroup can't be set up never starts, so the manager's presence says it all.
    if (!env.cgroups && !RESERVES_ADDRESS_SPACE.has(spec.language)) args.push(`--as=${limits.memoryMb * MIB}`);
    // Per uid, and every job slot has its own uid.
    if (!env.cgroups?.limitsPids) args.push(`--nproc=${limits.pids}`);
    return args;
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
          env: {
            PATH: '/usr/local/bin:/usr/bin:/bin',
            HOME: '/tmp',
            TMPDIR: '/tmp',
            LANG: 'C.UTF-8',
            USER: 'runnel',
            LOGNAME: 'runnel',
            RUNNEL_JOB_ID: spec.jobId,
            ...prepared.env,
          },
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
        [...this.prlimitArgs(run), '--', BWRAP, '--args', String(ARGS_FD), '--', ...prepared.command],
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
}
