/**
 * How the evaluator (on the caller's thread) and the sandbox worker talk.
 *
 * Neither side uses its event loop for this. The evaluator's API is synchronous, so it posts
 * the input on a MessagePort, raises the Request flag, and blocks in `Atomics.wait` until the
 * worker raises Answered; then it takes the reply with `receiveMessageOnPort`. The worker
 * does the same the other way round: it waits on Request in a loop and never returns to its
 * event loop, because Node drains all of V8's background tasks whenever a thread's event loop
 * runs dry (NodePlatform::DrainTasks), and a worker that had just compiled QuickJS then
 * stalled for hundreds of milliseconds while V8 optimised the WebAssembly in the background.
 */
import type { MessagePort } from 'node:worker_threads';

/** Indexes into the shared Int32Array. */
export const Slot = {
  /** {@link Ready} */
  Ready: 0,
  /** 1 once the evaluator has posted an input; the worker resets it when it takes the input */
  Request: 1,
  /** 0 while the worker evaluates, 1 once it has posted its reply */
  Answered: 2,
} as const;
export const SLOT_COUNT = 3;

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

/**
 * A nativets run's request to its caller while it runs (posted without raising Answered): the
 * `fetch` calls it made, as JSON of FetchRequest[] (native-program.ts). The caller answers with
 * a {@link HostAnswer} of the same `run` and raises Request.
 */
export interface HostCall {
  kind: 'fetch';
  run: number;
  requests: string;
}
/** `results`: JSON of FetchResult[]. */
export interface HostAnswer {
  run: number;
  results: string;
}

export type WorkerMessage = WorkerReply | HostCall;
