import { Logger } from '@nestjs/common';
import type { NatsConnection, Subscription } from '@nats-io/nats-core';

/** setTimeout's longest delay; a later time is simply re-armed when this one wakes. */
const MAX_DELAY = 2 ** 31 - 1;
/** How soon to look again at a row still due after a pass: another replica holds it right now. */
const BUSY_RETRY_MS = 250;
/** How soon to try again after a pass failed (the database was unreachable, say). */
const FAILED_RETRY_MS = 1000;
/** Due rows read at a time. */
const BATCH = 100;

/** The table a DueTimer fires rows of. */
export interface DueRows<T> {
  /** Up to `limit` rows due now, earliest first. */
  due(limit: number): Promise<T[]>;
  /** Fires one row; it must take the row out of `due` in the same transaction (delete or advance it). */
  fire(row: T): Promise<void>;
  /** When the earliest row is due (ms since the epoch), or null when no row is. */
  earliest(): Promise<number | null>;
}

/**
 * Fires the rows of a table when they fall due, for flow timers and schedules alike. The rows
 * are the truth; this process keeps one setTimeout for the earliest row it knows of, so nothing
 * polls while nothing is due. A replica that sets a row's time announces it on `subject`, so
 * every replica re-arms; a row fires in the transaction that takes it out of `due`, so however
 * many replicas wake, one applies it. A row still due after a pass is held by another replica:
 * it is looked at again shortly, not in a busy loop.
 */
export class DueTimer<T> {
  private readonly logger: Logger;
  private handle: NodeJS.Timeout | undefined;
  private nextAt = Infinity;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private sub: Subscription | undefined;
  private rows: DueRows<T> | undefined;

  constructor(
    name: string,
    private readonly nc: NatsConnection,
    private readonly subject: string,
  ) {
    this.logger = new Logger(name);
  }

  /** Listens for other replicas' announcements, then fires the rows due already and later ones. */
  async start(rows: DueRows<T>): Promise<void> {
    this.rows = rows;
    this.sub = this.nc.subscribe(this.subject, {
      callback: (err, msg) => {
        if (!err) this.arm(Number(msg.string()));
      },
    });
    await this.tick();
  }

  /** Stops firing and waits for a pass under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.handle);
    this.sub?.unsubscribe();
    await this.running;
  }

  /**
   * Called once a write that set a row's time (ms since the epoch) committed. Before `start`
   * only the other replicas hear it: the first pass reads the earliest time anyway.
   */
  announce(at: number): void {
    this.arm(at);
    this.nc.publish(this.subject, String(at));
  }

  private arm(at: number): void {
    if (!this.rows || this.stopped || !Number.isFinite(at) || at >= this.nextAt) return;
    clearTimeout(this.handle);
    this.nextAt = at;
    this.handle = setTimeout(() => void this.tick(), Math.min(Math.max(at - Date.now(), 0), MAX_DELAY));
    this.handle.unref();
  }

  private tick(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.pass().finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(): Promise<void> {
    const rows = this.rows!;
    this.nextAt = Infinity;
    try {
      do {
        this.again = false;
        for (;;) {
          const due = await rows.due(BATCH);
          for (const row of due) {
            if (this.stopped) return;
            await rows.fire(row);
          }
          if (due.length < BATCH || this.stopped) break;
        }
      } while (this.again && !this.stopped);
      const at = await rows.earliest();
      if (at !== null) this.arm(at <= Date.now() ? Date.now() + BUSY_RETRY_MS : at);
    } catch (err) {
      if (this.stopped) return;
      this.logger.warn(`pass failed, retrying in ${FAILED_RETRY_MS} ms: ${(err as Error).message}`);
      this.arm(Date.now() + FAILED_RETRY_MS);
    }
  }
}
