/**
 * Prepares QuickJS runtimes and runs one evaluation in each (inside the sandbox worker).
 *
 * A runtime is used for one evaluation and disposed. That leaves nothing behind (no globals or
 * patched prototypes, no pending promise jobs, no garbage counting against the next
 * evaluation's memory, no symbol registry entries) and costs no more than a fresh context in
 * a shared runtime. Preparing one (runtime, context, compiled PROGRAM) takes about 400 µs,
 * which the worker does while idle, so a request only pays for the expression itself.
 */
import type {
  Intrinsics,
  QuickJSContext,
  QuickJSHandle,
  QuickJSRuntime,
  QuickJSWASMModule,
} from 'quickjs-emscripten-core';

import type { SandboxAnswer } from './sandbox-protocol.js';
import { PROGRAM, SETTLE_PROGRAM, Tag } from './sandbox-program.js';

export interface RunLimits {
  timeoutMs: number;
  memoryBytes: number;
  stackBytes: number;
}

/** A runtime no expression has run in yet. */
export interface PreparedRuntime {
  runtime: QuickJSRuntime;
  context: QuickJSContext;
  /** PROGRAM's function */
  run: QuickJSHandle;
}

/** TypedArrays and Proxy cost about 80 µs per context, and expressions have no use for them. */
const INTRINSICS: Intrinsics = {
  BaseObjects: true,
  Date: true,
  Eval: true, // the Function constructor, with which the program compiles the expression
  StringNormalize: true,
  RegExp: true,
  JSON: true,
  MapSet: true,
  Promise: true,
};

export function prepareRuntime(module: QuickJSWASMModule, stackBytes: number): PreparedRuntime {
  const runtime = module.newRuntime();
  try {
    runtime.setMaxStackSize(stackBytes);
    const context = runtime.newContext({ intrinsics: INTRINSICS });
    const compiled = context.evalCode(PROGRAM, 'runnel-expression.js', { type: 'global' });
    if (compiled.error) {
      const failure = raised(context, compiled.error, false);
      context.dispose();
      throw new Error(`The expression program failed to compile: ${JSON.stringify(failure)}`);
    }
    return { runtime, context, run: compiled.value };
  } catch (error) {
    runtime.dispose();
    throw error;
  }
}

/**
 * Runs one evaluation in `prepared`. The caller disposes it afterwards, except after a
 * `host-stack-overflow` answer: then the runtime is mid-call, and disposing it would abort the
 * whole module (QuickJS asserts its object list is empty), so it is left alone and the caller
 * replaces this worker.
 */
export function runOnce(prepared: PreparedRuntime, input: string, limits: RunLimits): SandboxAnswer {
  const { runtime, context: ctx, run: program } = prepared;
  try {
    let interrupted = false;
    const deadline = performance.now() + limits.timeoutMs;
    runtime.setInterruptHandler(() => (interrupted ||= performance.now() > deadline));

    // QuickJS refuses any single allocation above this (the WebAssembly memory cap does the
    // rest, see quickjs-module.ts). It is lifted while the host reads strings back, since
    // that allocates too and the limit is for the expression, not for us.
    const limited = <T>(work: () => T): T => {
      runtime.setMemoryLimit(limits.memoryBytes);
      try {
        return work();
      } finally {
        runtime.setMemoryLimit(-1);
      }
    };
    const answer = (result: ReturnType<QuickJSContext['evalCode']>): SandboxAnswer => {
      if (result.error) return raised(ctx, result.error, interrupted);
      return result.value.consume((value) => {
        if (ctx.typeof(value) !== 'string') throw new Error('The expression program returned a non-string');
        const tagged = ctx.getString(value);
        return { kind: 'answered', tag: tagged.slice(0, 1), payload: tagged.slice(1) };
      });
    };

    const first = answer(
      limited(() => ctx.newString(input).consume((json) => ctx.callFunction(program, ctx.undefined, json))),
    );
    if (first.kind !== 'answered' || first.tag !== Tag.Pending) return first;
    const jobs = limited(() => runtime.executePendingJobs());
    // The program's promise handlers catch everything catchable, so this is the interrupt or memory.
    if (jobs.error) return raised(ctx, jobs.error, interrupted);
    // An interrupt inside an async function rejects its promise instead of surfacing here.
    if (interrupted) return { kind: 'raised', name: 'InternalError', message: 'interrupted', interrupted };
    return answer(limited(() => ctx.evalCode(SETTLE_PROGRAM, 'runnel-settle.js', { type: 'global' })));
  } catch (error) {
    if (!(error instanceof RangeError && error.message.includes('Maximum call stack size exceeded'))) throw error;
    return { kind: 'host-stack-overflow' };
  }
}

export function disposePrepared({ runtime, context, run }: PreparedRuntime): void {
  run.dispose();
  context.dispose();
  runtime.dispose();
}

/** Takes ownership of `error`. Only QuickJS's own errors get here, whose name and message are plain data. */
export function raised(ctx: QuickJSContext, error: QuickJSHandle, interrupted: boolean): SandboxAnswer {
  return error.consume((e) => {
    const read = (key: string): string =>
      ctx.getProp(e, key).consume((h) => (ctx.typeof(h) === 'string' ? ctx.getString(h) : ''));
    const isObject = ctx.typeof(e) === 'object' && !ctx.eq(e, ctx.null);
    return {
      kind: 'raised',
      name: isObject ? read('name') : '',
      message: isObject ? read('message') : ctx.typeof(e),
      interrupted,
    };
  });
}
