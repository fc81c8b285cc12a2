import { Inject, Injectable } from '@nestjs/common';
import { NATS } from '../nats/nats.module.js';
import type { Nats } from '../nats/nats.js';
import { FINAL_STATUSES, type JobRow } from './job-row.js';
import { JobsService } from './jobs.service.js';

/**
 * Waits for a job to finish. Whichever server replica applies the result announces it on
 * `done.<id>`; the waiter subscribes before it reads the row, so it cannot miss it.
 */
@Injectable()
export class JobWaiter {
  constructor(
    @Inject(NATS) private readonly nats: Nats,
    @Inject(JobsService) private readonly jobs: JobsService,
  ) {}

  /** The finished job, or undefined if it is still running after `timeoutMs`. */
  async wait(workspace: string, id: string, timeoutMs: number): Promise<JobRow | undefined> {
    const sub = this.nats.nc.subscribe(this.nats.names.doneSubject(id), { max: 1 });
    try {
      const job = await this.jobs.get(workspace, id);
      if (FINAL_STATUSES.includes(job.status)) return job;
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
      const done = (async () => {
        for await (const _ of sub) return 'done' as const;
        return 'closed' as const;
      })();
      const outcome = await Promise.race([done, timedOut]);
      clearTimeout(timer);
      if (outcome === 'timeout') return undefined;
      const finished = await this.jobs.get(workspace, id);
      return FINAL_STATUSES.includes(finished.status) ? finished : undefined;
    } finally {
      sub.unsubscribe();
    }
  }
}
