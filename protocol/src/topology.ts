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
import { Kvm, type KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import { natsServers } from './connection.js';
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

/** Where topology code says what it did or could not do (the server's logger, a worker's console). */
export type TopologyLog = (message: string) => void;

/** How Runnel's streams and buckets are kept (docs/adr/0041-clustered-queue.md). */
export interface TopologyOptions {
  /** RUNNEL_NATS_REPLICAS: servers keeping each stream (and so its consumers) and the cancel bucket. Default 1. */
  replicas?: number;
  /**
   * Whether an existing stream or bucket with another replica count is moved to `replicas`. The
   * server does it; a worker only says so (`false`), so a worker started with another setting
   * cannot move the streams back and forth. Default true.
   */
  rescale?: boolean;
  /** Told when an existing stream or consumer is moved, or why it is not. */
  log?: TopologyLog;
}

type StreamConfig = Parameters<JetStreamManager['streams']['add']>[0];

/** A create or update JetStream refused because of the replica count, as a message naming the setting. */
function replicasError(err: unknown, what: string, replicas: number): Error {
  const message = (err as Error).message;
  if (replicas > 1 && /replica|clustered|insufficient resources|no suitable peers/i.test(message)) {
    return new Error(
      `cannot keep ${what} on ${replicas} NATS servers (RUNNEL_NATS_REPLICAS=${replicas}): ${message}; ` +
        'a stream of N replicas needs a JetStream cluster of at least N servers, use 1 for a single server',
    );
  }
  return err as Error;
}

async function ensureStream(jsm: JetStreamManager, config: StreamConfig, options: TopologyOptions): Promise<void> {
  const replicas = options.replicas ?? 1;
  let current: number;
  try {
    current = (await jsm.streams.info(config.name!)).config.num_replicas;
  } catch (err) {
    if (!isNotFound(err)) throw err;
    try {
      await jsm.streams.add({ ...config, num_replicas: replicas });
      return;
    } catch (addErr) {
      // Another process created it between our lookup and our add.
      if (!(addErr instanceof JetStreamApiError) || !/already in use/i.test(addErr.message)) {
        throw replicasError(addErr, `stream ${config.name}`, replicas);
      }
      current = (await jsm.streams.info(config.name!)).config.num_replicas;
    }
  }
  if (current !== replicas) await rescaleStream(jsm, config.name!, current, options);
}

/**
 * Moves an existing stream, and the consumers that declare a replica count, to `replicas` copies.
 * JetStream copies the data to the new peers in the background. A refusal (too few servers in the
 * cluster, a server too old) is logged, not thrown: the stream works as it is, with the copies it had.
 */
async function rescaleStream(
  jsm: JetStreamManager,
  name: string,
  from: number,
  { replicas = 1, rescale = true, log = console.warn }: TopologyOptions,
): Promise<void> {
  if (!rescale) {
    log(
      `NATS stream ${name} has ${from} replica(s), RUNNEL_NATS_REPLICAS here says ${replicas}: ` +
        "the server's setting decides; give the server and every worker the same",
    );
    return;
  }
  try {
    const { config } = await jsm.streams.info(name);
    await jsm.streams.update(name, { ...config, num_replicas: replicas });
    log(`NATS stream ${name}: replicas ${from} -> ${replicas} (RUNNEL_NATS_REPLICAS)`);
  } catch (err) {
    log(
      `NATS stream ${name} keeps ${from} replica(s), not the ${replicas} of RUNNEL_NATS_REPLICAS: ` +
        `JetStream refused the change: ${(err as Error).message}`,
    );
    return;
  }
  for await (const consumer of jsm.consumers.list(name)) {
    await followStream(jsm, name, consumer.name, consumer.config.num_replicas ?? 0, replicas, log);
  }
}

/**
 * Creates the streams both sides rely on, idempotently: the server and every worker call it at
 * start, so either may come up first. An existing stream with another replica count is moved to
 * `options.replicas`.
 */
export async function ensureStreams(
  jsm: JetStreamManager,
  names: NatsNames,
  options: TopologyOptions = {},
): Promise<void> {
  await ensureStream(
    jsm,
    {
      name: names.jobsStream,
      subjects: [names.jobsSubject('*')],
      retention: RetentionPolicy.Workqueue,
      storage: StorageType.File,
      // Deduplicates a relay's republish of a job whose first publish was in fact stored.
      duplicate_window: nanos(10 * 60_000),
    },
    options,
  );
  await ensureStream(
    jsm,
    {
      name: names.eventsStream,
      subjects: [names.eventsSubject('*')],
      retention: RetentionPolicy.Workqueue,
      storage: StorageType.File,
      duplicate_window: nanos(2 * 60_000),
    },
    options,
  );
}

/** How long a canceled job's id stays in the cancel bucket: longer than any job waits in a queue. */
const CANCEL_TTL_MS = 24 * 3600_000;

/** The KV bucket of canceled job ids (`names.cancelBucket`), created with `options.replicas` or moved to it. */
export async function ensureCancelBucket(
  nc: NatsConnection,
  names: NatsNames,
  options: TopologyOptions = {},
): Promise<KV> {
  const replicas = options.replicas ?? 1;
  const kv = await new Kvm(nc).create(names.cancelBucket, { ttl: CANCEL_TTL_MS, replicas }).catch((err: unknown) => {
    throw replicasError(err, `the KV bucket ${names.cancelBucket}`, replicas);
  });
  const status = await kv.status();
  if (status.replicas !== replicas) {
    await rescaleStream(await jetstreamManager(nc), status.streamInfo.config.name, status.replicas, options);
  }
  return kv;
}

/**
 * A consumer keeps as many replicas as its stream (a WorkQueue stream's consumers must match it):
 * declared at creation, and moved with the stream. 0 (a consumer created before replicas were
 * declared) follows the stream by itself.
 */
async function followStream(
  jsm: JetStreamManager,
  stream: string,
  durable: string,
  current: number,
  replicas: number,
  log: TopologyLog = console.warn,
): Promise<void> {
  if (current === 0 || current === replicas) return;
  try {
    await jsm.consumers.update(stream, durable, { num_replicas: replicas });
    log(`NATS consumer ${stream}/${durable}: replicas ${current} -> ${replicas}, as its stream`);
  } catch (err) {
    log(
      `NATS consumer ${stream}/${durable} keeps ${current} replica(s), not its stream's ${replicas}: ` +
        `JetStream refused the change: ${(err as Error).message}`,
    );
  }
}

/** A stream's replica count, which its consumers take. */
async function replicasOf(jsm: JetStreamManager, stream: string): Promise<number> {
  return (await jsm.streams.info(stream)).config.num_replicas;
}

export interface GroupConsumerOptions {
  /** Told when the consumer is moved to its stream's replica count, or why it is not. */
  log?: TopologyLog;
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
  const replicas = await replicasOf(jsm, names.jobsStream);
  const config = {
    durable_name: durable,
    filter_subject: names.jobsSubject(tag),
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    ack_wait: nanos(options.ackWaitMs ?? DEFAULT_ACK_WAIT_MS),
    max_deliver: options.maxDeliver ?? DEFAULT_MAX_DELIVER,
    max_ack_pending: 1000,
    num_replicas: replicas,
  };
  let current: number;
  try {
    current = (await jsm.consumers.info(names.jobsStream, durable)).config.num_replicas ?? 0;
    await jsm.consumers.update(names.jobsStream, durable, {
      ack_wait: config.ack_wait,
      max_deliver: config.max_deliver,
    });
  } catch (err) {
    if (!isNotFound(err)) throw err;
    await jsm.consumers.add(names.jobsStream, config);
    return durable;
  }
  await followStream(jsm, names.jobsStream, durable, current, replicas, options.log);
  return durable;
}

/** The server's durable consumer of worker events; server replicas share it. */
export async function ensureEventsConsumer(
  jsm: JetStreamManager,
  names: NatsNames,
  log?: TopologyLog,
): Promise<string> {
  const durable = 'server';
  const replicas = await replicasOf(jsm, names.eventsStream);
  let current: number;
  try {
    current = (await jsm.consumers.info(names.eventsStream, durable)).config.num_replicas ?? 0;
  } catch (err) {
    if (!isNotFound(err)) throw err;
    await jsm.consumers.add(names.eventsStream, {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: nanos(30_000),
      max_ack_pending: 10_000,
      num_replicas: replicas,
    });
    return durable;
  }
  await followStream(jsm, names.eventsStream, durable, current, replicas, log);
  return durable;
}

/**
 * Deletes everything a prefix owns on a NATS server: its streams and its cancel bucket. For
 * tests and benchmarks, which each run under a prefix of their own.
 */
export async function removeTopology(natsUrl: string, names: NatsNames): Promise<void> {
  const nc = await connect({ servers: natsServers(natsUrl) });
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
