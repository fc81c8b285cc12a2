/**
 * A push-driven async iterator for subscriptions: producers push from NATS callbacks, the
 * GraphQL engine pulls. Unlike an async generator, `return()` (the client unsubscribed or went
 * away) takes effect at once even while no value is coming, and runs the clean-ups.
 */
export class Channel<T> implements AsyncIterableIterator<T> {
  private readonly queue: T[] = [];
  private waiting: { resolve(result: IteratorResult<T>): void; reject(err: unknown): void } | undefined;
  private closed = false;
  private failure: { err: unknown } | undefined;
  private readonly cleanups: (() => void)[] = [];

  /** Runs once, when the channel ends, fails or is returned. */
  onClose(cleanup: () => void): void {
    if (this.closed) cleanup();
    else this.cleanups.push(cleanup);
  }

  push(value: T): void {
    if (this.closed) return;
    if (this.waiting) {
      const waiting = this.waiting;
      this.waiting = undefined;
      waiting.resolve({ value, done: false });
    } else {
      this.queue.push(value);
    }
  }

  /** No more values; those queued are still delivered. */
  end(): void {
    if (this.closed) return;
    this.closed = true;
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.resolve({ value: undefined, done: true });
  }

  /** Ends with an error, after the values already queued. */
  fail(err: unknown): void {
    if (this.closed) return;
    this.failure = { err };
    const waiting = this.waiting;
    this.waiting = undefined;
    this.end();
    waiting?.reject(err);
  }

  next(): Promise<IteratorResult<T>> {
    if (this.queue.length) return Promise.resolve({ value: this.queue.shift()!, done: false });
    if (this.failure) {
      const { err } = this.failure;
      this.failure = undefined;
      return Promise.reject(err);
    }
    if (this.closed) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }

  return(): Promise<IteratorResult<T>> {
    this.queue.length = 0;
    this.failure = undefined;
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }
}
