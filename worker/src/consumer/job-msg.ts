import type { Msg, NatsConnection } from '@nats-io/nats-core';

/** How long a job's ack is sent again while JetStream does not confirm it (a consumer's leader election). */
export const ACK_RETRY_MS = 20_000;
/** How long one ack waits for its confirmation. */
const ACK_CONFIRM_TIMEOUT_MS = 2_000;

/**
 * What the runner uses of a delivered job message. `JsMsg` of `@nats-io/jetstream` has this
 * shape too; the worker builds its own from the core message (`toJobMsg`), because the client's
 * `toJsMsg` is not among the package's exports.
 */
export interface JobMsg {
  readonly data: Uint8Array;
  /** The message's sequence in the jobs stream. */
  readonly seq: number;
  readonly info: {
    /** 1 on the first delivery; counts toward the consumer's `max_deliver`. */
    readonly deliveryCount: number;
  };
  ack(): void;
  /**
   * Acks and waits for JetStream to confirm it, sending the ack again (an ack is idempotent) until
   * it does or `retryMs` has passed; resolves whether it was confirmed. An ack lost with the NATS
   * node it went to would otherwise bring the job back after `ack_wait` and run it twice
   * (docs/adr/0041-clustered-queue.md).
   */
  ackConfirmed(retryMs?: number): Promise<boolean>;
  /** Gives the message back for redelivery, after `delayMs` if given. */
  nak(delayMs?: number): void;
  /** Never redeliver. */
  term(): void;
  /** Still working on it: restarts the `ack_wait` clock. */
  working(): void;
}

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
const ACK = encode('+ACK');
const NAK = encode('-NAK');
const WPI = encode('+WPI');
const TERM = encode('+TERM');

export interface AckSubject {
  stream: string;
  consumer: string;
  deliveryCount: number;
  streamSequence: number;
}

/**
 * Reads JetStream's ack subject, the reply subject of every delivery:
 * `$JS.ACK.<stream>.<consumer>.<delivered>.<sseq>.<cseq>.<ts>.<pending>` (9 tokens), or with a
 * domain and account hash after `ACK` (11 tokens, 12 with the trailing random token of newer
 * servers). As nats.js's `parseInfo` does.
 */
export function parseAckSubject(reply: string): AckSubject {
  const t = reply.split('.');
  const at = t.length === 9 ? 2 : t.length >= 11 ? 4 : -1;
  const deliveryCount = Number(t[at + 2]);
  const streamSequence = Number(t[at + 3]);
  if (
    at < 0 ||
    t[0] !== '$JS' ||
    t[1] !== 'ACK' ||
    !Number.isSafeInteger(deliveryCount) ||
    !Number.isSafeInteger(streamSequence)
  ) {
    throw new Error(`not a JetStream delivery: reply subject "${reply}"`);
  }
  return { stream: t[at], consumer: t[at + 1], deliveryCount, streamSequence };
}

class CoreJobMsg implements JobMsg {
  readonly info: { readonly deliveryCount: number };
  readonly seq: number;
  /** Set by the first ack, nak or term: those are final, only `working()` may be repeated. */
  private answered = false;

  constructor(
    private readonly msg: Msg,
    private readonly nc: NatsConnection,
  ) {
    const ack = parseAckSubject(msg.reply ?? '');
    this.seq = ack.streamSequence;
    this.info = { deliveryCount: ack.deliveryCount };
  }

  get data(): Uint8Array {
    return this.msg.data;
  }

  ack(): void {
    this.answer(ACK);
  }

  async ackConfirmed(retryMs = ACK_RETRY_MS): Promise<boolean> {
    if (this.answered) return false;
    this.answered = true;
    const deadline = Date.now() + retryMs;
    for (let attempt = 0; ; attempt++) {
      try {
        await this.nc.request(this.msg.reply!, ACK, { timeout: ACK_CONFIRM_TIMEOUT_MS });
        return true;
      } catch {
        const pause = Math.min(1000, 50 * 2 ** attempt);
        if (this.nc.isClosed() || Date.now() + pause >= deadline) return false;
        await new Promise((resolve) => setTimeout(resolve, pause));
      }
    }
  }

  nak(delayMs?: number): void {
    // The delay is in nanoseconds, as everywhere in the JetStream API.
    this.answer(delayMs ? encode(`-NAK ${JSON.stringify({ delay: delayMs * 1_000_000 })}`) : NAK);
  }

  term(): void {
    this.answer(TERM);
  }

  working(): void {
    if (!this.answered) this.msg.respond(WPI);
  }

  private answer(payload: Uint8Array): void {
    if (this.answered) return;
    this.answered = true;
    this.msg.respond(payload);
  }
}

/**
 * Wraps a core message delivered by a pull on `nc`; throws if its reply subject is not JetStream's
 * ack subject.
 */
export function toJobMsg(msg: Msg, nc: NatsConnection): JobMsg {
  return new CoreJobMsg(msg, nc);
}
