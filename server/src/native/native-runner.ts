/**
 * Runs `nativets` scripts: TypeScript whose `main` runs in QuickJS, in the server, on threads
 * of its own (docs/adr/0048). The code is the expression sandbox's (server/src/isolate/):
 * a fresh QuickJS runtime per run, in WebAssembly memory apart from the server's, with a wall-time
 * limit, a memory limit and a stack limit, and no host function at all: no file system, no
 * process, no network, no timers; values cross as JSON only. Console output is kept in the
 * isolate and comes back with the result, so a failed run still shows what it printed.
 */
import { createHash } from 'node:crypto';
import { transpileNative } from '@runnel/runtimes/nativets/transpile';
import { createAsyncEvaluator, ExpressionError, type AsyncEvaluator } from '../isolate/evaluator.js';

const MiB = 1024 * 1024;

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

/** Transpiled programs by content hash: a flow step runs the same code on every call. */
const PROGRAMS_KEPT = 500;

export class NativeRunner {
  private readonly programs = new Map<string, string>();
  private readonly busy: number[];

  private constructor(
    private readonly evaluators: AsyncEvaluator[],
    private readonly limits: NativeLimits,
  ) {
    this.busy = evaluators.map(() => 0);
  }

  static async start(limits: NativeLimits): Promise<NativeRunner> {
    const evaluators = await Promise.all(
      Array.from({ length: limits.threads }, () =>
        createAsyncEvaluator({
          timeoutMs: limits.timeoutMs,
          memoryBytes: limits.memoryBytes,
          maxResultBytes: limits.maxOutputBytes,
        }),
      ),
    );
    return new NativeRunner(evaluators, limits);
  }

  dispose(): void {
    for (const evaluator of this.evaluators) evaluator.dispose();
  }

  /** Runs `content`'s `main` with `args` (by `argOrder`, positionally), within `timeoutMs`. */
  async run(
    content: string,
    args: Record<string, unknown>,
    argOrder: string[],
    timeoutMs: number,
  ): Promise<NativeOutcome> {
    const startedAt = new Date();
    const started = performance.now();
    const done = (status: NativeOutcome['status'], result: unknown, logs: string): NativeOutcome => ({
      status,
      result,
      logs,
      startedAt,
      completedAt: new Date(),
      durationMs: Math.round(performance.now() - started),
    });
    let program: string;
    try {
      program = this.program(content);
    } catch (err) {
      return done('failure', jobError('SyntaxError', (err as Error).message), '');
    }
    const slot = this.leastBusy();
    this.busy[slot]! += 1;
    try {
      const limit = Math.min(timeoutMs, this.limits.timeoutMs);
      const answer = (await this.evaluators[slot]!.evaluate(
        program,
        { __runnel_args: argOrder.map((name) => args[name]) },
        limit,
      )) as Answer;
      const logs = answer.logs.join('\n');
      if (answer.ok) return done('success', answer.r ?? null, logs);
      const { name, message } = answer.e;
      // QuickJS's own limits, caught by the script's promise like any error.
      if (name === 'InternalError' && message === 'out of memory') {
        return done('failure', jobError('OutOfMemory', this.explain('memory', timeoutMs)), logs);
      }
      if (name === 'InternalError' && message === 'stack overflow') {
        return done('failure', jobError('StackOverflow', this.explain('stack', timeoutMs)), logs);
      }
      return done('failure', jobError(name || 'Error', message), logs);
    } catch (err) {
      if (!(err instanceof ExpressionError)) throw err;
      return done('failure', jobError(REASONS[err.reason], this.explain(err.reason, timeoutMs, err.message)), '');
    } finally {
      this.busy[slot]! -= 1;
    }
  }

  private explain(reason: ExpressionError['reason'], timeoutMs: number, message = ''): string {
    const limit = Math.min(timeoutMs, this.limits.timeoutMs);
    switch (reason) {
      case 'timeout':
        return `the script took longer than ${limit} ms and was stopped`;
      case 'memory':
        return `the script ran out of memory (limit ${this.limits.memoryBytes / MiB} MiB) and was stopped`;
      case 'stack':
        return 'the script recursed too deep (stack overflow)';
      case 'result':
        return `the script's result and console output are over ${this.limits.maxOutputBytes / MiB} MiB as JSON`;
      default:
        // The expression's own text would be the whole program: only the reason is worth showing.
        return message.replace(/^expression `[\s\S]*?` (failed: |is not valid JavaScript: )/, '');
    }
  }

  private leastBusy(): number {
    let best = 0;
    for (let i = 1; i < this.busy.length; i++) if (this.busy[i]! < this.busy[best]!) best = i;
    return best;
  }

  private program(content: string): string {
    const key = createHash('sha256').update(content).digest('base64');
    let program = this.programs.get(key);
    if (program === undefined) {
      program = wrap(transpileNative(content));
      if (this.programs.size >= PROGRAMS_KEPT) this.programs.delete(this.programs.keys().next().value!);
      this.programs.set(key, program);
    }
    return program;
  }
}

/** A job's error as every job stores it (`jobError` in jobs/job-row.ts, which this folder sits below). */
function jobError(name: string, message: string) {
  return { error: { name, message } };
}

interface Answer {
  ok: boolean;
  r?: unknown;
  e: { name: string; message: string };
  logs: string[];
}

const REASONS: Record<ExpressionError['reason'], string> = {
  syntax: 'SyntaxError',
  thrown: 'Error',
  timeout: 'Timeout',
  memory: 'OutOfMemory',
  stack: 'StackOverflow',
  result: 'ResultTooLarge',
};

/**
 * The function body the isolate runs around the transpiled module: a console that keeps lines
 * (bounded), `exports` and `module`, `main` called with the arguments in order, and the
 * outcome (value or error, with the lines) as one object. A `main` that is declared but not
 * exported is taken too, as Bun would not (Windmill's nativets accepts it).
 */
function wrap(code: string): string {
  return `
const __lines = [];
let __chars = 0;
const __show = (v) => {
  if (typeof v === 'string') return v;
  try { const j = JSON.stringify(v); return j === undefined ? String(v) : j; } catch (_) { return String(v); }
};
const __print = (...values) => {
  if (__chars > ${MiB}) return;
  const line = values.map(__show).join(' ');
  __chars += line.length + 1;
  __lines.push(__chars > ${MiB} ? '(console output over 1 MiB: the rest is dropped)' : line);
};
const __describe = (e) => {
  if (e instanceof Error) return { name: String(e.name), message: String(e.message) };
  return { name: '', message: typeof e === 'string' ? e : __show(e) };
};
const console = { log: __print, info: __print, warn: __print, error: __print, debug: __print, trace: __print };
try {
  const module = { exports: {} };
  (function (exports, module, console) {
${code}
;if (typeof main === 'function' && typeof exports.main !== 'function') exports.main = main;
  })(module.exports, module, console);
  const __main = module.exports.main;
  if (typeof __main !== 'function') throw new Error('the script has no function main');
  const __r = __main(...__runnel_args);
  // A promise is awaited (the sandbox runs its jobs); a plain value needs no round of them.
  if (!(__r instanceof Promise)) return { ok: true, r: __r, logs: __lines };
  return __r.then(
    (r) => ({ ok: true, r, logs: __lines }),
    (e) => ({ ok: false, e: __describe(e), logs: __lines }),
  );
} catch (e) {
  return { ok: false, e: __describe(e), logs: __lines };
}`;
}
