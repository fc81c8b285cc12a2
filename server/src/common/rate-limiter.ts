/**
 * Token buckets in this replica's memory, one per key: a key limited to N per window holds up to
 * N tokens and regains N per window, so bursts up to N pass and the sustained rate is N a window.
 * With R replicas behind a load balancer, a key admits up to R × N a window: the limit protects
 * each replica and what is behind it from floods, it is not a billing quota (that would need a
 * shared counter in NATS KV or PostgreSQL). Used for HTTP routes (a minute) and failed logins.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number; count: number; windowMs: number }>();

  /** @param maxKeys beyond this many keys, full buckets (the same as none) are dropped, then the oldest. */
  constructor(private readonly maxKeys = Infinity) {}

  /** Takes a token; returns 0 when the request may go on, else the seconds to wait for one. */
  take(key: string, count: number, nowMs = Date.now(), windowMs = 60_000): number {
    const bucket = this.refill(key, count, nowMs, windowMs);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return this.waitOf(bucket);
  }

  /** Returns a token taken for a request that turned out not to count. */
  giveBack(key: string): void {
    const bucket = this.buckets.get(key);
    if (bucket) bucket.tokens = Math.min(bucket.count, bucket.tokens + 1);
  }

  /** Refills the key's bucket: it starts full again. */
  forget(key: string): void {
    this.buckets.delete(key);
  }

  /** Forgets the buckets of keys that no longer exist. */
  retain(keys: Set<string>): void {
    for (const key of this.buckets.keys()) if (!keys.has(key)) this.buckets.delete(key);
  }

  private refill(key: string, count: number, nowMs: number, windowMs: number) {
    let bucket = this.buckets.get(key);
    if (!bucket || bucket.count !== count || bucket.windowMs !== windowMs) {
      if (!bucket && this.buckets.size >= this.maxKeys) this.prune(nowMs);
      bucket = { tokens: count, at: nowMs, count, windowMs };
      this.buckets.set(key, bucket);
    }
    bucket.tokens = Math.min(count, bucket.tokens + ((nowMs - bucket.at) * count) / windowMs);
    bucket.at = nowMs;
    return bucket;
  }

  private waitOf(bucket: { tokens: number; count: number; windowMs: number }): number {
    return Math.max(1, Math.ceil(((1 - bucket.tokens) * bucket.windowMs) / bucket.count / 1000));
  }

  private prune(nowMs: number): void {
    for (const [key, b] of this.buckets) {
      if (b.tokens + ((nowMs - b.at) * b.count) / b.windowMs >= b.count) this.buckets.delete(key);
    }
    for (const key of this.buckets.keys()) {
      if (this.buckets.size < this.maxKeys) break;
      this.buckets.delete(key);
    }
  }
}
