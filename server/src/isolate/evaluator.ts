/**
 * The expression sandbox: flow input transforms, `skip_if`, `stop_after_if`, branch
 * predicates and loop iterators are JavaScript, evaluated in QuickJS compiled to WebAssembly,
 * with a wall-time limit, a memory limit and a stack limit.
 *
 * Each evaluator owns a worker thread (sandbox-worker.ts) holding the QuickJS module; each
 * evaluation gets a fresh QuickJS runtime there (sandbox-runner.ts), so no evaluation sees
 * another's globals or leftovers. `evaluate` is synchronous: it blocks on the worker's answer.
 *
 * Values cross the boundary as JSON only: the scope goes in as one JSON string, the result
 * comes out as one. No host function is exposed, so there is no `require`, `process`,
 * `fetch`, module loader or timer; `Date.now()` and `Math.random()` work.
 *
 * Results follow `JSON.stringify`: `undefined` stays `undefined`, Dates become ISO strings,
 * NaN and Infinity become null, functions and symbols inside objects are dropped. A result
 * that is itself a function or a symbol is an error (almost always a mistake, like `x => x * 2`
 * where `[1, 2].map(x => x * 2)` was meant). A returned Promise is awaited within the same time
 * limit, so `import('fs')` fails with QuickJS's "could not load module" error.
 */
import type { SandboxAnswer } from './sandbox-protocol.js';
import { Tag, type SandboxInput } from './sandbox-program.js';
import { SandboxThread } from './sandbox-thread.js';

const KiB = 1024;
const MiB = 1024 * KiB;

export interface ExpressionLimits {
  /** Wall time per evaluation in ms, including awaiting a returned Promise. Default 100. */
  timeoutMs?: number;
  /** Memory for the expression's values, scope included, in bytes. At least 1 MiB. Default 32 MiB. */
  memoryBytes?: number;
  /** Largest JSON result in bytes (UTF-8). Default 1 MiB. */
  maxResultBytes?: number;
}

export const DEFAULT_EXPRESSION_LIMITS: Readonly<Required<ExpressionLimits>> = Object.freeze({
  timeoutMs: 100,
  memoryBytes: 32 * MiB,
  maxResultBytes: MiB,
});

/** Why an expression failed. All are the flow author's to fix; none is worth a retry. */
export type ExpressionFailure =
  | 'syntax' // not valid JavaScript
  | 'thrown' // the expression threw (TypeError, ReferenceError, its own throw …)
  | 'timeout' // over timeoutMs
  | 'memory' // over memoryBytes
  | 'stack' // recursion too deep
  | 'result'; // a function, a symbol, too large, or a Promise that never settles

export class ExpressionError extends Error {
  override readonly name = 'ExpressionError';

  constructor(
    /** The expression as written (the message shortens long ones). */
    readonly expr: string,
    readonly reason: ExpressionFailure,
    message: string,
  ) {
    super(message);
  }
}

export interface Evaluator {
  /**
   * Evaluates `expr` with every key of `scope` as a global and returns the result as JSON
   * would carry it; throws {@link ExpressionError} when the expression fails. The scope is
   * sent as JSON (`JSON.stringify`'s rules apply; a BigInt or a cycle in it throws a
   * TypeError, which is the caller's bug). Works unbound (`{ evaluate: evaluator.evaluate }`).
   */
  evaluate(expr: string, scope: Record<string, unknown>): unknown;
  /** Stops the worker; further evaluations throw. */
  dispose(): void;
}

/**
 * QuickJS's stack limit. QuickJS measures its stack in WebAssembly linear memory, but the
 * WebAssembly frames also use the thread's native stack, up to about 25 times as much (on
 * the parser's paths, e.g. `eval('('.repeat(1e5))`; plain recursion uses less). With 192 KiB
 * the worst path needs under 5 MB of the worker's 8 MB, and user functions can recurse about
 * 1,000 deep. Too high a limit overflows the thread's stack instead of throwing in QuickJS.
 */
const STACK_BYTES = 192 * KiB;
const THREAD_STACK_MB = 8;

/**
 * The interrupt handler stops most runaway expressions at timeoutMs; the worker is replaced
 * when it has not answered after twice that (at least timeoutMs + 100), which only happens to
 * loops whose body is one slow builtin. The margin keeps a busy machine from killing a worker
 * that was about to answer.
 */
const hardTimeoutMs = (timeoutMs: number) => timeoutMs + Math.max(100, timeoutMs);

const MAX_SHOWN_CHARS = 200;

export async function createEvaluator(limits: ExpressionLimits = {}): Promise<Evaluator> {
  const checked = validLimits(limits);
  const { timeoutMs, memoryBytes } = checked;
  const thread = await SandboxThread.start({
    timeoutMs,
    memoryBytes,
    stackBytes: STACK_BYTES,
    threadStackMb: THREAD_STACK_MB,
  });

  let disposed = false;
  const evaluate = (expr: string, scope: Record<string, unknown>): unknown => {
    if (disposed) throw new Error('This expression evaluator has been disposed');
    const direct = lookUp(expr, scope, checked.maxResultBytes);
    if (direct !== NOT_A_PATH) return direct;
    const input = sandboxInput(expr, scope, checked);
    return decode(expr, thread.call(input, hardTimeoutMs(timeoutMs)), checked);
  };

  const dispose = (): void => {
    disposed = true;
    thread.dispose();
  };
  return { evaluate, dispose };
}

const NOT_A_PATH = Symbol('not a path');
/** `flow_input.x`, `results.a.b`: a name of the scope and property names, nothing else. */
const PATH = /^\s*([A-Za-z_$][\w$]*)((?:\s*\.\s*[A-Za-z_$][\w$]*)*)\s*;?\s*$/;

/**
 * The commonest expression by far, a plain property path (`flow_input.x`, `results.step_a`),
 * read without the sandbox: a round trip to its thread costs the caller far more than the
 * reading. Only where the answer is certainly the sandbox's: every name an own property of a
 * plain object or array taken from JSON, the value JSON-representable and within the result
 * limit; anything else (a missing property, a builtin like `length`, `null.x`) goes to the
 * sandbox, which gives its usual value or error. The value is a copy, as the sandbox's is.
 */
function lookUp(expr: string, scope: Record<string, unknown>, maxResultBytes: number): unknown {
  if (expr.length > 500) return NOT_A_PATH;
  const match = PATH.exec(expr);
  if (!match) return NOT_A_PATH;
  const names = [
    match[1]!,
    ...match[2]!
      .split('.')
      .slice(1)
      .map((name) => name.trim()),
  ];
  let value: unknown = scope;
  for (const name of names) {
    if (value === null || typeof value !== 'object') return NOT_A_PATH;
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== Array.prototype && proto !== null) return NOT_A_PATH;
    if (!Object.prototype.hasOwnProperty.call(value, name)) return NOT_A_PATH;
    value = (value as Record<string, unknown>)[name];
  }
  if (value === undefined) return undefined;
  if (value === null || typeof value === 'boolean' || typeof value === 'number') {
    return typeof value === 'number' && !Number.isFinite(value) ? NOT_A_PATH : value;
  }
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    return NOT_A_PATH;
  }
  if (json === undefined || Buffer.byteLength(json) > maxResultBytes) return NOT_A_PATH;
  return JSON.parse(json);
}

/** The evaluation's input as the sandbox program reads it, refused when it could not fit in memory. */
function sandboxInput(expr: string, scope: Record<string, unknown>, limits: Required<ExpressionLimits>): string {
  const trimmed = trimTrailingSemicolons(expr);
  if (trimmed === '')
    throw new ExpressionError(expr, 'syntax', `${subject(expr)} is not valid JavaScript: it is empty`);
  const input = JSON.stringify([
    expr,
    trimmed,
    scope,
    undefinedKeys(scope),
    limits.maxResultBytes,
  ] satisfies SandboxInput);
  // quickjs-emscripten copies the input into WebAssembly memory without checking that
  // malloc succeeded, and parsed objects take several times their JSON's size; refusing
  // here keeps that copy well within the memory cap.
  const inputBytes = Buffer.byteLength(input);
  if (inputBytes > limits.memoryBytes / 4) {
    throw new ExpressionError(
      expr,
      'memory',
      `${subject(expr)} ran out of memory (limit ${bytes(limits.memoryBytes)}): its scope alone is ${bytes(inputBytes)} of JSON`,
    );
  }
  return input;
}

function decode(expr: string, answer: SandboxAnswer | { kind: 'killed' }, limits: Required<ExpressionLimits>): unknown {
  switch (answer.kind) {
    case 'killed':
      throw timedOut(expr, limits.timeoutMs);
    case 'host-stack-overflow':
      throw new ExpressionError(expr, 'stack', `${subject(expr)} failed: InternalError: stack overflow`);
    case 'raised':
      if (answer.interrupted) throw timedOut(expr, limits.timeoutMs);
      throw thrown(expr, answer.name, answer.message, limits.memoryBytes);
    case 'answered':
      return decodeTagged(expr, answer.tag, answer.payload, limits);
  }
}

function decodeTagged(expr: string, tag: string, payload: string, limits: Required<ExpressionLimits>): unknown {
  const tooLarge = () =>
    new ExpressionError(
      expr,
      'result',
      `${subject(expr)} returned a result larger than ${bytes(limits.maxResultBytes)} as JSON`,
    );
  switch (tag) {
    case Tag.Ok:
      if (Buffer.byteLength(payload) > limits.maxResultBytes) throw tooLarge();
      return JSON.parse(payload);
    case Tag.Undefined:
      return undefined;
    case Tag.TooLarge:
      throw tooLarge();
    case Tag.Function:
      throw new ExpressionError(expr, 'result', `${subject(expr)} returned a function, which is not a JSON value`);
    case Tag.Symbol:
      throw new ExpressionError(expr, 'result', `${subject(expr)} returned a symbol, which is not a JSON value`);
    case Tag.Pending:
      throw new ExpressionError(expr, 'result', `${subject(expr)} returned a Promise that never settled`);
    case Tag.Syntax: {
      const [, message] = JSON.parse(payload) as [string, string];
      throw new ExpressionError(expr, 'syntax', `${subject(expr)} is not valid JavaScript: ${message}`);
    }
    case Tag.Thrown: {
      const [name, message] = JSON.parse(payload) as [string, string];
      throw thrown(expr, name, message, limits.memoryBytes);
    }
    default:
      throw new Error(`The expression sandbox answered with an unknown tag ${JSON.stringify(tag)}`);
  }
}

function timedOut(expr: string, timeoutMs: number): ExpressionError {
  return new ExpressionError(expr, 'timeout', `${subject(expr)} took longer than ${timeoutMs} ms`);
}

function thrown(expr: string, name: string, message: string, memoryBytes: number): ExpressionError {
  if (name === 'InternalError' && message === 'out of memory') {
    return new ExpressionError(expr, 'memory', `${subject(expr)} ran out of memory (limit ${bytes(memoryBytes)})`);
  }
  const reason = name === 'InternalError' && message === 'stack overflow' ? 'stack' : 'thrown';
  return new ExpressionError(expr, reason, `${subject(expr)} failed: ${name ? `${name}: ` : ''}${message}`);
}

/** "expression `…`", long expressions cut to their first 200 characters. */
function subject(expr: string): string {
  if (expr.length <= MAX_SHOWN_CHARS) return `expression \`${expr}\``;
  let end = MAX_SHOWN_CHARS;
  // Do not cut a surrogate pair in half.
  if (/[\uD800-\uDBFF]/.test(expr.charAt(end - 1))) end -= 1;
  return `expression \`${expr.slice(0, end)}…\``;
}

function bytes(n: number): string {
  if (n >= MiB) return `${+(n / MiB).toFixed(2)} MiB`;
  if (n >= KiB) return `${+(n / KiB).toFixed(2)} KiB`;
  return `${n} bytes`;
}

/** A linear scan: a regular expression like /[\s;]+$/ is quadratic on long runs of blanks. */
function trimTrailingSemicolons(expr: string): string {
  let end = expr.length;
  while (end > 0 && /[\s;]/.test(expr.charAt(end - 1))) end -= 1;
  return expr.slice(0, end);
}

function undefinedKeys(scope: Record<string, unknown>): string[] {
  return Object.keys(scope).filter((key) => scope[key] === undefined);
}

function validLimits(limits: ExpressionLimits): Required<ExpressionLimits> {
  const merged = { ...DEFAULT_EXPRESSION_LIMITS };
  for (const key of Object.keys(merged) as (keyof ExpressionLimits)[]) {
    const value = limits[key];
    if (value !== undefined) merged[key] = value;
  }
  if (!(Number.isFinite(merged.timeoutMs) && merged.timeoutMs > 0)) {
    throw new RangeError(`timeoutMs must be a positive number of milliseconds, got ${merged.timeoutMs}`);
  }
  if (!(Number.isSafeInteger(merged.memoryBytes) && merged.memoryBytes >= MiB)) {
    throw new RangeError(`memoryBytes must be a whole number of bytes, at least 1 MiB, got ${merged.memoryBytes}`);
  }
  if (!(Number.isSafeInteger(merged.maxResultBytes) && merged.maxResultBytes > 0)) {
    throw new RangeError(`maxResultBytes must be a positive whole number of bytes, got ${merged.maxResultBytes}`);
  }
  return merged;
}
