import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Subscription } from '@nats-io/nats-core';
import { DataSource } from 'typeorm';
import { NATS } from '../nats/nats.module.js';
import type { Nats } from '../nats/nats.js';

export interface DueTimer {
  id: string;
  flow_job: string;
}

/** setTimeout's longest delay; a later timer is simply re-armed when this one wakes. */
const MAX_DELAY = 2 ** 31 - 1;

/**
 * Durable timers for sleeps, retry delays and approval timeouts. The rows are the truth; this
 * process keeps one setTimeout for the earliest row it knows of, so nothing polls while nothing
 * is due. A replica that adds a timer announces its time on NATS so the others re-arm too, and a
 * timer fires in the same transaction that deletes its row: however many replicas wake, one
 * applies it.
 */
@Injectable()
export class FlowTimers implements OnApplicationShutdown {
  private readonly logger = new Logger('FlowTimers');
  private handle: NodeJS.Timeout | undefined;
  private nextAt = Infinity;
  private running = false;
  private again = false;
  private stopped = false;
  private fire: ((timer: DueTimer) => Promise<void>) | undefined;
  private sub: Subscription | undefined;

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(NATS) private readonly nats: Nats,
  ) {}

  private get subject() {
    return `${this.nats.names.prefix}.flow.timers`;
  }

  /** Starts firing due timers with `fire`, which must delete the row in its transaction. */
  async start(fire: (timer: DueTimer) => Promise<void>): Promise<void> {
    this.fire = fire;
    this.sub = this.nats.nc.subscribe(this.subject, {
      callback: (err, msg) => {
        if (!err) this.arm(Number(msg.string()));
      },
    });
    await this.tick();
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    clearTimeout(this.handle);
    this.sub?.unsubscribe();
  }

  /** Called after a transaction that inserted timers committed. */
  added(times: number[]): void {
    if (!times.length) return;
    const at = Math.min(...times);
    this.arm(at);
    this.nats.nc.publish(this.subject, String(at));
  }

  private arm(at: number): void {
    if (this.stopped || !Number.isFinite(at) || at >= this.nextAt) return;
    clearTimeout(this.handle);
    this.nextAt = at;
    this.handle = setTimeout(() => void this.tick(), Math.min(Math.max(at - Date.now(), 0), MAX_DELAY));
    this.handle.unref();
  }

  private async tick(): Promise<void> {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    this.nextAt = Infinity;
    try {
      do {
        this.again = false;
        for (;;) {
          const due: DueTimer[] = await this.db.query(
            'SELECT id, flow_job FROM flow_timer WHERE fire_at <= clock_timestamp() ORDER BY fire_at LIMIT 100',
          );
          for (const timer of due) await this.fire!(timer);
          if (due.length < 100 || this.stopped) break;
        }
      } while (this.again && !this.stopped);
      const [next]: { at: Date | null }[] = await this.db.query('SELECT min(fire_at) AS at FROM flow_timer');
      if (next?.at) this.arm(next.at.getTime());
    } catch (err) {
      if (this.stopped) return;
      this.logger.warn(`timer pass failed, retrying in 1 s: ${(err as Error).message}`);
      this.arm(Date.now() + 1000);
    } finally {
      this.running = false;
    }
  }
}
