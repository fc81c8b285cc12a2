import type { JetStreamClient } from '@nats-io/jetstream';
import { encodeEvent, publishRetried, type NatsNames, type WorkerEvent } from '@runnel/protocol';

const FLUSH_MS = 50;
const FLUSH_BYTES = 32 * 1024;
/**
 * A job that ends sooner than this never sends `started`: its result says all. Most jobs are
 * short, and each event is a JetStream round trip plus a PostgreSQL write on the server.
 */
const STARTED_AFTER_MS = 100;

type ResultEvent = Extract<WorkerEvent, { type: 'result' }>;

/**
 * How long an event's publish is retried (the same message id each time, so JetStream stores it
 * once): long enough for a NATS cluster to elect a new leader of the events stream after a node
 * died, so the attempt is not given up and run again (docs/adr/0041-clustered-queue.md). The job's
 * message stays ours meanwhile (the runner's `working()` heartbeat).
 */
const EVENT_RETRY_MS = 30_000;

/** Room in a message for what is not the event: the message id header and NATS's framing. */
const HEADROOM = 1024;

/**
 * Sends one job attempt's events to the server over JetStream. Log lines are batched (every
 * 50 ms or 32 KiB), and the last batch rides with the result, so a short job costs one event;
 * every event has a message id so a retried publish is not stored twice.
 */
export class JobReporter {
  private seq = 0;
  private buffer = '';
  private timer: NodeJS.Timeout | undefined;
  private startedTimer: NodeJS.Timeout | undefined;
  private readonly pending: Promise<unknown>[] = [];

  constructor(
    private readonly js: JetStreamClient,
    private readonly names: NatsNames,
    private readonly jobId: string,
    private readonly attempt: number,
    private readonly worker: string,
    /** The largest message NATS takes (its INFO's max_payload, headers included). */
    private readonly maxPayload: () => number,
  ) {}

  /** Announces the start once the job has run for a moment; see STARTED_AFTER_MS. */
  started(at = new Date()): void {
    this.startedTimer = setTimeout(() => {
      this.startedTimer = undefined;
      const event: WorkerEvent = {
        type: 'started',
        job_id: this.jobId,
        attempt: this.attempt,
        worker: this.worker,
        at: at.toISOString(),
      };
      this.track(this.send(event, 'started'));
    }, STARTED_AFTER_MS);
  }

  log(text: string): void {
    if (!text) return;
    this.buffer += text;
    if (this.buffer.length >= FLUSH_BYTES) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }

  /** Sends the outcome, with the last log batch, after every earlier event; resolves once JetStream stored it. */
  async result(outcome: Omit<ResultEvent, 'type' | 'job_id' | 'attempt' | 'worker' | 'log'>): Promise<void> {
    clearTimeout(this.startedTimer);
    clearTimeout(this.timer);
    this.timer = undefined;
    const event: ResultEvent = {
      type: 'result',
      job_id: this.jobId,
      attempt: this.attempt,
      worker: this.worker,
      ...outcome,
    };
    if (this.buffer) {
      event.log = { seq: this.seq++, text: this.buffer };
      this.buffer = '';
    }
    await Promise.all(this.pending);
    await this.sendResult(event);
  }

  /**
   * A result event must fit in one NATS message: a larger one could never be published, the
   * attempt would end unreported and the job be retried until it fails for "no worker completed
   * it". The last log batch then goes on its own, and a result that still does not fit becomes
   * the error that says so.
   */
  private async sendResult(event: ResultEvent): Promise<void> {
    const limit = this.maxPayload() - HEADROOM;
    let size = encodeEvent(event).length;
    if (size > limit && event.log) {
      const { log, ...rest } = event;
      await this.send({ type: 'log', job_id: this.jobId, attempt: this.attempt, ...log }, `log-${log.seq}`);
      event = rest;
      size = encodeEvent(event).length;
    }
    if (size > limit) {
      event = {
        ...event,
        status: 'failure',
        result: {
          error: {
            name: 'ResultTooLarge',
            message:
              `the result is ${size} bytes as sent, over the ${limit} bytes one NATS message can carry ` +
              `(nats-server's max_payload): return a smaller result or a reference to the data (a URL, a storage key), ` +
              `or raise max_payload in nats-server's configuration`,
          },
        },
      };
    }
    await this.send(event, 'result');
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.buffer) return;
    const seq = this.seq++;
    const event: WorkerEvent = { type: 'log', job_id: this.jobId, attempt: this.attempt, seq, text: this.buffer };
    this.buffer = '';
    this.track(this.send(event, `log-${seq}`));
  }

  private track(sent: Promise<void>): void {
    this.pending.push(
      sent.catch((err: Error) => console.error(`worker: event for job ${this.jobId} lost: ${err.message}`)),
    );
  }

  private async send(event: WorkerEvent, kind: string): Promise<void> {
    await publishRetried(this.js, this.names.eventsSubject(this.jobId), encodeEvent(event), {
      msgID: `${this.jobId}.${this.attempt}.${kind}`,
      retryMs: EVENT_RETRY_MS,
    });
  }
}
