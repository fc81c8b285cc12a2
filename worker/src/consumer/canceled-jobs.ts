import type { KV, KvWatchEntry } from '@nats-io/kv';
import type { NatsConnection, QueuedIterator, Subscription } from '@nats-io/nats-core';
import type { NatsNames } from '@runnel/protocol';

/** How long a cancel is remembered when the bucket has no TTL of its own (the server creates it with 24 h). */
const FALLBACK_TTL_MS = 24 * 3600_000;
/** How often expired ids are dropped. */
const SWEEP_MS = 60_000;
/** Pause before a watch that ended or failed is opened again. */
const REWATCH_MS = 1_000;
/** While the bucket's initial values load, how often to ask whether it is empty (an empty bucket sends nothing). */
const EMPTY_POLL_MS = 1_000;

/**
 * The ids of canceled jobs, for the whole worker: one wildcard subscription on the cancel
 * subject and one watch of the cancel bucket, instead of a subscription and a KV lookup per job.
 * The server cancels by storing the id in the bucket, then publishing on `cancel.<id>`; both
 * feed `cancel()` here, which aborts the job if it runs and remembers the id either way. A job
 * checks `has()` synchronously, in the same tick as it registers as running.
 *
 * Why no cancel is lost:
 * - Canceled before any worker ran: the watch starts with the bucket's current values, and
 *   `start()` resolves only once they are loaded; consumers start pulling after that.
 * - Canceled before delivery (queued, or pulled and waiting for a slot): the id is remembered,
 *   and `has()` is true when the job starts.
 * - Canceled while the job starts: JavaScript runs one callback at a time and the runner
 *   registers its AbortController and checks `has()` without awaiting in between, so a cancel
 *   is handled either before (remembered) or after (finds the controller and aborts it).
 * - Canceled while the job runs, or after it ended: aborts it, or is remembered in case the
 *   message is delivered again (a nak after NATS trouble, a crashed worker's job).
 * - Put in the bucket, but job pulled before the watch delivered the entry: the per-job KV
 *   lookup this replaces was ordered after the put; here the job may start, and the entry or
 *   the message, arriving a moment later, aborts it. It ends canceled, having run briefly.
 * - NATS reconnects: core subscriptions are renewed by the client, but a cancel published
 *   while disconnected is lost to it. The watch is an ordered consumer that resumes after its
 *   last stream sequence (recreated when heartbeats stop, so a server that forgot it is fine),
 *   and if it ends anyway it is reopened from the last revision seen. Bucket entries are never
 *   missed, only late.
 *
 * Memory: an id is kept until its entry's creation plus the bucket's TTL, after which the
 * bucket forgets it too and a cancel no longer matters; ids heard only on the subject get the
 * same lifetime from when they were heard. So the set holds at most one TTL's worth of cancels.
 */
export class CanceledJobs {
  /** id → time (ms) after which the cancel is forgotten. */
  private readonly until = new Map<string, number>();
  private listener: (id: string) => void = () => undefined;
  private ttlMs = FALLBACK_TTL_MS;
  private sub: Subscription | undefined;
  private watch: QueuedIterator<KvWatchEntry> | undefined;
  private following: Promise<void> = Promise.resolve();
  private sweeper: NodeJS.Timeout | undefined;
  /** Last bucket revision seen, to reopen a watch where the previous one stopped. */
  private revision = 0;
  private loaded = false;
  private onLoaded: () => void = () => undefined;
  private stopped = false;

  private constructor(
    private readonly nc: NatsConnection,
    private readonly kv: KV,
    private readonly names: NatsNames,
  ) {}

  /** Subscribes and watches; resolves once the cancels already in the bucket are known. */
  static async start(nc: NatsConnection, kv: KV, names: NatsNames): Promise<CanceledJobs> {
    const jobs = new CanceledJobs(nc, kv, names);
    await jobs.begin();
    return jobs;
  }

  /** Called with every cancel heard, possibly more than once per id; the runner aborts the job if it runs. */
  onCancel(listener: (id: string) => void): void {
    this.listener = listener;
  }

  has(id: string): boolean {
    const until = this.until.get(id);
    if (until === undefined) return false;
    if (until > Date.now()) return true;
    this.until.delete(id);
    return false;
  }

  /** Remembered ids, expired ones included until the next sweep. */
  get size(): number {
    return this.until.size;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.sweeper);
    this.sub?.unsubscribe();
    this.watch?.stop();
    await this.following;
  }

  private async begin(): Promise<void> {
    const ttl = (await this.kv.status()).ttl;
    if (ttl > 0) this.ttlMs = ttl;
    // Subscribed first: a cancel published while the watch opens is heard by one or the other.
    const idAt = this.names.cancelSubject('').length;
    this.sub = this.nc.subscribe(this.names.cancelSubject('*'), {
      callback: (err, msg) => {
        if (err) console.error(`worker: cancel subscription: ${err.message}`);
        else this.cancel(msg.subject.slice(idAt), Date.now() + this.ttlMs);
      },
    });
    const loaded = new Promise<void>((resolve) => (this.onLoaded = resolve));
    // The first watch's errors reach the caller: a worker that cannot see cancels must not start.
    this.following = this.follow(await this.openWatch());
    // The last initial value arrives with nothing pending after it; an empty bucket sends nothing.
    while (!this.loaded && (await this.kv.status()).values > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([loaded, new Promise((resolve) => (timer = setTimeout(resolve, EMPTY_POLL_MS)))]);
      clearTimeout(timer);
    }
    this.loaded = true;
    this.sweeper = setInterval(() => this.sweep(), SWEEP_MS);
    this.sweeper.unref();
  }

  private openWatch(): Promise<QueuedIterator<KvWatchEntry>> {
    return this.kv.watch({
      headers_only: true,
      ...(this.revision > 0 ? { resumeFromRevision: this.revision + 1 } : {}),
    });
  }

  private async follow(first: QueuedIterator<KvWatchEntry>): Promise<void> {
    let watch: QueuedIterator<KvWatchEntry> | undefined = first;
    while (!this.stopped) {
      try {
        watch ??= await this.openWatch();
        this.watch = watch;
        if (this.stopped) watch.stop();
        for await (const entry of watch) this.onEntry(entry);
        if (this.stopped) return;
        console.error('worker: the watch of canceled jobs ended; reopening it');
      } catch (err) {
        if (this.stopped) return;
        console.error(`worker: the watch of canceled jobs failed, reopening it: ${(err as Error).message}`);
      }
      watch = undefined;
      await new Promise((resolve) => setTimeout(resolve, REWATCH_MS));
    }
  }

  private onEntry(entry: KvWatchEntry): void {
    this.revision = Math.max(this.revision, entry.revision);
    // The server only ever puts; a delete or purge (expiry) changes nothing, our own TTL forgets the id.
    if (entry.operation === 'PUT') this.cancel(entry.key, entry.created.getTime() + this.ttlMs);
    if (entry.delta === 0 && !this.loaded) {
      this.loaded = true;
      this.onLoaded();
    }
  }

  private cancel(id: string, until: number): void {
    if (until <= Date.now()) return;
    if ((this.until.get(id) ?? 0) < until) this.until.set(id, until);
    this.listener(id);
  }

  private sweep(): void {
    const now = Date.now();
    for (const [id, until] of this.until) if (until <= now) this.until.delete(id);
  }
}
