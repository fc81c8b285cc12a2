import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { constants } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Socket } from 'node:net';
import { dedicatedRequest, prepareDedicated, type Language } from '@runnel/runtimes';
import { DEPS_IN_SANDBOX } from './bwrap-args.js';
import type { JobCgroup } from './cgroup-manager.js';
import type { JobSlot } from './job-slots.js';
import { LastStdoutLine, LogCapture, StderrTail, type LineSplitter } from './log-capture.js';
import { decideOutcome } from './outcome.js';
import {
  bwrapArgBlock,
  cleanUpSlot,
  jobEnvironment,
  noop,
  rlimitsOf,
  setUpSlot,
  slotOwner,
  spawnSandbox,
  startSandbox,
  stopSandbox,
  tearDownSandbox,
  type Environment,
  type Starting,
} from './sandbox-start.js';
import type { Exit } from './spawner.js';
import {
  SandboxSetupError,
  type DepsMount,
  type NetworkPolicy,
  type SandboxLimits,
  type SandboxOutcome,
  type SandboxSpec,
} from './sandbox.js';

// One dedicated runtime (docs/adr/0050-dedicated-runtimes.md): a bubblewrap sandbox started as a
// cold one is, whose interpreter loads one script version and then serves its jobs one at a time,
// each sent as a line on stdin (see the per-job loops runtimes/python3/dedicated.py and
// runtimes/typescript/dedicated.mjs). Each job ends with a mark of its own on stdout and stderr:
// what comes before it is the job's log.

const NEWLINE = 0x0a;
const EMPTY = Buffer.alloc(0);

interface MarkedJob {
  lines: LineSplitter;
  mark: Buffer;
  onEnd: (code: number) => void;
}

/**
 * One output stream of a dedicated process, split into jobs at their end marks. Output while no
 * job runs (a timer a job left behind, after its mark) belongs to no job and is dropped.
 */
class MarkedStream {
  private job?: MarkedJob;
  private carry = EMPTY;

  begin(job: MarkedJob): void {
    this.job = job;
    this.carry = EMPTY;
  }

  write(chunk: Buffer): void {
    const job = this.job;
    if (!job) return;
    const data = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk;
    this.carry = EMPTY;
    const at = data.indexOf(job.mark);
    if (at === -1) {
      // The mark may begin at the end of this chunk: keep what could be its start.
      const keep = Math.min(data.length, job.mark.length - 1);
      job.lines.write(data.subarray(0, data.length - keep));
      this.carry = Buffer.from(data.subarray(data.length - keep));
      return;
    }
    job.lines.write(data.subarray(0, at));
    const end = data.indexOf(NEWLINE, at + job.mark.length);
    if (end === -1) {
      this.carry = Buffer.from(data.subarray(at));
      return;
    }
    this.job = undefined;
    job.lines.end();
    job.onEnd(Number(data.subarray(at + job.mark.length, end).toString('latin1')) || 0);
  }

  /** The stream closed (the process ended): what the job wrote so far is its log. */
  close(): void {
    const job = this.job;
    this.job = undefined;
    if (!job) return;
    if (this.carry.length) job.lines.write(this.carry);
    job.lines.end();
  }
}

/** What starting a dedicated process takes: its script version and the sandbox it runs in. */
export interface DedicatedStart {
  key: string;
  env: Environment;
  slot: JobSlot;
  language: Language;
  content: string;
  network: NetworkPolicy;
  limits: SandboxLimits;
  deps: DepsMount | undefined;
  /** Jobs it may serve: its CPU time limit is theirs together. */
  maxJobs: number;
  /** Called once the process has ended and its slot is cleaned up (or failed to be). */
  onEnd: (ended: Promise<void>) => void;
}

/** A sandboxed process serving the jobs of one script version, one after another. */
export class DedicatedProcess {
  /** Jobs it has served (or begun to serve). */
  jobs = 0;
  /** When it last finished a job (performance.now()). */
  idleSince = performance.now();
  private readonly out = new MarkedStream();
  private readonly err = new MarkedStream();
  private ended = false;
  /** Resolves once the process has ended and its slot is cleaned up. */
  gone: Promise<void> = Promise.resolve();
  private readonly exit: Promise<Exit>;

  private constructor(
    readonly key: string,
    private readonly starting: Starting,
    private readonly jobDir: string,
    private readonly cgroup: JobCgroup | undefined,
    private readonly diskQuota: boolean,
    /** Who the job folder belongs to (undefined: the worker's uid), for the job API's socket. */
    private readonly folderOwner: number | undefined,
    private readonly stdin: Socket,
    closed: Promise<Exit>,
  ) {
    this.exit = closed;
    void closed.then(() => (this.ended = true));
  }

  /** Starts the sandbox and its interpreter, which loads the script with its first job. Rejects with SandboxSetupError. */
  static async start(o: DedicatedStart): Promise<DedicatedProcess> {
    const { env, slot, limits } = o;
    const jobDir = env.folderOf(slot.uid, 'dedicated');
    const releaseDeps = o.deps ? o.deps.retain() : undefined;
    let cgroup: JobCgroup | undefined;
    let starting: Starting | undefined;
    const cleanUp = async (): Promise<void> => {
      tearDownSandbox(starting);
      await starting?.sandbox.exited;
      releaseDeps?.();
      await cleanUpSlot(jobDir, cgroup, slot);
    };
    try {
      if (o.deps && !releaseDeps) throw new Error("the job's installed dependencies were evicted");
      // Its processes' CPU time adds up over its jobs: each job's own is bounded by its timeout.
      const processLimit = { ...limits, cpuSeconds: limits.cpuSeconds * o.maxJobs };
      const rlimits = rlimitsOf(processLimit, env, o.language);
      const prepared = prepareDedicated(
        o.language,
        { content: o.content, ...(o.deps && { deps: DEPS_IN_SANDBOX }) },
        rlimits.command,
      );
      const made = await setUpSlot(env, jobDir, slot.uid, prepared.files, limits);
      cgroup = made.cgroup;
      if (made.failure) throw made.failure;
      const argBlock = bwrapArgBlock(jobDir, env, o.network, prepared, limits, undefined, o.deps?.dir);
      starting = {
        sandbox: await spawnSandbox(env, prepared.command, slotOwner(env, slot.uid), 'pipe', undefined, rlimits.enter),
      };
      const [stdin, stdout, stderr] = starting.sandbox.stdio;
      if (!stdin || !stdout || !stderr) throw new Error('the sandbox launcher did not hand over its pipes');
      const closed = Promise.all([starting.sandbox.exited, closing(stdout), closing(stderr)]).then(([exit]) => exit);
      const failed = await startSandbox(starting, argBlock, o.network, cgroup, () => false);
      if (starting.sandboxInit === undefined) throw new Error('bwrap did not start');
      if (failed) throw failed;
      stdin.on('error', noop);
      const proc = new DedicatedProcess(
        o.key,
        starting,
        jobDir,
        cgroup,
        env.disks !== undefined,
        slotOwner(env, slot.uid),
        stdin,
        closed,
      );
      stdout.on('data', (chunk: Buffer) => proc.out.write(chunk));
      stderr.on('data', (chunk: Buffer) => proc.err.write(chunk));
      stdout.on('close', () => proc.out.close());
      stderr.on('close', () => proc.err.close());
      proc.gone = closed.then(cleanUp, cleanUp);
      o.onEnd(proc.gone);
      return proc;
    } catch (err) {
      o.onEnd(cleanUp());
      const cause = err as Error;
      throw new SandboxSetupError(`cannot start the dedicated runtime: ${cause.message}`, { cause });
    }
  }

  /** Whether it can take another job: still running, and no job of its own killed it. */
  get alive(): boolean {
    return !this.ended && !this.starting.sandbox.hasExited();
  }

  /** Ends the process (and its slirp); its slot is cleaned up once it has exited. */
  stop(): void {
    this.ended = true;
    this.stdin.destroy();
    stopSandbox(this.starting);
  }

  /**
   * Runs one job: its request on stdin, its output up to its mark as its log, its result.json
   * as its result. A job past its timeout, canceled, or whose process ends meanwhile, ends the
   * process too; its outcome says why.
   */
  async run(spec: SandboxSpec, limits: SandboxLimits, startedAt: number): Promise<SandboxOutcome> {
    this.jobs++;
    const logs = new LogCapture(limits.logBytes, spec.onLog);
    const tail = new StderrTail();
    const mark = Buffer.from(`\x1erunnel-end:${randomBytes(12).toString('hex')} `, 'latin1');
    let marks = 0;
    let worst = 0;
    const done = new Promise<number>((resolve) => {
      const onEnd = (code: number): void => {
        worst = Math.max(worst, code);
        if (++marks === 2) resolve(worst);
      };
      this.out.begin({ lines: logs.stream(), mark, onEnd });
      this.err.begin({ lines: logs.stream((text, endsLine) => endsLine && tail.push(text)), mark, onEnd });
    });
    let timedOut = false;
    let canceled = false;
    const onAbort = (): void => {
      canceled = true;
      this.stop();
    };
    // The job API's socket in the folder must be gone before the next job's takes its place.
    let unserve: (() => Promise<void>) | undefined;
    const timer = setTimeout(
      () => {
        timedOut = true;
        this.stop();
      },
      Math.min(spec.timeoutMs, 2 ** 31 - 1),
    );
    try {
      // The last job's result must not pass for this one's, should this one end without one.
      rmSync(join(this.jobDir, 'result.json'), { force: true });
      if (spec.onFolder) {
        try {
          unserve = (await spec.onFolder(this.jobDir, this.folderOwner)) ?? undefined;
        } catch (err) {
          this.stop();
          throw new SandboxSetupError(`cannot set up the job's folder: ${(err as Error).message}`, { cause: err });
        }
      }
      if (spec.signal?.aborted) onAbort();
      else spec.signal?.addEventListener('abort', onAbort, { once: true });
      this.stdin.write(dedicatedRequest(mark.toString('latin1'), jobEnvironment(spec), spec));
      const ended = await Promise.race([done, this.exit.then(() => undefined)]);
      const exit = ended === undefined ? await this.exit : undefined;
      const exitCode = ended ?? exit?.code ?? (exit?.signal ? 128 + constants.signals[exit.signal] : null);
      if (exit?.launcherLost) throw new SandboxSetupError('the sandbox launcher process died during the job');
      if (logs.sinkError !== undefined) throw logs.sinkError;
      const outcome = await decideOutcome(
        {
          exitCode,
          timedOut,
          canceled,
          // Only a process that died: an earlier job's child may have been OOM-killed before.
          oomKilled: ended === undefined && (this.cgroup?.oomKilled() ?? false),
          durationMs: Math.round(performance.now() - startedAt),
          logsTruncated: logs.truncated,
          stderrTail: tail.toString(),
        },
        {
          jobDir: this.jobDir,
          resultMode: 'file',
          limits,
          timeoutMs: spec.timeoutMs,
          lastLine: new LastStdoutLine(),
          diskQuota: this.diskQuota,
        },
      );
      if (ended === undefined && outcome.error && !timedOut && !canceled) {
        outcome.error.message +=
          ' (the dedicated process of this script ended during the job; the next job starts a fresh one)';
      }
      return outcome;
    } finally {
      clearTimeout(timer);
      spec.signal?.removeEventListener('abort', onAbort);
      await unserve?.();
      this.idleSince = performance.now();
    }
  }
}

/** Resolves once a pipe has closed (its output read to the end). */
function closing(pipe: Socket): Promise<void> {
  return new Promise((resolve) => pipe.once('close', () => resolve()));
}
