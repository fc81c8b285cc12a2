import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { LogChunk } from '../jobs/log-chunk.js';
import { FINAL_STATUSES, isJobId, type JobRow } from '../jobs/job-row.js';
import { JobsService } from '../jobs/jobs.service.js';
import { NATS } from '../nats/nats-token.js';
import type { Nats } from '../nats/nats.js';
import { Channel } from './channel.js';
import { toGraphQLError } from './gql-errors.js';

/**
 * Live views of one job for subscriptions, correct on any replica: each listens on core NATS
 * first (`jobUpdatedSubject`, `jobLogsSubject` and `doneSubject` of protocol/src/names.ts), then
 * reads PostgreSQL, so nothing that happens in between is missed. The first read happens before the iterator is returned, so
 * an unknown job is the subscription's error, not a stream that ends at once.
 */
@Injectable()
export class JobFeed {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(NATS) private readonly nats: Nats,
    @Inject(JobsService) private readonly jobs: JobsService,
  ) {}

  /** The job now, then again each time its status, attempt or progress changes; ends after a final status. */
  async updates(workspace: string, id: string): Promise<AsyncIterableIterator<JobRow>> {
    await this.assertJobId(workspace, id);
    const channel = new Channel<JobRow>();
    const serial = serialize((err) => channel.fail(toGraphQLError(err)));
    let last: string | undefined;
    const refresh = async () => {
      const row = await this.jobs.get(workspace, id);
      const key = JSON.stringify([
        row.status,
        row.attempts,
        row.worker,
        row.started_at,
        row.early_return,
        row.progress,
      ]);
      if (key !== last) {
        last = key;
        channel.push(row);
      }
      if (FINAL_STATUSES.includes(row.status)) channel.end();
    };
    const { nc, names } = this.nats;
    for (const subject of [names.jobUpdatedSubject(id), names.doneSubject(id)]) {
      const sub = nc.subscribe(subject, { callback: () => serial.next(refresh) });
      channel.onClose(() => sub.unsubscribe());
    }
    await serial.first(refresh, () => channel.return());
    return channel;
  }

  /**
   * The job's stored output, then each batch as it is stored, deduplicated by (attempt, seq);
   * ends once the job has ended and its last batch is sent.
   */
  async logs(workspace: string, id: string): Promise<AsyncIterableIterator<LogChunk>> {
    await this.assertJobId(workspace, id);
    const channel = new Channel<LogChunk>();
    const serial = serialize((err) => channel.fail(toGraphQLError(err)));
    const seen = new Set<string>();
    const emit = (chunk: LogChunk) => {
      const key = `${chunk.attempt}:${chunk.seq}`;
      if (seen.has(key)) return;
      seen.add(key);
      channel.push(chunk);
    };
    // Batches heard before the stored ones are sent wait here, so the order stays stored-then-live.
    let early: LogChunk[] | undefined = [];
    const { nc, names } = this.nats;
    const logs = nc.subscribe(names.jobLogsSubject(id), {
      callback: (err, msg) => {
        if (err) return;
        const chunk = msg.json<LogChunk>();
        if (early) early.push(chunk);
        else emit(chunk);
      },
    });
    channel.onClose(() => logs.unsubscribe());
    // The result's statement stores the last batch, so once `done` is heard, every batch is stored.
    const finish = async () => {
      for (const chunk of await this.stored(id)) emit(chunk);
      channel.end();
    };
    const done = nc.subscribe(names.doneSubject(id), { max: 1, callback: () => serial.next(finish) });
    channel.onClose(() => done.unsubscribe());
    await serial.first(
      async () => {
        const job = await this.jobs.get(workspace, id);
        for (const chunk of await this.stored(id)) emit(chunk);
        for (const chunk of early ?? []) emit(chunk);
        early = undefined;
        if (FINAL_STATUSES.includes(job.status)) channel.end();
      },
      () => channel.return(),
    );
    return channel;
  }

  /**
   * The id becomes a NATS subject token before the job is read, and only a job id (a UUID) is
   * sure to be a valid one (no space, dot or wildcard): anything else gets the read's not-found.
   */
  private async assertJobId(workspace: string, id: string): Promise<void> {
    if (!isJobId(id)) await this.jobs.get(workspace, id);
  }

  private stored(id: string): Promise<LogChunk[]> {
    return this.db.query('SELECT attempt, seq, text FROM job_log WHERE job_id = $1 ORDER BY attempt, seq', [id]);
  }
}

/**
 * Runs steps one at a time, in order: NATS callbacks fire while a read is in flight. The first
 * step's error is thrown to the caller; a later step's goes to `onError`.
 */
function serialize(onError: (err: unknown) => void) {
  let chain: Promise<unknown> = Promise.resolve();
  const enqueue = (step: () => Promise<void>) => {
    const run = chain.then(step);
    chain = run.catch(() => undefined);
    return run;
  };
  return {
    next(step: () => Promise<void>): void {
      enqueue(step).catch(onError);
    },
    async first(step: () => Promise<void>, onFailure: () => void): Promise<void> {
      try {
        await enqueue(step);
      } catch (err) {
        onFailure();
        throw err;
      }
    },
  };
}
