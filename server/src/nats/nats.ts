import { Logger } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import type { KV } from '@nats-io/kv';
import { connectNats, ensureCancelBucket, ensureStreams, natsNames, type NatsNames } from '@runnel/protocol';

/** One NATS connection per server process, with the JetStream handles every service needs. */
export interface Nats {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  names: NatsNames;
  canceled: KV;
}

export interface NatsSettings {
  servers: string[];
  prefix: string;
  /** RUNNEL_NATS_REPLICAS: the server creates streams and the bucket with it, and moves existing ones to it. */
  replicas: number;
  /** This connection's name, as NATS's monitoring shows it. */
  name: string;
}

export async function openNats({ servers, prefix, replicas, name }: NatsSettings): Promise<Nats> {
  const logger = new Logger('Nats');
  const nc = await connectNats(servers, name);
  void logStatus(nc, logger);
  const jsm = await jetstreamManager(nc);
  const names = natsNames(prefix);
  const topology = { replicas, log: (message: string) => logger.warn(message) };
  await ensureStreams(jsm, names, topology);
  const canceled = await ensureCancelBucket(nc, names, topology);
  return { nc, js: jetstream(nc), jsm, names, canceled };
}

/** Says when the connection to a NATS server is lost and to which server it came back. */
async function logStatus(nc: NatsConnection, logger: Logger): Promise<void> {
  for await (const status of nc.status()) {
    if (status.type === 'disconnect') logger.warn(`lost NATS server ${status.server}; redialing`);
    else if (status.type === 'reconnect') logger.log(`reconnected to NATS server ${status.server}`);
  }
}
