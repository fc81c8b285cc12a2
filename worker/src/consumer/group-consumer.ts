import type { Consumer } from '@nats-io/jetstream';
import type { JobRunner } from '../runner.js';
import type { Semaphore } from './semaphore.js';

/**
 * Pulls one group's jobs, one message at a time and only while a slot is free, so a busy
 * worker leaves queued jobs to idle ones. Slots are shared by all groups: a worker serving
 * several groups may hold one message per group for a moment while it waits for a slot.
 */
export class GroupConsumer {
  private stopped = false;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly loop: Promise<void>;

  constructor(
    readonly tag: string,
    private readonly consumer: Consumer,
    private readonly slots: Semaphore,
    private readonly runner: JobRunner,
  ) {
    this.loop = this.pull();
  }

  private async pull(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.slots.available();
        if (this.stopped) break;
        const msg = await this.consumer.next({ expires: 2_000 });
        if (!msg) continue;
        if (this.stopped) {
          msg.nak();
          break;
        }
        await this.slots.acquire();
        const run = this.runner.run(msg).finally(() => {
          this.slots.release();
          this.inFlight.delete(run);
        });
        this.inFlight.add(run);
      } catch (err) {
        if (this.stopped) break;
        console.error(`worker: pulling from group ${this.tag} failed: ${(err as Error).message}`);
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  }

  /** Stops pulling; resolves when this group's running jobs are done. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
    await Promise.all(this.inFlight);
  }
}
