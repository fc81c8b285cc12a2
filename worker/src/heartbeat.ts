import { readFileSync } from 'node:fs';
import type { NatsConnection } from '@nats-io/nats-core';
import { encodeHeartbeat, type NatsNames, type WorkerHeartbeat } from '@runnel/protocol';
import type { WorkerConfig } from './config.js';
import type { Semaphore } from './consumer/semaphore.js';

const VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/**
 * Tells servers this worker is alive: one small core-NATS message every `heartbeatMs`, nothing
 * stored anywhere; a server that stops hearing it drops the worker from its live set.
 */
export class Heartbeat {
  private readonly timer: NodeJS.Timeout;
  private readonly startedAt = new Date().toISOString();

  constructor(
    private readonly nc: NatsConnection,
    private readonly names: NatsNames,
    private readonly config: WorkerConfig,
    private readonly slots: Semaphore,
  ) {
    this.beat();
    this.timer = setInterval(() => this.beat(), config.heartbeatMs);
    this.timer.unref();
  }

  /** The last beat says it is going, so servers drop it at once rather than after missed beats. */
  stop(): void {
    clearInterval(this.timer);
    this.beat(true);
  }

  private beat(stopping = false): void {
    const total = this.config.concurrency;
    const beat: WorkerHeartbeat = {
      name: this.config.name,
      groups: this.config.groups,
      slots: { used: Math.max(0, total - this.slots.freeSlots), total },
      version: VERSION,
      started_at: this.startedAt,
      interval_ms: this.config.heartbeatMs,
      ...(stopping ? { stopping } : {}),
    };
    // Not awaited, nothing to retry: a lost beat is covered by the next one.
    if (!this.nc.isClosed()) this.nc.publish(this.names.workersHeartbeatSubject, encodeHeartbeat(beat));
  }
}
