/**
 * The sandbox worker: one per evaluator, evaluating one expression at a time.
 *
 * Expressions run on this thread rather than the caller's so that the caller can always stop
 * them. QuickJS's interrupt handler is polled every 10,000 backward jumps or calls, so a
 * loop whose body is one slow builtin (`while (true) bigArray.indexOf(x)`) goes minutes
 * between polls; the evaluator then terminates this worker and starts another. The thread
 * also gives QuickJS a native stack of its own (see STACK_BYTES in evaluator.ts).
 *
 * The worker serves requests in a blocking loop (see sandbox-protocol.ts for why). While no
 * request is waiting it prepares runtimes, so that a request only pays for its expression.
 */
import { receiveMessageOnPort, workerData } from 'node:worker_threads';

import type { QuickJSWASMModule } from 'quickjs-emscripten-core';

import { loadQuickJS } from './quickjs-module.js';
import type { SandboxInput } from './sandbox-program.js';
import { Ready, Slot, type SandboxWorkerData, type WorkerReply } from './sandbox-protocol.js';
import { disposePrepared, prepareRuntime, runOnce, type PreparedRuntime } from './sandbox-runner.js';

/**
 * Runtimes prepared ahead: a flow step evaluates a few expressions in a row (its input
 * transforms), and each finds one ready. About 250 KiB each, out of the memory cap.
 */
const POOL_SIZE = 4;
/** After a reply, preparing waits this long for the next request of a burst, so as not to delay it. */
const REFILL_DELAY_MS = 2;

const { control, port, ...limits } = workerData as SandboxWorkerData;

const signal = (slot: number, value: number): void => {
  Atomics.store(control, slot, value);
  Atomics.notify(control, slot);
};
const describe = (error: unknown): string => (error instanceof Error ? (error.stack ?? error.message) : String(error));

class RuntimePool {
  private readonly ready: PreparedRuntime[] = [];

  constructor(private readonly module: QuickJSWASMModule) {}

  get full(): boolean {
    return this.ready.length >= POOL_SIZE;
  }

  take(): PreparedRuntime {
    return this.ready.pop() ?? prepareRuntime(this.module, limits.stackBytes);
  }

  prepareOne(): void {
    this.ready.push(prepareRuntime(this.module, limits.stackBytes));
  }
}

function evaluate(pool: RuntimePool, input: string): void {
  let reply: WorkerReply;
  let used: PreparedRuntime | undefined;
  try {
    used = pool.take();
    reply = runOnce(used, input, limits);
  } catch (error) {
    reply = { kind: 'crashed', error: describe(error) };
  }
  port.postMessage(reply);
  signal(Slot.Answered, 1);
  // Disposing frees the runtime's memory for the next evaluation; done after the reply, it
  // overlaps with the caller's work. After a host stack overflow the runtime is mid-call, and
  // after a crash its state is unknown: it is not touched, and this worker is about to be
  // terminated anyway.
  if (used && (reply.kind === 'answered' || reply.kind === 'raised')) disposePrepared(used);
}

function serve(pool: RuntimePool): never {
  let idleWait = 0;
  for (;;) {
    const timeout = pool.full ? Infinity : idleWait;
    if (Atomics.wait(control, Slot.Request, 0, timeout) === 'timed-out') {
      pool.prepareOne();
      idleWait = 0;
      continue;
    }
    Atomics.store(control, Slot.Request, 0);
    const received = receiveMessageOnPort(port);
    if (received) evaluate(pool, received.message as string);
    idleWait = REFILL_DELAY_MS;
  }
}

/**
 * V8 compiles WebAssembly functions on their first call; the first evaluation would spend tens
 * of milliseconds of its time limit on that (more on a busy machine). These take the usual
 * paths: an expression, a function body, a throw, a Promise.
 */
function warmUp(module: QuickJSWASMModule): void {
  const exprs = [
    'results.a.map((x) => x + 1)',
    'const y = { n: results.a.length }; return `${y.n}`',
    'null.x',
    'Promise.resolve(1)',
  ];
  for (const expr of exprs) {
    const input: SandboxInput = [expr, expr, { results: { a: [1, 2] } }, [], 1024];
    const runtime = prepareRuntime(module, limits.stackBytes);
    const answer = runOnce(runtime, JSON.stringify(input), limits);
    disposePrepared(runtime);
    if (answer.kind !== 'answered') throw new Error(`Warming up on ${expr} gave ${JSON.stringify(answer)}`);
  }
}

let pool: RuntimePool;
try {
  const module = await loadQuickJS(limits.memoryBytes);
  warmUp(module);
  pool = new RuntimePool(module);
  signal(Slot.Ready, Ready.Ok);
} catch (error) {
  port.postMessage({ kind: 'crashed', error: describe(error) } satisfies WorkerReply);
  signal(Slot.Ready, Ready.Failed);
  throw error;
}
serve(pool);
