import type { Logger } from '@nestjs/common';

/** A task run now and then every `intervalMs`, never twice at once in one process. */
export interface Periodic {
  /** Stops the timer and waits for a run under way (which should notice `stopping` and end early). */
  stop(): Promise<void>;
  /** True once stop() was called: a long run checks it between its steps. */
  readonly stopping: boolean;
}

/**
 * Runs `task` at once and then every `intervalMs` (the process does not wait for the timer to
 * exit). A run still under way when the next is due makes that one a no-op, so a slow sweep does
 * not pile up behind itself. A failed run is logged and the next one tries again.
 */
export function runPeriodically(logger: Logger, intervalMs: number, task: () => Promise<unknown>): Periodic {
  let running: Promise<void> | undefined;
  let stopping = false;
  const run = (): void => {
    if (running || stopping) return;
    running = task()
      .then(() => undefined)
      .catch((err: Error) => logger.warn(err.message))
      .finally(() => (running = undefined));
  };
  const timer = setInterval(run, intervalMs);
  timer.unref();
  run();
  return {
    get stopping() {
      return stopping;
    },
    async stop() {
      stopping = true;
      clearInterval(timer);
      await running;
    },
  };
}
