import { constants } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { PooledSandbox, PreparedJob } from '@runnel/runtimes';
import { checkArgs, InvalidJobInput } from './bwrap-args.js';
import type { JobCgroup } from './cgroup-manager.js';
import { drain, LastStdoutLine, LogCapture, StderrTail } from './log-capture.js';
import { decideOutcome, type Ending } from './outcome.js';
import {
  bwrapArgBlock,
  jobEnvironment,
  killSandbox,
  noop,
  slotNetworkFor,
  slotOwner,
  rlimitsOf,
  spawnSandbox,
  startSandbox,
  stopSandbox,
  tearDownSandbox,
  type Environment,
  warmGoMessage,
  type Starting,
} from './sandbox-start.js';
import type { SlotNetwork } from './slot-network.js';
import type { Exit, Spawned } from './spawner.js';
import { SandboxSetupError, type SandboxLimits, type SandboxOutcome, type SandboxSpec } from './sandbox.js';

// Running one job in its sandbox to its outcome: output captured, timeout and cancel, the
// ending turned into an outcome. A cold job starts its sandbox on the way (execute); a warm one
// finds it started and waiting for the go message (executeWarm).

export interface Running {
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

/** The arguments for `bwrap --args`, or the job's failure when its own input can't be passed on. */
function argBlock(run: Running, slotNetwork?: SlotNetwork): string[] | SandboxOutcome {
  const { spec, prepared, limits } = run;
  try {
    checkArgs(prepared.command);
    const { jobDir, env } = run;
    return bwrapArgBlock(
      jobDir,
      env,
      spec.network,
      prepared,
      limits,
      jobEnvironment(spec),
      spec.deps?.dir,
      slotNetwork,
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

/** What the cold and warm paths share once a job runs: its output, its timeout and cancel, its outcome. */
class JobWatch {
  readonly logs: LogCapture;
  private readonly lastLine = new LastStdoutLine();
  private readonly tail = new StderrTail();
  timedOut = false;
  canceled = false;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly run: Running,
    private readonly kill: () => void,
  ) {
    this.logs = new LogCapture(run.limits.logBytes, run.spec.onLog);
  }

  readonly onAbort = (): void => {
    this.canceled = true;
    this.kill();
  };

  /** Cancels the job when its signal aborts, or at once if it already has (a signal fires only once). */
  listen(): void {
    const { signal } = this.run.spec;
    if (signal?.aborted) this.onAbort();
    else signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  /** Kills the job at its timeout from now. */
  arm(): void {
    this.timer = setTimeout(
      () => {
        this.timedOut = true;
        this.kill();
      },
      Math.min(this.run.spec.timeoutMs, 2 ** 31 - 1),
    );
  }

  /** Reads the sandbox's output; like a child process's 'close': exited, and its output read to the end. */
  capture(sandbox: Spawned): Promise<Exit> {
    const { prepared, limits } = this.run;
    const [, out, err] = sandbox.stdio;
    const bash = prepared.resultMode === 'bash';
    const stdout = this.logs.stream(
      bash ? (text, endsLine) => this.lastLine.push(text, endsLine) : undefined,
      bash ? limits.resultBytes + 1 : undefined,
    );
    const stderr = this.logs.stream((text, endsLine) => endsLine && this.tail.push(text));
    return Promise.all([sandbox.exited, drain(out, stdout), drain(err, stderr)]).then(([exit]) => exit);
  }

  /** Awaits the job folder and cgroup; when they fail the sandbox is killed (and its end awaited). */
  async ready(closed: Promise<Exit>): Promise<JobCgroup | undefined> {
    try {
      return await this.run.ready;
    } catch (err) {
      this.kill();
      await closed;
      throw err;
    }
  }

  /** The outcome, once the sandbox has exited and its output is read. */
  async outcome(closed: Promise<Exit>, cgroup: JobCgroup | undefined): Promise<SandboxOutcome> {
    const { spec, prepared, limits } = this.run;
    const { code, signal, launcherLost } = await closed;
    if (launcherLost) throw new SandboxSetupError('the sandbox launcher process died during the job');
    const exitCode = code ?? (signal ? 128 + constants.signals[signal] : null);
    const ending: Ending = {
      exitCode,
      timedOut: this.timedOut,
      canceled: this.canceled,
      oomKilled: cgroup?.oomKilled() ?? false,
      durationMs: Math.round(performance.now() - this.run.startedAt),
      logsTruncated: this.logs.truncated,
      stderrTail: this.tail.toString(),
    };
    if (this.logs.sinkError !== undefined) throw this.logs.sinkError;
    return await decideOutcome(ending, {
      jobDir: this.run.jobDir,
      resultMode: prepared.resultMode,
      limits,
      timeoutMs: spec.timeoutMs,
      lastLine: this.lastLine,
      diskQuota: this.run.env.disks !== undefined,
    });
  }

  /** What to throw for `err`: the machine's failure to run the job, unless it is the log sink's own. */
  failure(err: unknown): unknown {
    if (err instanceof SandboxSetupError || err === this.logs.sinkError) return err;
    return new SandboxSetupError(`the sandbox failed: ${(err as Error).message}`, { cause: err });
  }

  stop(): void {
    clearTimeout(this.timer);
    this.run.spec.signal?.removeEventListener('abort', this.onAbort);
  }
}

/** A cold job: spawns its sandbox, starts it once the job folder and cgroup are ready, awaits its outcome. */
export async function execute(run: Running): Promise<SandboxOutcome> {
  const { spec, prepared } = run;
  const slotNetwork = await slotNetworkFor(run.env, spec, run.uid);
  const args = argBlock(run, slotNetwork);
  if (!Array.isArray(args)) return args;

  let starting: Starting | undefined;
  const kill = (): void => killSandbox(starting?.sandbox, starting?.sandboxInit);
  const watch = new JobWatch(run, kill);
  const stopped = (): boolean => watch.timedOut || watch.canceled || (starting?.sandbox.hasExited() ?? false);
  watch.arm();
  watch.listen();

  try {
    // bwrap reads its arguments first, and so waits for the job folder to exist.
    const owner = slotOwner(run.env, run.uid);
    const { enter } = rlimitsOf(run.limits, run.env, spec.language);
    starting = {
      sandbox: await spawnSandbox(run.env, prepared.command, owner, 'ignore', slotNetwork, enter),
      slotNetwork,
    };
    if (watch.canceled || watch.timedOut) kill();
    const closed = watch.capture(starting.sandbox);
    const cgroup = await watch.ready(closed);
    const failed = await startSandbox(starting, args, spec.network, cgroup, stopped);
    if (failed) {
      kill();
      await closed;
      throw new SandboxSetupError(`cannot start the sandbox: ${failed.message}`, { cause: failed });
    }
    spec.onStarted?.('cold');
    return await watch.outcome(closed, cgroup);
  } catch (err) {
    throw watch.failure(err);
  } finally {
    watch.stop();
    tearDownSandbox(starting);
  }
}

/**
 * Like execute, from the go message on: the sandbox is running and waits for it on stdin. A
 * timeout or cancel stops it (and its slirp); it is torn down whatever happens.
 */
export async function executeWarm(
  run: Running,
  warm: Starting,
  cgroup: JobCgroup | undefined,
  pooled: PooledSandbox,
): Promise<SandboxOutcome> {
  const { spec } = run;
  const { sandbox } = warm;
  const kill = (): void => stopSandbox(warm);
  try {
    const args = argBlock(run); // the cold command's checks (a NUL in an argument)
    if (!Array.isArray(args)) return args;
    const watch = new JobWatch(run, kill);
    watch.listen();
    try {
      const [stdin] = sandbox.stdio;
      const closed = watch.capture(sandbox);
      await watch.ready(closed);
      // The timeout counts from the go message, when the job starts.
      watch.arm();
      stdin?.on('error', noop);
      stdin?.end(warmGoMessage(spec, run.prepared, pooled));
      spec.onStarted?.('warm');
      return await watch.outcome(closed, cgroup);
    } catch (err) {
      throw watch.failure(err);
    } finally {
      watch.stop();
    }
  } finally {
    tearDownSandbox(warm);
  }
}
