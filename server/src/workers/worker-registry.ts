import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Subscription } from '@nats-io/nats-core';
import { MISSED_BEATS, decodeHeartbeat, type WorkerHeartbeat } from '@runnel/protocol';
import { NATS } from '../nats/nats-token.js';
import type { Nats } from '../nats/nats.js';

export interface LiveWorker extends WorkerHeartbeat {
  last_heartbeat: Date;
}

/** More live workers than this is a misconfiguration or a flood: the stalest are dropped first. */
const MAX_WORKERS = 10_000;

/**
 * The workers alive now, from their heartbeats (worker/src/heartbeat.ts), in this replica's memory:
 * every replica hears every beat, nothing is written per beat. A worker that misses MISSED_BEATS
 * of its own interval is gone; one that says it is stopping is gone at once.
 */
@Injectable()
export class WorkerRegistry implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('WorkerRegistry');
  private readonly workers = new Map<string, LiveWorker>();
  private sub: Subscription | undefined;

  constructor(@Inject(NATS) private readonly nats: Nats) {}

  onModuleInit(): void {
    this.sub = this.nats.nc.subscribe(this.nats.names.workersHeartbeatSubject, {
      callback: (err, msg) => {
        if (err) return;
        try {
          this.heard(decodeHeartbeat(msg.data));
        } catch (e) {
          this.logger.warn(`ignored a heartbeat: ${(e as Error).message}`);
        }
      },
    });
  }

  onApplicationShutdown(): void {
    this.sub?.unsubscribe();
  }

  heard(beat: WorkerHeartbeat, now = new Date()): void {
    this.workers.delete(beat.name);
    if (beat.stopping) return;
    if (this.workers.size >= MAX_WORKERS) this.prune(now.getTime());
    if (this.workers.size >= MAX_WORKERS) this.workers.delete(this.workers.keys().next().value!);
    // Re-inserted, so the map stays ordered from the stalest beat to the newest.
    this.workers.set(beat.name, { ...beat, last_heartbeat: now });
  }

  /** The live workers, by name. */
  live(nowMs = Date.now()): LiveWorker[] {
    this.prune(nowMs);
    return [...this.workers.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  private prune(nowMs: number): void {
    for (const [name, w] of this.workers) {
      if (nowMs - w.last_heartbeat.getTime() > MISSED_BEATS * w.interval_ms) this.workers.delete(name);
    }
  }
}
