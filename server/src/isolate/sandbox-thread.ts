/**
 * The caller's side of the sandbox worker: synchronous calls with a hard deadline, and a new
 * worker whenever the old one had to be stopped or can no longer be trusted.
 */
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';

import {
  Ready,
  SLOT_COUNT,
  Slot,
  type HostAnswer,
  type HostCall,
  type SandboxAnswer,
  type SandboxWorkerData,
  type WorkerMessage,
  type WorkerReply,
} from './sandbox-protocol.js';

/** Loading the WebAssembly module takes about 50 ms; this only catches a worker that never comes up. */
const STARTUP_TIMEOUT_MS = 10_000;

// Node has had Atomics.waitAsync since 16; TypeScript declares it only from lib es2024.
type WaitAsync = (
  array: Int32Array,
  index: number,
  value: number,
  timeoutMs: number,
) => { async: false; value: string } | { async: true; value: Promise<string> };
const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;

export interface ThreadLimits {
  timeoutMs: number;
  memoryBytes: number;
  stackBytes: number;
  /** The worker's native stack; must be well above what `stackBytes` of QuickJS stack can use. */
  threadStackMb: number;
}

interface Running {
  worker: Worker;
  port: MessagePort;
  control: Int32Array;
  /** An 'error' event: the worker died of an exception outside any evaluation. */
  failure?: Error;
  /** {@link SandboxThread.callAsync}'s: replies come as events (never mixed with `call` on one thread). */
  listening?: boolean;
  onReply?: (reply: WorkerMessage) => void;
}

/**
 * Serves a run's {@link HostCall} (nativets' fetch calls) while it runs; answers JSON of
 * FetchResult[] and never rejects. `signal` aborts once the run is over.
 */
export type HostServer = (call: HostCall, signal: AbortSignal) => Promise<string>;

export class SandboxThread {
  private running: Running;
  private disposed = false;
  /** The last {@link callAsync} in line. */
  private queue: Promise<void> = Promise.resolve();

  private constructor(
    private readonly limits: ThreadLimits,
    /** The worker's program: the expression sandbox's, or nativets' (native-worker.js). */
    private readonly script: URL,
  ) {
    this.running = this.spawn();
  }

  static async start(
    limits: ThreadLimits,
    script = new URL('./sandbox-worker.js', import.meta.url),
  ): Promise<SandboxThread> {
    const thread = new SandboxThread(limits, script);
    const { control, worker } = thread.running;
    // A pending waitAsync does not keep the process alive; the starting worker must.
    worker.ref();
    try {
      const waiting = waitAsync(control, Slot.Ready, Ready.Starting, STARTUP_TIMEOUT_MS);
      if (waiting.async) await waiting.value;
    } finally {
      worker.unref();
    }
    thread.checkReady();
    return thread;
  }

  /**
   * Sends `input` to the worker and blocks until it answers or `hardTimeoutMs` passes; in the
   * second case the worker is terminated, a new one started, and the answer is `killed`.
   */
  call(input: string, hardTimeoutMs: number): SandboxAnswer | { kind: 'killed' } {
    if (this.disposed) throw new Error('This expression evaluator has been disposed');
    const running = this.running;
    if (running.failure) {
      this.restart();
      throw new Error('The expression sandbox worker failed', { cause: running.failure });
    }
    Atomics.wait(running.control, Slot.Ready, Ready.Starting, STARTUP_TIMEOUT_MS);
    this.checkReady();

    Atomics.store(running.control, Slot.Answered, 0);
    running.port.postMessage(input);
    Atomics.store(running.control, Slot.Request, 1);
    Atomics.notify(running.control, Slot.Request);
    if (Atomics.wait(running.control, Slot.Answered, 0, hardTimeoutMs) === 'timed-out') {
      this.restart();
      return { kind: 'killed' };
    }
    const reply = this.receive();
    if (reply.kind === 'crashed') {
      this.restart();
      throw new Error(`The expression sandbox failed: ${reply.error}`);
    }
    if (reply.kind === 'host-stack-overflow') this.restart();
    return reply;
  }

  /**
   * {@link call} without blocking the caller's thread: for evaluations that may run for seconds
   * (nativets, docs/adr/0048). Calls on one thread are served one after another. `host` serves
   * what the run asks of its caller meanwhile (its fetch calls).
   */
  async callAsync(
    input: string,
    hardTimeoutMs: number,
    host?: HostServer,
  ): Promise<SandboxAnswer | { kind: 'killed' }> {
    const previous = this.queue;
    let release = (): void => undefined;
    this.queue = new Promise<void>((resolve) => (release = resolve));
    await previous;
    // Made on the first host call only: aborting one costs a DOMException with its stack.
    let over: AbortController | undefined;
    try {
      if (this.disposed) throw new Error('This sandbox has been disposed');
      const running = this.running;
      if (running.failure) {
        this.restart();
        throw new Error('The sandbox worker failed', { cause: running.failure });
      }
      await this.settled(running, Slot.Ready, Ready.Starting, STARTUP_TIMEOUT_MS);
      this.checkReady();
      // The reply comes as a message event: cheaper than an Atomics.waitAsync per call. The
      // listener stays (adding and removing it restarts the port each time); the port keeps the
      // process alive only while a call waits.
      const reply = await new Promise<WorkerReply | 'timed-out'>((resolve) => {
        const timer = setTimeout(() => {
          running.onReply = undefined;
          resolve('timed-out');
        }, hardTimeoutMs);
        running.onReply = (message) => {
          if (message.kind === 'fetch') {
            const signal = (over ??= new AbortController()).signal;
            void host?.(message, signal).then((results) => {
              if (signal.aborted) return;
              running.port.postMessage({ run: message.run, results } satisfies HostAnswer);
              Atomics.store(running.control, Slot.Request, 1);
              Atomics.notify(running.control, Slot.Request);
            });
            return;
          }
          clearTimeout(timer);
          running.onReply = undefined;
          resolve(message);
        };
        if (!running.listening) {
          running.listening = true;
          running.port.on('message', (message: WorkerMessage) => running.onReply?.(message));
        }
        running.port.ref();
        Atomics.store(running.control, Slot.Answered, 0);
        running.port.postMessage(input);
        Atomics.store(running.control, Slot.Request, 1);
        Atomics.notify(running.control, Slot.Request);
      });
      running.port.unref();
      if (reply === 'timed-out') {
        this.restart();
        return { kind: 'killed' };
      }
      if (reply.kind === 'crashed') {
        this.restart();
        throw new Error(`The sandbox failed: ${reply.error}`);
      }
      if (reply.kind === 'host-stack-overflow') this.restart();
      return reply;
    } finally {
      over?.abort();
      release();
    }
  }

  /** Waits, without blocking, until `slot` no longer holds `value`; 'timed-out' after `timeoutMs`. */
  private async settled(running: Running, slot: number, value: number, timeoutMs: number): Promise<string> {
    const waiting = waitAsync(running.control, slot, value, timeoutMs);
    if (!waiting.async) return waiting.value;
    // A pending waitAsync does not keep the process alive; a thread at work must.
    running.worker.ref();
    try {
      return await waiting.value;
    } finally {
      running.worker.unref();
    }
  }

  dispose(): void {
    this.disposed = true;
    this.stop(this.running);
  }

  private spawn(): Running {
    const control = new Int32Array(new SharedArrayBuffer(SLOT_COUNT * Int32Array.BYTES_PER_ELEMENT));
    const { port1, port2 } = new MessageChannel();
    const { threadStackMb, ...limits } = this.limits;
    const data: SandboxWorkerData = { control, port: port2, ...limits };
    const worker = new Worker(this.script, {
      workerData: data,
      transferList: [port2],
      resourceLimits: { stackSizeMb: threadStackMb },
    });
    // Idle evaluators must not keep the process alive.
    worker.unref();
    port1.unref();
    const running: Running = { worker, port: port1, control };
    worker.on('error', (error) => {
      running.failure = error;
    });
    return running;
  }

  private restart(): void {
    this.stop(this.running);
    this.running = this.spawn();
  }

  private stop(running: Running): void {
    running.port.close();
    // terminate() stops even a thread busy in WebAssembly; its promise only reports the exit code.
    void running.worker.terminate();
  }

  private checkReady(): void {
    const state = Atomics.load(this.running.control, Slot.Ready);
    if (state === Ready.Ok) return;
    if (state === Ready.Failed) {
      const reply = this.receive();
      this.restart();
      throw new Error(`The expression sandbox did not start: ${reply.kind === 'crashed' ? reply.error : reply.kind}`);
    }
    this.restart();
    throw new Error(`The expression sandbox did not start within ${STARTUP_TIMEOUT_MS} ms`);
  }

  private receive(): WorkerReply {
    const received = receiveMessageOnPort(this.running.port);
    if (!received) throw new Error('The expression sandbox raised its flag without posting a reply');
    return received.message as WorkerReply;
  }
}
