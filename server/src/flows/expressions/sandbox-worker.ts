/**
 * The sandbox worker: one per evaluator, evaluating one expression at a time.
 *
 * Expressions run on this thread rather than the caller's so that the caller can always stop
 * them. QuickJS's interrupt handler is polled every 10,000 backward jumps or calls, so a
 * loop whose body is one slow builtin (`while (true) bigArray.sort()`) goes minutes between
 * polls; the evaluator then terminates this worker and starts another. It also gives QuickJS
 * a stack of its own, large enough for a useful recursion limit (see evaluator.ts).
 */
import { workerData } from 'node:worker_threads';

import { loadQuickJS } from './quickjs-module.js';
import { Ready, Slot, type SandboxWorkerData, type WorkerReply } from './sandbox-protocol.js';
import { runInFreshRuntime } from './sandbox-runner.js';

const { control, port, ...limits } = workerData as SandboxWorkerData;

const signal = (slot: number, value: number): void => {
  Atomics.store(control, slot, value);
  Atomics.notify(control, slot);
};
const describe = (error: unknown): string => (error instanceof Error ? (error.stack ?? error.message) : String(error));

try {
  const module = await loadQuickJS(limits.memoryBytes);
  port.on('message', (input: string) => {
    let reply: WorkerReply;
    try {
      reply = runInFreshRuntime(module, input, limits);
    } catch (error) {
      reply = { kind: 'crashed', error: describe(error) };
    }
    port.postMessage(reply);
    signal(Slot.Answered, 1);
  });
  signal(Slot.Ready, Ready.Ok);
} catch (error) {
  port.postMessage({ kind: 'crashed', error: describe(error) } satisfies WorkerReply);
  signal(Slot.Ready, Ready.Failed);
}
