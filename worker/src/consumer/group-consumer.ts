import {
  createInbox,
  nanos,
  type Msg,
  type NatsConnection,
  type QueuedIterator,
  type Status,
  type Subscription,
} from '@nats-io/nats-core';
import { toJobMsg, type JobMsg } from './job-msg.js';
import type { Semaphore } from './semaphore.js';

/** Runs one job message to its end: the worker's `JobRunner`. */
export interface JobHandler {
  run(msg: JobMsg, sandboxDone: () => void): Promise<void>;
}

/** Where a group's jobs are pulled from. */
export interface PullSource {
  nc: NatsConnection;
  /** The JetStream API prefix, `$JS.API` unless a domain or prefix is configured (`js.apiPrefix`). */
  apiPrefix: string;
  stream: string;
  /** The group's durable pull consumer. */
  consumer: string;
}

export interface PullOptions {
  /** How long the server keeps one pull request waiting for a job. Default 2000 ms. */
  expiresMs?: number;
  /** Pause before pulling again after the server refused a pull (409, 503…) or publishing failed. Default 1000 ms. */
  retryMs?: number;
}

/** How long past its expiry a pull may go unanswered before it counts as lost and is sent again. */
const LOST_AFTER_MS = 1_000;

type Answer = { kind: 'job'; job: JobMsg } | { kind: 'again' } | { kind: 'refused'; reason: string };

/**
 * Pulls one group's jobs, one message at a time and only while a slot is free, so a busy
 * worker leaves queued jobs to idle ones. Slots are shared by all groups: a worker serving
 * several groups may hold one message per group for a moment while it waits for a slot.
 *
 * The pull is JetStream's own protocol, without the client's `consumer.next()`, which builds a
 * subscription, timers and a heartbeat monitor for every message (docs/adr/0010-lean-pull.md):
 * one subscription on an inbox, and for each job a request `{"batch":1,"expires":…}` on
 * `<apiPrefix>.CONSUMER.MSG.NEXT.<stream>.<consumer>` with the inbox as reply subject. The server
 * answers with the job, or with a status (headers only): 408 when the request expired, 404 no
 * messages, 409 for a refusal (too many waiting requests, consumer deleted, leadership change),
 * 503 when no consumer listens; 100 is a heartbeat and ends nothing. Every other answer ends the
 * request; then a new one is sent once a slot is free: at once after a job, 404 or 408, after
 * `retryMs` after a refusal. One inbox never has more than one request out, so whatever arrives
 * on it answers that request.
 *
 * A request can go unanswered: lost with the connection, or lost some other way. On the
 * 'reconnect' status, and `LOST_AFTER_MS` after the request's expiry, the consumer moves to a new
 * inbox, drains the old one and asks again. Moving matters because the old request may be alive
 * after all: after a short disconnection the client subscribes again and the server's pending
 * request finds its reply subject listened to. Once the server has the unsubscribe it drops such a
 * request without delivering; a job it delivered before that reaches the draining subscription
 * and is run like any other, waiting for a slot if none is free (with the wait for a slot of
 * several groups, the only case where a message is held while busy: giving it back would spend
 * one of its attempts). Its late 408 ends nothing.
 */
export class GroupConsumer {
  private stopped = false;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly nc: NatsConnection;
  /** The inbox requests are sent with now, and its subscription; set by `listen()`. */
  private inbox!: string;
  private sub!: Subscription;
  private readonly nextSubject: string;
  private readonly request: Uint8Array;
  private readonly expiresMs: number;
  private readonly retryMs: number;
  private readonly status: QueuedIterator<Status>;
  /** The request awaiting its answer. */
  private waiting: { answer: (a: Answer) => void; timer: NodeJS.Timeout } | undefined;
  private online = true;
  /** Ends the loop's current pause (retry or offline); called on stop and on reconnect. */
  private wake: () => void = () => undefined;
  private readonly loop: Promise<void>;
  private readonly watching: Promise<void>;

  constructor(
    readonly tag: string,
    source: PullSource,
    private readonly slots: Semaphore,
    private readonly runner: JobHandler,
    options: PullOptions = {},
  ) {
    this.nc = source.nc;
    this.expiresMs = options.expiresMs ?? 2_000;
    this.retryMs = options.retryMs ?? 1_000;
    this.nextSubject = `${source.apiPrefix}.CONSUMER.MSG.NEXT.${source.stream}.${source.consumer}`;
    this.request = new TextEncoder().encode(JSON.stringify({ batch: 1, expires: nanos(this.expiresMs) }));
    this.listen();
    // status() is typed as a plain AsyncIterable, but it is a QueuedIterator: stop() ends it.
    this.status = this.nc.status() as QueuedIterator<Status>;
    this.watching = this.watch();
    this.loop = this.pull();
  }

  private async pull(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.slots.available();
        if (this.stopped) break;
        if (!this.online) {
          // A request sent now would be dropped with the buffer of the connection being redialed.
          await this.pause();
          continue;
        }
        const answer = await this.ask();
        if (answer.kind === 'job') {
          if (this.stopped) {
            answer.job.nak();
            break;
          }
          await this.slots.acquire();
          this.start(answer.job);
        } else if (answer.kind === 'refused' && !this.stopped) {
          console.error(`worker: group ${this.tag}: the server refused a pull (${answer.reason}); pulling again`);
          await this.pause(this.retryMs);
        }
      } catch (err) {
        if (this.stopped) break;
        console.error(`worker: pulling from group ${this.tag} failed: ${(err as Error).message}`);
        await this.pause(this.retryMs);
      }
    }
  }

  /** Sends one pull request; resolves with its answer, or `again` if it is lost. */
  private ask(): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const waiting = {
        answer: resolve,
        timer: setTimeout(() => {
          if (this.waiting !== waiting) return;
          if (!this.online) {
            // The reconnect moves to a new inbox.
            this.answer({ kind: 'again' });
            return;
          }
          console.error(`worker: group ${this.tag}: a pull went unanswered; pulling again`);
          this.moveInbox();
        }, this.expiresMs + LOST_AFTER_MS),
      };
      this.waiting = waiting;
      try {
        this.nc.publish(this.nextSubject, this.request, { reply: this.inbox });
      } catch (err) {
        clearTimeout(waiting.timer);
        this.waiting = undefined;
        reject(err as Error);
      }
    });
  }

  /** Ends the request awaiting its answer, if any. */
  private answer(answer: Answer): void {
    const waiting = this.waiting;
    if (!waiting) return;
    this.waiting = undefined;
    clearTimeout(waiting.timer);
    waiting.answer(answer);
  }

  private listen(): void {
    const inbox = createInbox();
    const sub: Subscription = this.nc.subscribe(inbox, { callback: (err, msg) => this.receive(sub, err, msg) });
    this.inbox = inbox;
    this.sub = sub;
  }

  /** Leaves a request that may be lost or alive: asks again on a new inbox (see the class comment). */
  private moveInbox(): void {
    const old = this.sub;
    this.listen();
    old
      .drain()
      .catch((err: Error) => console.error(`worker: group ${this.tag}: draining an old inbox: ${err.message}`));
    this.answer({ kind: 'again' });
  }

  private receive(sub: Subscription, err: Error | null, msg: Msg): void {
    if (err) {
      // The server closed the subscription (permissions): pulls go unanswered and are retried.
      console.error(`worker: group ${this.tag}: the pull inbox failed: ${err.message}`);
      return;
    }
    const current = sub === this.sub && this.waiting !== undefined;
    const code = msg.headers?.code ?? 0;
    if (code !== 0) {
      if (!current || code === 100) return;
      if (code === 404 || code === 408) this.answer({ kind: 'again' });
      else this.answer({ kind: 'refused', reason: `${code} ${msg.headers?.description ?? ''}`.trim() });
      return;
    }
    let job: JobMsg;
    try {
      job = toJobMsg(msg, this.nc);
    } catch (e) {
      console.error(`worker: group ${this.tag}: ignoring a message on the pull inbox: ${(e as Error).message}`);
      return;
    }
    if (current) {
      this.answer({ kind: 'job', job });
    } else if (this.stopped) {
      job.nak();
    } else {
      // Delivered for a request left behind (see the class comment).
      this.start(job, this.slots.acquire());
    }
  }

  /**
   * Runs a job once its slot is taken. The slot is given back once its sandbox is done, so the
   * next job is pulled while this one's result is still on its way (or when it ends otherwise).
   */
  private start(job: JobMsg, slotTaken?: Promise<void>): void {
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      this.slots.release();
    };
    const running = slotTaken ? slotTaken.then(() => this.runner.run(job, release)) : this.runner.run(job, release);
    const run = running.finally(() => {
      release();
      this.inFlight.delete(run);
    });
    this.inFlight.add(run);
  }

  private async watch(): Promise<void> {
    for await (const s of this.status) {
      if (s.type === 'disconnect') {
        this.online = false;
      } else if (s.type === 'reconnect') {
        this.online = true;
        // Requests sent before are lost with the old connection, or may be alive (see the class
        // comment). Once stopping, no new inbox: stop() may have unsubscribed the last one already.
        if (this.stopped) this.answer({ kind: 'again' });
        else this.moveInbox();
        this.wake();
      }
    }
  }

  /** Waits `ms`, or until woken (reconnected, stopping) if no `ms`. */
  private pause(ms?: number): Promise<void> {
    return new Promise((resolve) => {
      if (this.stopped) return resolve();
      const timer = ms === undefined ? undefined : setTimeout(() => this.wake(), ms);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = () => undefined;
        resolve();
      };
    });
  }

  /**
   * Stops pulling; resolves when this group's running jobs are done. A request still out is
   * awaited (at most its expiry and `LOST_AFTER_MS`): a job it delivers now is given back.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake();
    await this.loop;
    await Promise.all(this.inFlight);
    this.sub.unsubscribe();
    this.status.stop();
    await this.watching;
  }
}
