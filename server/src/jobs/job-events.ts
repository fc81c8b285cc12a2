import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { ConsumerMessages, JsMsg } from '@nats-io/jetstream';
import type { Subscription } from '@nats-io/nats-core';
import { decodeEvent, ensureEventsConsumer, ProtocolError, type WorkerEvent } from '@runnel/protocol';
import { DataSource } from 'typeorm';
import { NATS } from '../nats/nats-token.js';
import type { Nats } from '../nats/nats.js';
import { EventEmitter } from 'node:events';
import { JobTelemetry } from '../metrics/job-telemetry.js';
import { FINAL_STATUSES, jobError, type JobRow } from './job-row.js';
import { StepFinished } from './step-finished.js';

/** Events applied in one statement at most. */
const MAX_BATCH = 256;
/** Flows advanced at once by results (each holds a database connection meanwhile). */
const MAX_ADVANCING = 8;
/** Rows kept for waiters that come late: how long, and how many at most. */
const RECENT_MS = 2000;
const RECENT_MAX = 64;
/** PostgreSQL text can't hold NUL: a job that prints one gets U+FFFD in its log instead (not an event that never applies). */
const storable = (text: string): string => text.replaceAll('\0', '\uFFFD');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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
  /** Delivered, not yet applied; see drain(). */
  private pending: JsMsg[] = [];
  private draining: Promise<void> | undefined;
  /** The last result handed to each flow that is advancing; see advance(). */
  private readonly advancing = new Map<string, Promise<void>>();
  /** `done:<id>` with the final row, for waiters in this process (other replicas hear `done.<id>`). */
  readonly finished = new EventEmitter().setMaxListeners(0);
  /**
   * The rows that ended here in the last moments, by id: a synchronous caller whose job ended
   * before it began to wait (a nativets flow ends inside the call that starts it) finds its row
   * here instead of reading it again.
   */
  private readonly recent = new Map<string, { row: JobRow; at: number }>();
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(NATS) private readonly nats: Nats,
    @Inject(StepFinished) private readonly stepFinished: StepFinished,
    @Inject(JobTelemetry) private readonly telemetry: JobTelemetry,
  ) {}

  /** Tells this process's waiters that `row` was answered (ended, or a flow's early return). */
  announce(row: JobRow): void {
    if (FINAL_STATUSES.includes(row.status)) {
      const now = Date.now();
      for (const [id, { at }] of this.recent) {
        if (this.recent.size < RECENT_MAX && now - at < RECENT_MS) break;
        this.recent.delete(id);
      }
      this.recent.set(row.id, { row, at: now });
    }
    this.finished.emit(`done:${row.id}`, row);
  }

  /** The final row of job `id` of `workspace` if it ended here in the last moments. */
  recentlyFinished(workspace: string, id: string): JobRow | undefined {
    const kept = this.recent.get(id);
    return kept && kept.row.workspace_id === workspace && Date.now() - kept.at < RECENT_MS ? kept.row : undefined;
  }

  async onModuleInit(): Promise<void> {
    const { jsm, js, names, nc } = this.nats;
    const durable = await ensureEventsConsumer(jsm, names, (message) => this.logger.warn(message));
    const consumer = await js.consumers.get(names.eventsStream, durable);
    this.messages = await consumer.consume({
      max_messages: 512,
      // Pulls of 5 s, so heartbeats every 2.5 s: a pull lost with a NATS node that died (its
      // consumer's leader) is noticed after two missed, 5 s, not nats.js's default 30 s (ADR 0041).
      expires: 5_000,
      callback: (msg) => this.receive(msg),
    });
    this.advisories = nc.subscribe(`$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.${names.jobsStream}.*`, {
      callback: (err, msg) => {
        if (!err) void this.onMaxDeliveries(msg.json<{ stream_seq: number; deliveries: number }>());
      },
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.advisories?.unsubscribe();
    await this.messages?.close();
    await this.draining;
    await Promise.all(this.advancing.values());
  }

  /**
   * Events are applied in order, in batches: whatever arrived while the last batch was being
   * written goes in the next one. One job at a time costs one statement per batch; under load
   * (many jobs finishing at once) many events share a statement.
   */
  private receive(msg: JsMsg): void {
    this.pending.push(msg);
    this.draining ??= this.drain();
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        const batch = this.pending.splice(0, MAX_BATCH);
        const events: { msg: JsMsg; event: WorkerEvent }[] = [];
        for (const msg of batch) {
          const event = this.decode(msg);
          if (event) events.push({ msg, event });
        }
        try {
          await this.applyBatch(events);
        } catch (err) {
          // One event may be at fault (or PostgreSQL is down): apply them one by one.
          this.logger.warn(
            `a batch of ${events.length} worker events failed, applying them one by one: ${(err as Error).message}`,
          );
          for (const one of events) {
            await this.applyBatch([one]).catch((failure: Error) => {
              // PostgreSQL is down or busy: leave the event for redelivery rather than lose it.
              this.logger.warn(`event for job ${one.event.job_id} not applied yet: ${failure.message}`);
              one.msg.nak(1000);
            });
          }
        }
      }
    } finally {
      // Whatever happened, the next event starts a drain again (an event left unacked is redelivered).
      this.draining = undefined;
    }
  }

  private decode(msg: JsMsg): WorkerEvent | undefined {
    try {
      const event = decodeEvent(msg.data);
      if (!UUID.test(event.job_id)) throw new ProtocolError(`job_id "${event.job_id}" is no UUID`);
      return event;
    } catch (err) {
      this.logger.error(`dropping bad worker event on ${msg.subject}: ${(err as Error).message}`);
      msg.term();
      return undefined;
    }
  }

  /**
   * Applies a batch in one statement, then acks it; a step's result (or a redelivered result)
   * once its flow has heard of it, which may be after this returns (see advance()). A `started`
   * whose job's result is in the same batch is left to the result (which sets started_at), so no
   * statement touches a row twice. Rejects if the statement fails; then nothing of the batch was
   * stored.
   */
  private async applyBatch(events: { msg: JsMsg; event: WorkerEvent }[]): Promise<void> {
    if (events.length === 0) return;
    const results = new Map<string, Extract<WorkerEvent, { type: 'result' }>>();
    const logs: { job_id: string; attempt: number; seq: number; text: string }[] = [];
    for (const { event } of events) {
      if (event.type === 'log') logs.push({ ...event, text: storable(event.text) });
      if (event.type !== 'result') continue;
      if (event.log)
        logs.push({ job_id: event.job_id, attempt: event.attempt, seq: event.log.seq, text: storable(event.log.text) });
      // The first final status wins, within a batch as across them; a later one is a redelivery.
      if (!results.has(event.job_id)) results.set(event.job_id, event);
    }
    const started = new Map<string, Extract<WorkerEvent, { type: 'started' }>>();
    for (const { event } of events) {
      if (event.type === 'started' && !results.has(event.job_id)) started.set(event.job_id, event);
    }
    const result = [...results.values()];
    const [rows]: [JobRow[], number] = await this.db.query(
      `WITH log AS (
         INSERT INTO job_log (job_id, attempt, seq, text)
         SELECT l.job_id, l.attempt, l.seq, l.text
         FROM unnest($1::uuid[], $2::int[], $3::int[], $4::text[]) AS l(job_id, attempt, seq, text)
         WHERE EXISTS (SELECT 1 FROM job WHERE id = l.job_id)
         ON CONFLICT DO NOTHING
       ), started AS (
         UPDATE job SET status = 'running', started_at = s.at, attempts = GREATEST(job.attempts, s.attempt), worker = s.worker
         FROM unnest($5::uuid[], $6::timestamptz[], $7::int[], $8::text[]) AS s(id, at, attempt, worker)
         WHERE job.id = s.id AND job.status IN ('queued', 'running')
       )
       UPDATE job SET status = r.status, result = r.result::json, worker = r.worker,
         attempts = GREATEST(job.attempts, r.attempt), started_at = COALESCE(job.started_at, r.started_at),
         completed_at = r.completed_at, duration_ms = r.duration_ms
       FROM unnest($9::uuid[], $10::text[], $11::text[], $12::text[], $13::int[], $14::timestamptz[],
                   $15::timestamptz[], $16::int[])
         AS r(id, status, result, worker, attempt, started_at, completed_at, duration_ms)
       WHERE job.id = r.id AND job.status IN ('queued', 'running') RETURNING job.*`,
      [
        logs.map((l) => l.job_id),
        logs.map((l) => l.attempt),
        logs.map((l) => l.seq),
        logs.map((l) => l.text),
        [...started.keys()],
        [...started.values()].map((s) => s.at),
        [...started.values()].map((s) => s.attempt),
        [...started.values()].map((s) => s.worker),
        result.map((r) => r.job_id),
        result.map((r) => r.status),
        result.map((r) => JSON.stringify(r.result ?? null)),
        result.map((r) => r.worker),
        result.map((r) => r.attempt),
        result.map((r) => r.started_at),
        result.map((r) => r.completed_at),
        result.map((r) => Math.round(r.duration_ms)),
      ],
    );
    // Stored: now tell the watchers, then the flows, and ack.
    for (const { event } of events)
      if (event.type === 'started') this.nats.nc.publish(this.nats.names.jobUpdatedSubject(event.job_id));
    for (const log of logs) this.publishLog(log.job_id, log.attempt, log.seq, log.text);
    const final = new Map(rows.map((row) => [row.id, row]));
    for (const { msg, event } of events) {
      if (event.type !== 'result') {
        msg.ack();
        continue;
      }
      const row = results.get(event.job_id) === event ? final.get(event.job_id) : undefined;
      if (row) {
        this.telemetry.finished(row);
        this.announce(row);
        this.nats.nc.publish(this.nats.names.doneSubject(row.id), row.status);
      }
      if (row && !row.parent_job) msg.ack();
      else await this.advance(msg, event.job_id, row);
    }
  }

  /**
   * Tells a stored result's flow (a redelivered one's, if it has one), then acks it, without
   * holding up the next batch: flows advance at once, each in its own transaction, so one flow
   * that waits (its row locked by a long transaction) holds up no other. The results of one flow
   * go in the order they came; at most MAX_ADVANCING flows at a time.
   */
  private async advance(msg: JsMsg, jobId: string, row: JobRow | undefined): Promise<void> {
    const flow = row?.parent_job ?? jobId;
    while (this.advancing.size >= MAX_ADVANCING && !this.advancing.has(flow)) {
      await Promise.race(this.advancing.values());
    }
    const told = async (): Promise<void> => {
      try {
        if (row) await this.stepFinished.announce(row);
        else await this.notifyFlowOfStoredResult(jobId);
        msg.ack();
      } catch (err) {
        // Stored, but its flow could not be advanced: the redelivery tells the flow again.
        this.logger.warn(`flow of job ${jobId} not advanced yet: ${(err as Error).message}`);
        msg.nak(1000);
      }
    };
    const next = (this.advancing.get(flow) ?? Promise.resolve()).then(told);
    this.advancing.set(flow, next);
    void next.then(() => {
      if (this.advancing.get(flow) === next) this.advancing.delete(flow);
    });
  }

  /** A redelivered result: it was stored already, but its flow (if any) may not have heard of it. */
  private async notifyFlowOfStoredResult(jobId: string): Promise<void> {
    if (!this.stepFinished.heard) return;
    const [step]: JobRow[] = await this.db.query(
      `SELECT * FROM job WHERE id = $1 AND parent_job IS NOT NULL AND status IN ('success', 'failure', 'canceled')`,
      [jobId],
    );
    if (step) await this.stepFinished.announce(step);
  }

  /** Live log watchers dedupe by (attempt, seq): a redelivered batch may be announced twice. */
  private publishLog(jobId: string, attempt: number, seq: number, text: string): void {
    this.nats.nc.publish(this.nats.names.jobLogsSubject(jobId), JSON.stringify({ attempt, seq, text }));
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
        this.telemetry.finished(row, message);
        nc.publish(names.doneSubject(row.id), 'failure');
        if (row.parent_job) await this.stepFinished.announce(row);
      }
    } catch (err) {
      this.logger.error(`cannot fail job at stream seq ${advisory.stream_seq}: ${(err as Error).message}`);
    }
  }
}
