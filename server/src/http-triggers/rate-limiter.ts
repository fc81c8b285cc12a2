/**
 * Token buckets, one per route, in this replica's memory: a route limited to N requests a
 * minute holds up to N tokens and regains N per minute, so bursts up to N pass and the
 * sustained rate is N a minute. With R replicas behind a load balancer, a route admits up to
 * R × N a minute: the limit protects each replica and the scripts from floods, it is not a
 * billing quota (that would need a shared counter in NATS KV or PostgreSQL).
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number; perMinute: number }>();

  /** Takes a token; returns 0 when the request may go on, else the seconds to wait for one. */
  take(key: string, perMinute: number, nowMs = Date.now()): number {
    let bucket = this.buckets.get(key);
    if (!bucket || bucket.perMinute !== perMinute) {
      bucket = { tokens: perMinute, at: nowMs, perMinute };
      this.buckets.set(key, bucket);
    }
    const perMs = perMinute / 60_000;
    bucket.tokens = Math.min(perMinute, bucket.tokens + (nowMs - bucket.at) * perMs);
    bucket.at = nowMs;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000));
  }

  /** Forgets the buckets of routes that no longer exist. */
  retain(keys: Set<string>): void {
    for (const key of this.buckets.keys()) if (!keys.has(key)) this.buckets.delete(key);
  }
}
