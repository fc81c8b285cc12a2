import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DueTimer } from '../common/due-timer.js';
import { NATS } from '../nats/nats-token.js';
import type { Nats } from '../nats/nats.js';

/** A due `flow_timer` row: which timer, of which flow job. */
export interface FlowTimerRow {
  id: string;
  flow_job: string;
}

/** Durable timers for sleeps, retry delays and approval timeouts: `flow_timer` rows, fired by a DueTimer. */
@Injectable()
export class FlowTimers implements OnApplicationShutdown {
  private readonly timer: DueTimer<FlowTimerRow>;

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(NATS) nats: Nats,
  ) {
    this.timer = new DueTimer('FlowTimers', nats.nc, nats.names.flowTimersSubject);
  }

  /** Starts firing due timers with `fire`, which must delete the row in its transaction. */
  async start(fire: (timer: FlowTimerRow) => Promise<void>): Promise<void> {
    await this.timer.start({
      due: (limit) =>
        this.db.query(
          'SELECT id, flow_job FROM flow_timer WHERE fire_at <= clock_timestamp() ORDER BY fire_at LIMIT $1',
          [limit],
        ),
      fire,
      earliest: async () => {
        const [next]: { at: Date | null }[] = await this.db.query('SELECT min(fire_at) AS at FROM flow_timer');
        return next?.at ? next.at.getTime() : null;
      },
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.timer.stop();
  }

  /** Called after a transaction that inserted timers committed. */
  added(times: number[]): void {
    if (times.length) this.timer.announce(Math.min(...times));
  }
}
