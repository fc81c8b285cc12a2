/**
 * Runs `nativets` scripts: TypeScript whose `main` runs in QuickJS, in the server, on threads
 * of its own (docs/adr/0048; the thread is server/src/isolate/native-worker.ts). WebAssembly
 * memory apart from the server's, a wall-time limit, a memory limit and a stack limit, and no
 * host function at all: no file system, no process, no network, no timers; values cross as
 * JSON only. Console output comes back with the result, so a failed run still shows what it
 * printed. A module stays loaded for the next runs of the same workspace and code on its thread.
 */
import { createHash } from 'node:crypto';
import { transpileNative } from '@runnel/runtimes/nativets/transpile';
import type { NativeInput } from '../isolate/native-worker.js';
import { Tag } from '../isolate/sandbox-program.js';
import type { SandboxAnswer } from '../isolate/sandbox-protocol.js';
import { SandboxThread } from '../isolate/sandbox-thread.js';

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
}

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

export class NativeRunner {
  private readonly programs = new Map<string, { key: string; code: string }>();
  private readonly busy: number[];

  private constructor(
    private readonly threads: SandboxThread[],
    private readonly limits: NativeLimits,
  ) {
    this.busy = threads.map(() => 0);
  }

  static async start(limits: NativeLimits): Promise<NativeRunner> {
    const threads = await Promise.all(
      Array.from({ length: limits.threads }, () =>
        SandboxThread.start(
          {
            timeoutMs: limits.timeoutMs,
            memoryBytes: limits.memoryBytes,
            stackBytes: STACK_BYTES,
            threadStackMb: THREAD_STACK_MB,
          },
          new URL('../isolate/native-worker.js', import.meta.url),
        ),
      ),
    );
    return new NativeRunner(threads, limits);
  }

  dispose(): void {
    for (const thread of this.threads) thread.dispose();
  }

  /**
   * Runs `content`'s `main` with `args` (by `argOrder`, positionally), within `timeoutMs`. The
   * module stays loaded for the next runs of the same `workspace` and content on that thread.
   */
  async run(
    workspace: string,
    content: string,
    args: Record<string, unknown>,
    argOrder: string[],
    timeoutMs: number,
  ): Promise<NativeOutcome> {
    const startedAt = new Date();
    const started = performance.now();
    const done = (status: NativeOutcome['status'], result: unknown, logs: string[] = []): NativeOutcome => ({
      status,
      result,
      logs: logs.join('\n'),
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
    const slot = this.slotFor(program.key);
    this.busy[slot]! += 1;
    let reply: SandboxAnswer | { kind: 'killed' };
    try {
      // Past its limit the interrupt stops the code; a thread silent 1 s beyond is replaced.
      reply = await this.threads[slot]!.callAsync(JSON.stringify(input), limit + 1000);
    } finally {
      this.busy[slot]! -= 1;
    }
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

  /** The thread that has this module warm (chosen by its key), unless it is busy and another is not. */
  private slotFor(key: string): number {
    const home = key.charCodeAt(0) % this.threads.length;
    if (this.busy[home] === 0) return home;
    let best = home;
    for (let i = 0; i < this.busy.length; i++) if (this.busy[i]! < this.busy[best]!) best = i;
    return best;
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
