import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { ConsumerMessages, JsMsg } from '@nats-io/jetstream';
import type { Subscription } from '@nats-io/nats-core';
import { decodeEvent, ensureEventsConsumer, ProtocolError, type WorkerEvent } from '@runnel/protocol';
import { DataSource } from 'typeorm';
import { NATS } from '../nats/nats.module.js';
import type { Nats } from '../nats/nats.js';
import { EventEmitter } from 'node:events';
import { jobFeedSubjects } from './job-feed-subjects.js';
import { jobError, type JobRow } from './job-row.js';

/**
 * Applies worker events to PostgreSQL: the only path by which a job's state changes after it
 * is queued. A result is applied once: the first final status wins and later duplicates
 * (a redelivered attempt, a result after a cancel) change nothing.
 */
@Injectable()
export class JobEvents implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('JobEvents');
  private messages: ConsumerMessages | undefined;
  private advisories: Subscription | undefined;
  private loop: Promise<void> | undefined;
  /** `done:<id>` with the final row, for waiters in this process (other replicas hear `done.<id>`). */
  readonly finished = new EventEmitter().setMaxListeners(0);
  /**
   * Set by the flow orchestrator: told of every step job that ends, and awaited, so an event
   * whose flow could not be advanced is redelivered (the orchestrator ignores what it knew).
   */
  onChildFinished: ((row: JobRow) => Promise<void>) | undefined;

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(NATS) private readonly nats: Nats,
  ) {}

  async onModuleInit(): Promise<void> {
    const { jsm, js, names, nc } = this.nats;
    const durable = await ensureEventsConsumer(jsm, names);
    const consumer = await js.consumers.get(names.eventsStream, durable);
    this.messages = await consumer.consume({ max_messages: 512 });
    this.loop = this.run(this.messages);
    this.advisories = nc.subscribe(`$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.${names.jobsStream}.*`, {
      callback: (err, msg) => {
        if (!err) void this.onMaxDeliveries(msg.json<{ stream_seq: number; deliveries: number }>());
      },
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.advisories?.unsubscribe();
    await this.messages?.close();
    await this.loop;
  }

  private async run(messages: ConsumerMessages): Promise<void> {
    for await (const msg of messages) {
      await this.handle(msg);
    }
  }

  private async handle(msg: JsMsg): Promise<void> {
    let event: WorkerEvent;
    try {
      event = decodeEvent(msg.data);
    } catch (err) {
      if (err instanceof ProtocolError) {
        this.logger.error(`dropping bad worker event on ${msg.subject}: ${err.message}`);
        msg.term();
        return;
      }
      throw err;
    }
    try {
      await this.apply(event);
      msg.ack();
    } catch (err) {
      // PostgreSQL is down or busy: leave the event for redelivery rather than lose it.
      this.logger.warn(`event for job ${event.job_id} not applied yet: ${(err as Error).message}`);
      msg.nak(1000);
    }
  }

  async apply(event: WorkerEvent): Promise<void> {
    switch (event.type) {
      case 'started':
        await this.db.query(
          `UPDATE job SET status = 'running', started_at = $2, attempts = GREATEST(attempts, $3), worker = $4
           WHERE id = $1 AND status IN ('queued', 'running')`,
          [event.job_id, event.at, event.attempt, event.worker],
        );
        this.nats.nc.publish(jobFeedSubjects(this.nats.names).updated(event.job_id));
        return;
      case 'log':
        await this.db.query(
          `INSERT INTO job_log (job_id, attempt, seq, text) SELECT $1, $2, $3, $4 WHERE EXISTS (SELECT 1 FROM job WHERE id = $1)
           ON CONFLICT DO NOTHING`,
          [event.job_id, event.attempt, event.seq, event.text],
        );
        this.publishLog(event.job_id, event.attempt, event.seq, event.text);
        return;
      case 'result': {
        // One statement: the last log batch (kept even when the job is already final, e.g. a
        // canceled attempt's output) and the outcome.
        const [rows]: [JobRow[], number] = await this.db.query(
          `WITH log AS (
             INSERT INTO job_log (job_id, attempt, seq, text) SELECT $1, $5, $9, $10 WHERE $10::text IS NOT NULL
             ON CONFLICT DO NOTHING
           )
           UPDATE job SET status = $2, result = $3, worker = $4, attempts = GREATEST(attempts, $5),
             started_at = COALESCE(started_at, $6), completed_at = $7, duration_ms = $8
           WHERE id = $1 AND status IN ('queued', 'running') RETURNING *`,
          [
            event.job_id,
            event.status,
            JSON.stringify(event.result ?? null),
            event.worker,
            event.attempt,
            event.started_at,
            event.completed_at,
            Math.round(event.duration_ms),
            event.log?.seq ?? 0,
            event.log?.text ?? null,
          ],
        );
        if (event.log) this.publishLog(event.job_id, event.attempt, event.log.seq, event.log.text);
        if (rows.length) {
          this.finished.emit(`done:${event.job_id}`, rows[0]);
          this.nats.nc.publish(this.nats.names.doneSubject(event.job_id), event.status);
          if (rows[0]!.parent_job) await this.onChildFinished?.(rows[0]!);
        } else if (this.onChildFinished) {
          // A redelivery: the result was stored but the flow may not have heard of it.
          const [step]: JobRow[] = await this.db.query(
            `SELECT * FROM job WHERE id = $1 AND parent_job IS NOT NULL AND status IN ('success', 'failure', 'canceled')`,
            [event.job_id],
          );
          if (step) await this.onChildFinished(step);
        }
        return;
      }
    }
  }

  /** Live log watchers dedupe by (attempt, seq): a redelivered batch may be announced twice. */
  private publishLog(jobId: string, attempt: number, seq: number, text: string): void {
    this.nats.nc.publish(jobFeedSubjects(this.nats.names).logs(jobId), JSON.stringify({ attempt, seq, text }));
  }

  /** JetStream gave up on a job message: every attempt died without a result. */
  private async onMaxDeliveries(advisory: { stream_seq: number; deliveries: number }): Promise<void> {
    const { names, jsm, nc } = this.nats;
    try {
      const message = `no worker completed the job in ${advisory.deliveries} attempts (each worker stopped responding); giving up`;
      // TypeORM answers an UPDATE with [rows, count].
      const [rows]: [JobRow[], number] = await this.db.query(
        `UPDATE job SET status = 'failure', result = $2, completed_at = clock_timestamp()
         WHERE stream_seq = $1 AND status IN ('queued', 'running') RETURNING *`,
        [advisory.stream_seq, JSON.stringify(jobError('MaxAttemptsExceeded', message))],
      );
      // A WorkQueue keeps a message past max_deliver; it is dead now, so drop it.
      await jsm.streams.deleteMessage(names.jobsStream, advisory.stream_seq).catch(() => false);
      for (const row of rows) {
        nc.publish(names.doneSubject(row.id), 'failure');
        if (row.parent_job) await this.onChildFinished?.(row);
      }
    } catch (err) {
      this.logger.error(`cannot fail job at stream seq ${advisory.stream_seq}: ${(err as Error).message}`);
    }
  }
}
