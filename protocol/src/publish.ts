import { performance } from 'node:perf_hooks';
import type { JetStreamClient, PubAck } from '@nats-io/jetstream';
import { errors } from '@nats-io/nats-core';

/** How long one publish waits for JetStream's acknowledgement before it is sent again. */
export const PUBLISH_ACK_TIMEOUT_MS = 2_000;

export interface RetriedPublish {
  /** The message id JetStream dedupes on, within its stream's duplicate window: a resend of a stored message is dropped. */
  msgID: string;
  /** How long to keep trying, from now. 0: one attempt. */
  retryMs: number;
}

/**
 * A JetStream publish that waits out a NATS cluster's leader election: while a stream has no
 * leader (the node that led it died) JetStream answers no one, or not in time, for a few seconds,
 * and the client is redialing another node. Resent with backoff (50 ms doubling to 1 s) until
 * `retryMs` has passed; then the last error is thrown. A message nats.js refuses before sending
 * (over max_payload) or a closed or draining connection is not retried. See docs/adr/0041-clustered-queue.md.
 */
export async function publishRetried(
  js: JetStreamClient,
  subject: string,
  data: Uint8Array,
  { msgID, retryMs }: RetriedPublish,
): Promise<PubAck> {
  const deadline = performance.now() + retryMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return await js.publish(subject, data, {
        msgID,
        timeout: Math.min(PUBLISH_ACK_TIMEOUT_MS, Math.max(500, deadline - performance.now())),
      });
    } catch (err) {
      const pause = Math.min(1000, 50 * 2 ** attempt);
      if (
        /max_payload/.test((err as Error).message) ||
        err instanceof errors.ClosedConnectionError ||
        err instanceof errors.DrainingConnectionError ||
        performance.now() + pause >= deadline
      ) {
        throw err;
      }
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}
