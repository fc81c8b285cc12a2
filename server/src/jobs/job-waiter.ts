import { Inject, Injectable } from '@nestjs/common';
import { NATS } from '../nats/nats-token.js';
import type { Nats } from '../nats/nats.js';
import { JobEvents } from './job-events.js';
import { hasAnswered, type JobRow } from './job-row.js';
import { JobsService } from './jobs.service.js';

/**
 * Waits for a job to finish. When this process applies the result, JobEvents hands the final
 * row over directly; when another replica does, it announces it on `done.<id>` and the row is
 * read again. Both are listened to before the row is first read, so neither can be missed.
 */
@Injectable()
export class JobWaiter {
  constructor(
    @Inject(NATS) private readonly nats: Nats,
    @Inject(JobsService) private readonly jobs: JobsService,
    @Inject(JobEvents) private readonly events: JobEvents,
  ) {}

  /**
   * The finished job (or a flow whose `early_return` answered while it runs on), or undefined
   * if it is still running after `timeoutMs`.
   */
  async wait(workspace: string, id: string, timeoutMs: number): Promise<JobRow | undefined> {
    const key = `done:${id}`;
    let onLocal: ((row: JobRow) => void) | undefined;
    const local = new Promise<JobRow>((resolve) => (onLocal = resolve));
    this.events.finished.once(key, onLocal!);
    const sub = this.nats.nc.subscribe(this.nats.names.doneSubject(id), { max: 1 });
    let timer: NodeJS.Timeout | undefined;
    try {
      const recent = this.events.recentlyFinished(workspace, id);
      const job = recent && hasAnswered(recent) ? recent : await this.jobs.answered(workspace, id);
      if (job) return job;
      const remote = (async () => {
        for await (const _ of sub) return this.jobs.get(workspace, id);
        return undefined;
      })();
      const timedOut = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), timeoutMs)));
      const finished = await Promise.race([local, remote, timedOut]);
      return finished && hasAnswered(finished) ? finished : undefined;
    } finally {
      clearTimeout(timer);
      this.events.finished.off(key, onLocal!);
      sub.unsubscribe();
    }
  }
}
