import type { NatsConnection, Subscription } from '@nats-io/nats-core';
import { decodeDepsPrefetch, type DepsPrefetch, type NatsNames } from '@runnel/protocol';
import { depsFor } from '@runnel/runtimes/deps';
import type { DepsCache } from './cache.js';

/** Locks waiting to be installed; past this a deploy storm's announcements are dropped (their first job installs them). */
const MAX_QUEUED = 64;
/** The longest one prefetch may install for. */
const PREFETCH_TIMEOUT_MS = 10 * 60_000;

/**
 * Installs the locks deploys announce on `<prefix>.deps.prefetch` into the machine's cache before
 * any job needs them, one at a time, so that a deploy's first run finds them installed. Every
 * worker hears each announcement; the cache's lock makes it one install per machine. A failure
 * is only logged: the job that brings the lock installs it again and fails with the tool's message.
 */
export class DepsPrefetcher {
  private readonly queue: DepsPrefetch[] = [];
  private readonly abort = new AbortController();
  private draining?: Promise<void>;
  private subscription?: Subscription;

  constructor(private readonly cache: DepsCache) {}

  listen(nc: NatsConnection, names: NatsNames): this {
    this.subscription = nc.subscribe(names.depsPrefetchSubject, {
      callback: (err, msg) => {
        if (err) return;
        try {
          this.add(decodeDepsPrefetch(msg.data));
        } catch (error) {
          console.error(`worker: ignoring a dependency prefetch: ${(error as Error).message}`);
        }
      },
    });
    return this;
  }

  private add(prefetch: DepsPrefetch): void {
    if (!depsFor(prefetch.language)) return;
    if (this.queue.length >= MAX_QUEUED) {
      console.error(`worker: ${MAX_QUEUED} dependency prefetches wait already; one more is left to its first job`);
      return;
    }
    this.queue.push(prefetch);
    this.draining ??= this.drain().finally(() => (this.draining = undefined));
  }

  private async drain(): Promise<void> {
    for (let next = this.queue.shift(); next && !this.abort.signal.aborted; next = this.queue.shift()) {
      const signal = AbortSignal.any([this.abort.signal, AbortSignal.timeout(PREFETCH_TIMEOUT_MS)]);
      try {
        await this.cache.ensure(next.language, next.lock, signal);
      } catch (err) {
        if (!this.abort.signal.aborted) console.error(`worker: dependency prefetch failed: ${(err as Error).message}`);
      }
    }
  }

  /** Stops listening and abandons the install in progress (its entry is never left half made). */
  async stop(): Promise<void> {
    this.subscription?.unsubscribe();
    this.queue.length = 0;
    this.abort.abort();
    await this.draining;
  }
}
