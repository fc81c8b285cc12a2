/**
 * The `nativets` worker thread (docs/adr/0048): like sandbox-worker.ts, a blocking loop serving
 * one run at a time, but a module is loaded once into a runtime of its own and kept warm for the
 * next runs of the same key (a workspace and a script version's content): a run then costs a
 * call, not a runtime and a parse. A warm runtime serves only its key; it is dropped after
 * MAX_RUNS runs, after IDLE_MS unused, when more than MAX_WARM are kept, and after any run that
 * hit a limit (time, memory, stack), whose state can no longer be trusted. Running out of memory
 * drops every warm runtime of the thread, since they share its WebAssembly memory.
 */
import { receiveMessageOnPort, workerData } from 'node:worker_threads';

import type { QuickJSContext, QuickJSHandle, QuickJSRuntime, QuickJSWASMModule } from 'quickjs-emscripten-core';

import { INBOX, nativeProgram, OUTBOX, SETTLE } from './native-program.js';
import { loadQuickJS } from './quickjs-module.js';
import { Tag } from './sandbox-program.js';
import {
  Ready,
  Slot,
  type HostAnswer,
  type HostCall,
  type SandboxAnswer,
  type SandboxWorkerData,
  type WorkerReply,
} from './sandbox-protocol.js';
import { raised } from './sandbox-runner.js';

const MAX_WARM = 16;
const MAX_RUNS = 1000;
const IDLE_MS = 60_000;

/**
 * What the caller sends: the warm key, the module's code, `[args, argOrder]` as JSON, the time
 * limit, the largest answer.
 */
export type NativeInput = [key: string, code: string, argsJson: string, timeoutMs: number, maxChars: number];

const { control, port, memoryBytes, stackBytes } = workerData as SandboxWorkerData;

interface Warm {
  runtime: QuickJSRuntime;
  context: QuickJSContext;
  run: QuickJSHandle;
  runs: number;
  usedAt: number;
  deadline: number;
  interrupted: boolean;
}

const warm = new Map<string, Warm>();

const signal = (slot: number, value: number): void => {
  Atomics.store(control, slot, value);
  Atomics.notify(control, slot);
};
const describe = (error: unknown): string => (error instanceof Error ? (error.stack ?? error.message) : String(error));

function drop(key: string): void {
  const entry = warm.get(key);
  if (!entry) return;
  warm.delete(key);
  entry.run.dispose();
  entry.context.dispose();
  entry.runtime.dispose();
}

function dropIdle(now: number): void {
  for (const [key, entry] of warm) if (now - entry.usedAt > IDLE_MS) drop(key);
  while (warm.size >= MAX_WARM) drop(warm.keys().next().value!);
}

function load(module: QuickJSWASMModule, key: string, code: string): Warm | SandboxAnswer {
  dropIdle(Date.now());
  const runtime = module.newRuntime();
  runtime.setMaxStackSize(stackBytes);
  const context = runtime.newContext();
  const entry = { runtime, context, runs: 0, usedAt: Date.now(), deadline: Infinity, interrupted: false };
  runtime.setInterruptHandler(() => (entry.interrupted ||= performance.now() > entry.deadline));
  // Loading runs the module's top level: under the run's limits like the call (set by the caller).
  entry.deadline = loadDeadline;
  const loaded = context.evalCode(nativeProgram(code), 'nativets.js', { type: 'global' });
  if (loaded.error) {
    const answer = raised(context, loaded.error, entry.interrupted);
    context.dispose();
    runtime.dispose();
    return answer;
  }
  const ready: Warm = Object.assign(entry, { run: loaded.value });
  warm.set(key, ready);
  return ready;
}

/** The deadline of the run under way, which a module loading for it also keeps. */
let loadDeadline = Infinity;

/** Whether an answer says a limit was hit (then the runtime's state is not to be trusted), and which. */
function limitHit(outcome: SandboxAnswer): 'memory' | 'other' | undefined {
  let message: string;
  if (outcome.kind === 'raised') message = outcome.message;
  else if (outcome.kind !== 'answered' || outcome.tag !== Tag.Ok || !outcome.payload.startsWith('{"ok":false'))
    return undefined;
  else {
    const { e } = JSON.parse(outcome.payload) as { e: { name: string; message: string } };
    if (e.name !== 'InternalError') return undefined;
    message = e.message;
  }
  return message === 'out of memory' ? 'memory' : 'other';
}

/** Numbers runs, so that the host's answer to a fetch of a run already over is told apart. */
let runSeq = 0;
const INTERRUPTED: SandboxAnswer = { kind: 'raised', name: 'InternalError', message: 'interrupted', interrupted: true };

/**
 * Hands the run's new host calls to the host (JSON of HostRequest[], maybe none) and blocks until
 * it answers with those of its calls that are done (JSON of HostResult[]), or until the run's
 * deadline: then undefined. The thread serves nothing else meanwhile.
 */
function hostFetch(requests: string, deadline: number): string | undefined {
  const run = runSeq;
  port.postMessage({ kind: 'fetch', run, requests } satisfies HostCall);
  for (;;) {
    const remaining = deadline - performance.now();
    if (remaining <= 0) return undefined;
    Atomics.wait(control, Slot.Request, 0, remaining);
    if (Atomics.load(control, Slot.Request) === 0) continue;
    Atomics.store(control, Slot.Request, 0);
    for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
      const received = m.message as HostAnswer;
      if (received.run === run) return received.results;
    }
  }
}

function runOne(module: QuickJSWASMModule, input: string): SandboxAnswer {
  runSeq += 1;
  const [key, code, argsJson, timeoutMs, maxChars] = JSON.parse(input) as NativeInput;
  loadDeadline = performance.now() + timeoutMs;
  let entry = warm.get(key);
  if (!entry) {
    const loaded = load(module, key, code);
    if ('kind' in loaded) return loaded;
    entry = loaded;
  }
  const { runtime, context: ctx } = entry;
  entry.deadline = loadDeadline;
  entry.interrupted = false;
  entry.usedAt = Date.now();
  entry.runs += 1;
  const limited = <T>(work: () => T): T => {
    runtime.setMemoryLimit(memoryBytes);
    try {
      return work();
    } finally {
      runtime.setMemoryLimit(-1);
    }
  };
  const answer = (result: ReturnType<QuickJSContext['evalCode']>): SandboxAnswer => {
    if (result.error) return raised(ctx, result.error, entry.interrupted);
    return result.value.consume((value) => {
      const tagged = ctx.typeof(value) === 'string' ? ctx.getString(value) : Tag.Pending;
      return { kind: 'answered', tag: tagged.slice(0, 1), payload: tagged.slice(1) };
    });
  };
  let outcome: SandboxAnswer;
  try {
    outcome = answer(
      limited(() => {
        const args = ctx.newString(argsJson);
        const max = ctx.newNumber(maxChars);
        try {
          return ctx.callFunction(entry.run, ctx.undefined, args, max);
        } finally {
          args.dispose();
          max.dispose();
        }
      }),
    );
    // A promise: run its jobs; while it waits on host calls (fetch, the SDK, timers), hand the
    // new ones to the host, which answers as soon as any is done; deliver, run the jobs again.
    let outstanding = 0;
    while (outcome.kind === 'answered' && outcome.tag === Tag.Pending) {
      const jobs = limited(() => runtime.executePendingJobs());
      if (jobs.error) {
        outcome = raised(ctx, jobs.error, entry.interrupted);
        break;
      }
      if (entry.interrupted) {
        outcome = INTERRUPTED;
        break;
      }
      outcome = answer(limited(() => ctx.evalCode(SETTLE, 'settle.js', { type: 'global' })));
      if (outcome.kind !== 'answered' || outcome.tag !== Tag.Pending) break;
      const requests = callGlobal(ctx, OUTBOX);
      if (requests === '' && outstanding === 0) break; // waits on nothing the host could give: it never settles
      const results = hostFetch(requests || '[]', entry.deadline);
      if (results === undefined) {
        outcome = INTERRUPTED;
        break;
      }
      const delivered = limited(() => ctx.evalCode(`${INBOX}(${JSON.stringify(results)})`, 'inbox.js'));
      if (delivered.error) {
        outcome = raised(ctx, delivered.error, entry.interrupted);
        break;
      }
      // The host answers at least one call it has, or none when it has none: then nothing is outstanding.
      const left = delivered.value.consume((value) => ctx.getNumber(value));
      outstanding = results === '[]' ? 0 : left;
    }
  } catch (error) {
    if (!(error instanceof RangeError && error.message.includes('Maximum call stack size exceeded'))) throw error;
    // Mid-call: the runtime cannot be disposed; the caller replaces this thread.
    warm.delete(key);
    return { kind: 'host-stack-overflow' };
  }
  const hit = limitHit(outcome);
  // Out of memory: every warm runtime of this thread shares the memory, so all go.
  if (hit === 'memory') for (const other of [...warm.keys()]) drop(other);
  else if (hit || entry.runs >= MAX_RUNS) drop(key);
  return outcome;
}

/** Calls a global function of the program that takes nothing and returns a string. */
function callGlobal(ctx: QuickJSContext, name: string): string {
  const result = ctx.evalCode(`${name}()`, `${name}.js`);
  if (result.error) {
    result.error.dispose();
    return '';
  }
  return result.value.consume((value) => ctx.getString(value));
}

function serve(module: QuickJSWASMModule): never {
  for (;;) {
    Atomics.wait(control, Slot.Request, 0, IDLE_MS);
    if (Atomics.load(control, Slot.Request) === 0) {
      dropIdle(Date.now());
      continue;
    }
    Atomics.store(control, Slot.Request, 0);
    // An answer to a fetch of a run that is already over (it timed out meanwhile) is dropped.
    let received = receiveMessageOnPort(port);
    while (received && typeof received.message !== 'string') received = receiveMessageOnPort(port);
    if (!received) continue;
    let reply: WorkerReply;
    try {
      reply = runOne(module, received.message as string);
    } catch (error) {
      reply = { kind: 'crashed', error: describe(error) };
    }
    port.postMessage(reply);
    signal(Slot.Answered, 1);
  }
}

let module: QuickJSWASMModule;
try {
  module = await loadQuickJS(memoryBytes);
  // V8 compiles WebAssembly functions on their first call: done here, not in a job's time.
  const warmUp = runOne(
    module,
    JSON.stringify(['warm-up', 'exports.main = async (x) => x + 1', '[{"x":1},["x"]]', 1000, 1e6]),
  );
  if (warmUp.kind !== 'answered') throw new Error(`Warming up gave ${JSON.stringify(warmUp)}`);
  drop('warm-up');
  signal(Slot.Ready, Ready.Ok);
} catch (error) {
  port.postMessage({ kind: 'crashed', error: describe(error) } satisfies WorkerReply);
  signal(Slot.Ready, Ready.Failed);
  throw error;
}
serve(module);
