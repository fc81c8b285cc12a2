/**
 * Runs one evaluation in a fresh QuickJS runtime and context (inside the sandbox worker).
 *
 * A fresh runtime per evaluation costs no more than a fresh context in a shared runtime (about
 * 150 µs either way, most of it building the builtins), and it leaves nothing behind: no
 * globals or patched prototypes, no pending promise jobs, no garbage counting against the next
 * evaluation's memory, no symbol registry entries.
 */
import type { Intrinsics, QuickJSContext, QuickJSHandle, QuickJSWASMModule } from 'quickjs-emscripten-core';

import type { SandboxAnswer } from './sandbox-protocol.js';
import { INPUT_GLOBAL, PROGRAM, SETTLE_PROGRAM, Tag } from './sandbox-program.js';

export interface RunLimits {
  timeoutMs: number;
  memoryBytes: number;
  stackBytes: number;
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

export function runInFreshRuntime(module: QuickJSWASMModule, input: string, limits: RunLimits): SandboxAnswer {
  const runtime = module.newRuntime();
  let context: QuickJSContext | undefined;
  let abandoned = false;
  try {
    runtime.setMaxStackSize(limits.stackBytes);
    const ctx = (context = runtime.newContext({ intrinsics: INTRINSICS }));
    ctx.newString(input).consume((handle) => ctx.setProp(ctx.global, INPUT_GLOBAL, handle));

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
    const run = (code: string): SandboxAnswer => {
      const result = limited(() => ctx.evalCode(code, 'expression.js', { type: 'global' }));
      if (result.error) return raised(ctx, result.error, interrupted);
      return result.value.consume((value) => {
        if (ctx.typeof(value) !== 'string') throw new Error('The expression program returned a non-string');
        const answer = ctx.getString(value);
        return { kind: 'answered', tag: answer.slice(0, 1), payload: answer.slice(1) };
      });
    };

    const answer = run(PROGRAM);
    if (answer.kind !== 'answered' || answer.tag !== Tag.Pending) return answer;
    const jobs = limited(() => runtime.executePendingJobs());
    // The program's promise handlers catch everything catchable, so this is the interrupt or memory.
    if (jobs.error) return raised(ctx, jobs.error, interrupted);
    return run(SETTLE_PROGRAM);
  } catch (error) {
    if (!(error instanceof RangeError && error.message.includes('Maximum call stack size exceeded'))) throw error;
    // The thread's stack ran out inside WebAssembly. The runtime is mid-call, and disposing
    // it would abort the whole module (QuickJS asserts its object list is empty), so it is
    // left alone; the caller replaces this worker.
    abandoned = true;
    return { kind: 'host-stack-overflow' };
  } finally {
    if (!abandoned) {
      context?.dispose();
      runtime.dispose();
    }
  }
}

/** Takes ownership of `error`. Only QuickJS's own errors get here, whose name and message are plain data. */
function raised(ctx: QuickJSContext, error: QuickJSHandle, interrupted: boolean): SandboxAnswer {
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
