import { nanos } from '@nats-io/nats-core';
import {
  AckPolicy,
  DeliverPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  RetentionPolicy,
  StorageType,
  jetstreamManager,
  type JetStreamManager,
} from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { connect } from '@nats-io/transport-node';
import type { NatsNames } from './names.js';

/** How long a worker may go silent on a job before JetStream hands it to another worker. */
export const DEFAULT_ACK_WAIT_MS = 30_000;
/** Deliveries of one job message before the server fails the job (attempts). */
export const DEFAULT_MAX_DELIVER = 3;

function isNotFound(err: unknown): boolean {
  return (
    err instanceof JetStreamApiError &&
    (err.code === JetStreamApiCodes.StreamNotFound || err.code === JetStreamApiCodes.ConsumerNotFound)
  );
}

async function ensureStream(jsm: JetStreamManager, config: Parameters<JetStreamManager['streams']['add']>[0]) {
  try {
    await jsm.streams.info(config.name!);
  } catch (err) {
    if (!isNotFound(err)) throw err;
    try {
      await jsm.streams.add(config);
    } catch (addErr) {
      // Another process created it between our lookup and our add.
      if (!(addErr instanceof JetStreamApiError) || !/already in use/i.test(addErr.message)) throw addErr;
    }
  }
}

/**
 * Creates the streams both sides rely on, idempotently: the server and every worker call it at
 * start, so either may come up first.
 */
export async function ensureStreams(jsm: JetStreamManager, names: NatsNames): Promise<void> {
  await ensureStream(jsm, {
    name: names.jobsStream,
    subjects: [names.jobsSubject('*')],
    retention: RetentionPolicy.Workqueue,
    storage: StorageType.File,
    // Deduplicates a relay's republish of a job whose first publish was in fact stored.
    duplicate_window: nanos(10 * 60_000),
  });
  await ensureStream(jsm, {
    name: names.eventsStream,
    subjects: [names.eventsSubject('*')],
    retention: RetentionPolicy.Workqueue,
    storage: StorageType.File,
    duplicate_window: nanos(2 * 60_000),
  });
}

export interface GroupConsumerOptions {
  ackWaitMs?: number;
  maxDeliver?: number;
}

/** The durable pull consumer shared by all workers of one group (a WorkQueue allows one per subject). */
export async function ensureGroupConsumer(
  jsm: JetStreamManager,
  names: NatsNames,
  tag: string,
  options: GroupConsumerOptions = {},
): Promise<string> {
  const durable = names.groupConsumer(tag);
  const config = {
    durable_name: durable,
    filter_subject: names.jobsSubject(tag),
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    ack_wait: nanos(options.ackWaitMs ?? DEFAULT_ACK_WAIT_MS),
    max_deliver: options.maxDeliver ?? DEFAULT_MAX_DELIVER,
    max_ack_pending: 1000,
  };
  try {
    await jsm.consumers.info(names.jobsStream, durable);
    await jsm.consumers.update(names.jobsStream, durable, {
      ack_wait: config.ack_wait,
      max_deliver: config.max_deliver,
    });
  } catch (err) {
    if (!isNotFound(err)) throw err;
    await jsm.consumers.add(names.jobsStream, config);
  }
  return durable;
}

/** The server's durable consumer of worker events; server replicas share it. */
export async function ensureEventsConsumer(jsm: JetStreamManager, names: NatsNames): Promise<string> {
  const durable = 'server';
  try {
    await jsm.consumers.info(names.eventsStream, durable);
  } catch (err) {
    if (!isNotFound(err)) throw err;
    await jsm.consumers.add(names.eventsStream, {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: nanos(30_000),
      max_ack_pending: 10_000,
    });
  }
  return durable;
}

/**
 * Deletes everything a prefix owns on a NATS server: its streams and its cancel bucket. For
 * tests and benchmarks, which each run under a prefix of their own.
 */
export async function removeTopology(natsUrl: string, names: NatsNames): Promise<void> {
  const nc = await connect({ servers: natsUrl });
  try {
    const jsm = await jetstreamManager(nc);
    for (const stream of [names.jobsStream, names.eventsStream]) await jsm.streams.delete(stream).catch(() => false);
    await new Kvm(nc)
      .open(names.cancelBucket)
      .then((kv) => kv.destroy())
      .catch(() => false);
  } finally {
    await nc.close();
  }
}
