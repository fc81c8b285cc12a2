/**
 * Runs `nativets` scripts: TypeScript whose `main` runs in QuickJS, in the server, on threads
 * of its own (docs/adr/0048; the thread is server/src/isolate/native-worker.ts). WebAssembly
 * memory apart from the server's, a wall-time limit, a memory limit and a stack limit, and three
 * host calls only, values crossing as JSON: `fetch`, which the server makes for the run under its
 * network policy (native-fetch.ts), the SDK, and timers. No file system, no process. Console
 * output comes back with the result, so a failed run still shows what it printed. A module stays loaded for the next runs of the same workspace and code on its thread.
 */
import { createHash } from 'node:crypto';
import { SecretMasker, type JobNetwork } from '@runnel/protocol';
import { transpileNative } from '@runnel/runtimes/nativets/transpile';
import type { FetchRequest, HostRequest, HostResult } from '../isolate/native-program.js';
import type { NativeInput } from '../isolate/native-worker.js';
import { Tag } from '../isolate/sandbox-program.js';
import type { SandboxAnswer } from '../isolate/sandbox-protocol.js';
import { SandboxThread, type HostServer } from '../isolate/sandbox-thread.js';
import { MAX_RUN_BYTES, type NativeFetch } from './native-fetch.js';

const MiB = 1024 * 1024;
/** QuickJS's stack for a run; the thread's native stack must hold about 25 times it (see evaluator.ts). */
const STACK_BYTES = 192 * 1024;
const THREAD_STACK_MB = 8;

export interface NativeLimits {
  /** Threads running nativets code side by side. */
  threads: number;
  /** The longest a run may take, whatever its script's timeout says. */
  timeoutMs: number;
  memoryBytes: number;
  /** Largest result plus console output, as JSON. */
  maxOutputBytes: number;
}

/** What one run produced; a failure's `result` is the job error shape (`{ error: { name, message } }`). */
export interface NativeOutcome {
  status: 'success' | 'failure';
  result: unknown;
  /** What it printed (console.*), one line per call; '' when nothing. */
  logs: string;
  startedAt: Date;
  completedAt: Date;
  durationMs: number;
  /**
   * Only for a run asked to defer its network calls: it called `fetch`, which was refused and
   * not made; what it did is void, and it is to run again where it may wait on the network.
   */
  deferred?: true;
}

/** The message a deferred run's fetch (and any call after it) fails with inside the isolate. */
const DEFERRED = 'deferred: this step waits on the network or a timer, so it runs again as a job of its own';

/** Resolves once `ms` have passed, or at once when the run ends (`signal`): its answer is then dropped. */
function timer(id: number, ms: number, signal: AbortSignal): Promise<HostResult> {
  return new Promise((resolve) => {
    const answer = (): void => {
      signal.removeEventListener('abort', answer);
      clearTimeout(handle);
      resolve({ id, ok: true });
    };
    const handle = setTimeout(answer, ms);
    signal.addEventListener('abort', answer);
  });
}

/**
 * Does an SDK call (a job API op) for the run, as its job's user; the value and the secret
 * plaintexts in it, which are masked in the run's logs and result. Rejects with the message the
 * script's promise rejects with.
 */
export type NativeApi = (op: string, params: Record<string, unknown>) => Promise<{ value: unknown; secrets: string[] }>;

/** Transpiled modules by content hash: a flow step runs the same code on every call. */
const PROGRAMS_KEPT = 500;

interface Answer {
  ok: boolean;
  r?: unknown;
  e: { name: string; message: string };
  logs: string[];
}

/** A job's error as every job stores it (`jobError` in jobs/job-row.ts, which this folder sits below). */
function jobError(name: string, message: string) {
  return { error: { name, message } };
}

/** One isolate thread and what it is doing. */
interface Lane {
  thread: SandboxThread;
  /** A run is on it. */
  busy: boolean;
  /** Its run waits for fetch calls: the thread blocks, but uses no CPU. */
  fetching: number;
  idleSince: number;
}

/**
 * Threads started beyond RUNNEL_NATIVE_THREADS while every thread is taken and some only wait on
 * the network (a thread serves one run at a time, fetch calls included); each stops once idle
 * for EXTRA_IDLE_MS.
 */
const MAX_EXTRA_THREADS = 8;
const EXTRA_IDLE_MS = 60_000;

export class NativeRunner {
  private readonly programs = new Map<string, { key: string; code: string }>();
  private readonly lanes: Lane[];
  /** Runs waiting for a free thread, first come first served. */
  private readonly waiting: Array<(lane: Lane) => void> = [];
  private disposed = false;
  private growing = false;

  private constructor(
    threads: SandboxThread[],
    private readonly limits: NativeLimits,
    private readonly fetcher: NativeFetch,
  ) {
    this.lanes = threads.map((thread) => ({ thread, busy: false, fetching: 0, idleSince: Date.now() }));
  }

  static async start(limits: NativeLimits, fetcher: NativeFetch): Promise<NativeRunner> {
    const threads = await Promise.all(Array.from({ length: limits.threads }, () => NativeRunner.thread(limits)));
    return new NativeRunner(threads, limits, fetcher);
  }

  private static thread(limits: NativeLimits): Promise<SandboxThread> {
    return SandboxThread.start(
      {
        timeoutMs: limits.timeoutMs,
        memoryBytes: limits.memoryBytes,
        stackBytes: STACK_BYTES,
        threadStackMb: THREAD_STACK_MB,
      },
      new URL('../isolate/native-worker.js', import.meta.url),
    );
  }

  dispose(): void {
    this.disposed = true;
    for (const lane of this.lanes) lane.thread.dispose();
  }

  /** How many threads run nativets code now (RUNNEL_NATIVE_THREADS, plus extra ones while runs wait on the network). */
  get threadCount(): number {
    return this.lanes.length;
  }

  /**
   * Runs `content`'s `main` with `args` (by `argOrder`, positionally), within `timeoutMs`, its
   * `fetch` calls held to `network`. The module stays loaded for the next runs of the same
   * `workspace` and content on that thread.
   */
  async run(
    workspace: string,
    content: string,
    args: Record<string, unknown>,
    argOrder: string[],
    timeoutMs: number,
    network: JobNetwork,
    api?: NativeApi,
    secrets: string[] = [],
    deferFetch = false,
  ): Promise<NativeOutcome> {
    const startedAt = new Date();
    const started = performance.now();
    const masker = new SecretMasker();
    masker.add(secrets);
    const done = (status: NativeOutcome['status'], result: unknown, logs: string[] = []): NativeOutcome => ({
      status,
      result: masker.maskValue(result),
      logs: masker.mask(logs.join('\n')),
      startedAt,
      completedAt: new Date(),
      durationMs: Math.round(performance.now() - started),
    });
    const limit = Math.min(timeoutMs, this.limits.timeoutMs);
    const program = this.program(content);
    const input: NativeInput = [
      `${workspace}\n${program.key}`,
      program.code,
      JSON.stringify([args, argOrder]),
      limit,
      this.limits.maxOutputBytes,
    ];
    const lane = await this.acquire(program.key);
    const deferral = { asked: deferFetch, happened: false };
    let reply: SandboxAnswer | { kind: 'killed' };
    try {
      // Past its limit the interrupt stops the code; a thread silent 1 s beyond is replaced.
      reply = await lane.thread.callAsync(
        JSON.stringify(input),
        limit + 1000,
        this.hostFor(network, lane, masker, api, deferral),
      );
    } finally {
      this.release(lane);
    }
    if (deferral.happened) return { ...done('failure', jobError('Error', DEFERRED)), deferred: true };
    switch (reply.kind) {
      case 'killed':
        return done('failure', jobError('Timeout', this.explain('timeout', limit)));
      case 'host-stack-overflow':
        return done('failure', jobError('StackOverflow', this.explain('stack', limit)));
      case 'raised':
        if (reply.interrupted) return done('failure', jobError('Timeout', this.explain('timeout', limit)));
        return done('failure', this.failure(reply.name, reply.message, limit));
      case 'answered':
        if (reply.tag === Tag.TooLarge)
          return done('failure', jobError('ResultTooLarge', this.explain('result', limit)));
        if (reply.tag === Tag.Pending) {
          return done('failure', jobError('Error', 'main returned a promise that never settled'));
        }
        if (reply.tag !== Tag.Ok) throw new Error(`the nativets thread answered with tag ${JSON.stringify(reply.tag)}`);
    }
    const answer = JSON.parse(reply.payload) as Answer;
    if (answer.ok) return done('success', answer.r ?? null, answer.logs);
    return done('failure', this.failure(answer.e.name, answer.e.message, limit), answer.logs);
  }

  /**
   * Serves one run's host calls: fetch and SDK calls with a budget of their own, and timers. Each
   * call runs from the batch that brings it until done; every answer holds the calls done by then
   * (at least one, unless none is left), so a timer never holds up a fetch nor the reverse. The
   * lane counts as waiting meanwhile. Secrets the SDK hands over go to `masker`. With
   * `deferral.asked`, the first batch holding a fetch call or a timer that waits is refused whole,
   * and every call after it: the run is deferred.
   */
  private hostFor(
    network: JobNetwork,
    lane: Lane,
    masker: SecretMasker,
    api: NativeApi | undefined,
    deferral: { asked: boolean; happened: boolean },
  ): HostServer {
    const budget = { bytesLeft: MAX_RUN_BYTES };
    const sdk = async ({ id, op, params }: Extract<HostRequest, { kind: 'api' }>): Promise<HostResult> => {
      if (!api) return { id, ok: false, message: `wmill: the SDK is not available to this run` };
      try {
        const { value, secrets } = await api(op, params);
        masker.add(secrets);
        return { id, ok: true, value };
      } catch (err) {
        return { id, ok: false, message: `wmill ${op}: ${(err as Error).message}` };
      }
    };
    const fetchOne = (request: FetchRequest, signal: AbortSignal): Promise<HostResult> =>
      this.fetcher
        .serve([request], network, budget, signal)
        .then(([result]) => result!)
        .catch((err: Error) => ({ id: request.id, ok: false, message: `fetch ${request.url}: ${err.message}` }));
    let inFlight = 0;
    let done: HostResult[] = [];
    let wake: (() => void) | undefined;
    const start = (request: HostRequest, signal: AbortSignal): void => {
      const result =
        request.kind === 'fetch'
          ? fetchOne(request, signal)
          : request.kind === 'api'
            ? sdk(request)
            : timer(request.id, request.ms, signal);
      inFlight += 1;
      void result.then((r) => {
        inFlight -= 1;
        done.push(r);
        wake?.();
      });
    };
    return async (call, signal) => {
      const requests = JSON.parse(call.requests) as HostRequest[];
      const waits = requests.some((r) => r.kind === 'fetch' || (r.kind === 'timer' && r.ms > 0));
      if (deferral.asked && (deferral.happened || waits)) {
        deferral.happened = true;
        return JSON.stringify(requests.map(({ id }): HostResult => ({ id, ok: false, message: DEFERRED })));
      }
      for (const request of requests) start(request, signal);
      if (done.length === 0 && inFlight > 0) {
        lane.fetching += 1;
        this.grow();
        try {
          await new Promise<void>((resolve) => (wake = resolve));
        } finally {
          wake = undefined;
          lane.fetching -= 1;
        }
      }
      // Whatever else is done by now goes along.
      await Promise.resolve();
      const answer = done;
      done = [];
      return JSON.stringify(answer);
    };
  }

  /** The error a run failed with; QuickJS's own limits by name. */
  private failure(name: string, message: string, limit: number) {
    if (name === 'InternalError' && message === 'out of memory') {
      return jobError('OutOfMemory', this.explain('memory', limit));
    }
    if (name === 'InternalError' && message === 'stack overflow') {
      return jobError('StackOverflow', this.explain('stack', limit));
    }
    if (name === 'InternalError' && message === 'interrupted')
      return jobError('Timeout', this.explain('timeout', limit));
    return jobError(name || 'Error', message);
  }

  private explain(reason: 'timeout' | 'memory' | 'stack' | 'result', limit: number): string {
    switch (reason) {
      case 'timeout':
        return `the script took longer than ${limit} ms and was stopped`;
      case 'memory':
        return `the script ran out of memory (limit ${this.limits.memoryBytes / MiB} MiB) and was stopped`;
      case 'stack':
        return 'the script recursed too deep (stack overflow)';
      case 'result':
        return `the script's result and console output are over ${this.limits.maxOutputBytes / MiB} MiB as JSON`;
    }
  }

  /**
   * A free thread: the one that has this module warm (chosen by its key) if it is free, else
   * any; when none is, the run waits its turn.
   */
  private acquire(key: string): Promise<Lane> {
    const lanes = this.lanes;
    const home = lanes[key.charCodeAt(0) % lanes.length]!;
    const lane = home.busy ? lanes.find((l) => !l.busy) : home;
    if (lane) {
      lane.busy = true;
      return Promise.resolve(lane);
    }
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.grow();
    });
  }

  /** Hands the thread to the next run waiting, or leaves it free. */
  private release(lane: Lane): void {
    const next = this.waiting.shift();
    if (next) return next(lane);
    lane.busy = false;
    lane.idleSince = Date.now();
    this.retireIdle();
  }

  /** Starts one more thread while runs wait and some thread only waits on the network. */
  private grow(): void {
    const max = this.limits.threads + MAX_EXTRA_THREADS;
    if (this.growing || this.disposed || this.waiting.length === 0 || this.lanes.length >= max) return;
    if (!this.lanes.some((lane) => lane.fetching > 0)) return;
    this.growing = true;
    NativeRunner.thread(this.limits).then(
      (thread) => {
        this.growing = false;
        if (this.disposed) return thread.dispose();
        const lane: Lane = { thread, busy: true, fetching: 0, idleSince: Date.now() };
        this.lanes.push(lane);
        this.release(lane);
        this.grow();
      },
      () => {
        this.growing = false;
      },
    );
  }

  /** Stops the extra threads idle for EXTRA_IDLE_MS. */
  private retireIdle(): void {
    const now = Date.now();
    for (let i = this.lanes.length - 1; i >= this.limits.threads; i--) {
      const lane = this.lanes[i]!;
      if (!lane.busy && now - lane.idleSince > EXTRA_IDLE_MS) {
        this.lanes.splice(i, 1);
        lane.thread.dispose();
      }
    }
  }

  private program(content: string): { key: string; code: string } {
    const key = createHash('sha256').update(content).digest('base64');
    let program = this.programs.get(key);
    if (program === undefined) {
      program = { key, code: transpileNative(content) };
      if (this.programs.size >= PROGRAMS_KEPT) this.programs.delete(this.programs.keys().next().value!);
      this.programs.set(key, program);
    }
    return program;
  }
}
