/**
 * How the evaluator (on the caller's thread) and the sandbox worker talk.
 *
 * The evaluator's API is synchronous, so it cannot await a message: it posts the input on a
 * MessagePort, blocks in `Atomics.wait` on a shared flag that the worker raises once it has
 * posted the answer, and takes the answer with `receiveMessageOnPort`.
 */
import type { MessagePort } from 'node:worker_threads';

/** Indexes into the shared Int32Array. */
export const Slot = {
  /** {@link Ready} */
  Ready: 0,
  /** 0 while the worker evaluates, 1 once it has posted its reply */
  Answered: 1,
} as const;
export const SLOT_COUNT = 2;

export const Ready = {
  Starting: 0,
  Ok: 1,
  /** the worker posted a `crashed` reply saying why */
  Failed: 2,
} as const;

export interface SandboxWorkerData {
  control: Int32Array;
  port: MessagePort;
  timeoutMs: number;
  memoryBytes: number;
  stackBytes: number;
}

/** What one evaluation in the worker produced. */
export type SandboxAnswer =
  /** The program's tagged string (see `Tag` in sandbox-program.ts). */
  | { kind: 'answered'; tag: string; payload: string }
  /** An exception escaped the program: the interrupt, or out of memory outside its try blocks. */
  | { kind: 'raised'; name: string; message: string; interrupted: boolean }
  /** The worker's own stack ran out inside WebAssembly; the worker must be replaced. */
  | { kind: 'host-stack-overflow' };

export type WorkerReply = SandboxAnswer | { kind: 'crashed'; error: string };
