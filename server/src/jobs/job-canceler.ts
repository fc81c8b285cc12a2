import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NATS } from '../nats/nats-token.js';
import type { Nats } from '../nats/nats.js';
import { JobTelemetry } from '../metrics/job-telemetry.js';
import { jobError, type JobRow } from './job-row.js';

/**
 * Cancels one script job: records the cancel at once (a dead worker must not leave it
 * pending), then tells the worker — the KV entry covers a worker that pulls the job later,
 * the message one running it. Returns the canceled row, or undefined if it had already ended.
 */
@Injectable()
export class JobCanceler {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(NATS) private readonly nats: Nats,
    @Inject(JobTelemetry) private readonly telemetry: JobTelemetry,
  ) {}

  async cancel(id: string, message: string): Promise<JobRow | undefined> {
    // TypeORM answers an UPDATE with [rows, count].
    const [rows]: [JobRow[], number] = await this.db.query(
      `UPDATE job SET status = 'canceled', result = $2, completed_at = clock_timestamp(),
         duration_ms = CASE WHEN started_at IS NULL THEN NULL
                            ELSE round(extract(epoch FROM clock_timestamp() - started_at) * 1000) END
       WHERE id = $1 AND status IN ('queued', 'running')
       RETURNING *, (SELECT status FROM job WHERE id = $1) AS previous_status`,
      [id, JSON.stringify(jobError('Canceled', message))],
    );
    const row = rows[0] as (JobRow & { previous_status: string }) | undefined;
    if (!row) return undefined;
    const { names, canceled, nc, jsm } = this.nats;
    await canceled.put(id, message);
    nc.publish(names.cancelSubject(id), message);
    if (row.previous_status === 'queued' && row.stream_seq) {
      // Not yet running: take it off the queue. It may be in a worker's hands already; the KV entry stops it.
      await jsm.streams.deleteMessage(names.jobsStream, Number(row.stream_seq)).catch(() => false);
    }
    this.telemetry.finished(row);
    nc.publish(names.doneSubject(id), 'canceled');
    return row;
  }
}
