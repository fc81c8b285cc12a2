import type { JetStreamClient } from '@nats-io/jetstream';
import { encodeEvent, type NatsNames, type WorkerEvent } from '@runnel/protocol';

const FLUSH_MS = 50;
const FLUSH_BYTES = 32 * 1024;

/**
 * Sends one job attempt's events to the server over JetStream. Log lines are batched (every
 * 50 ms or 32 KiB) so a chatty script costs few messages; every event has a message id so a
 * retried publish is not stored twice.
 */
export class JobReporter {
  private seq = 0;
  private buffer = '';
  private timer: NodeJS.Timeout | undefined;
  private readonly pending: Promise<unknown>[] = [];

  constructor(
    private readonly js: JetStreamClient,
    private readonly names: NatsNames,
    private readonly jobId: string,
    private readonly attempt: number,
    private readonly worker: string,
  ) {}

  /** Sent without waiting: the sandbox starts meanwhile, and the result waits for it. */
  started(): void {
    this.track(
      this.send(
        {
          type: 'started',
          job_id: this.jobId,
          attempt: this.attempt,
          worker: this.worker,
          at: new Date().toISOString(),
        },
        'started',
      ),
    );
  }

  private track(sent: Promise<void>): void {
    this.pending.push(
      sent.catch((err: Error) => console.error(`worker: event for job ${this.jobId} lost: ${err.message}`)),
    );
  }

  log(text: string): void {
    this.buffer += text;
    if (this.buffer.length >= FLUSH_BYTES) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), FLUSH_MS);
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

  /** Sends the outcome after every log batch, and resolves once JetStream stored it. */
  async result(
    outcome: Omit<Extract<WorkerEvent, { type: 'result' }>, 'type' | 'job_id' | 'attempt' | 'worker'>,
  ): Promise<void> {
    this.flush();
    await Promise.all(this.pending);
    await this.send(
      { type: 'result', job_id: this.jobId, attempt: this.attempt, worker: this.worker, ...outcome },
      'result',
    );
  }

  private async send(event: WorkerEvent, kind: string): Promise<void> {
    await this.js.publish(this.names.eventsSubject(this.jobId), encodeEvent(event), {
      msgID: `${this.jobId}.${this.attempt}.${kind}`,
    });
  }
}
