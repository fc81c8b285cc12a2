import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { Kvm, type KV } from '@nats-io/kv';
import { ensureStreams, natsNames, type NatsNames } from '@runnel/protocol';

/** One NATS connection per server process, with the JetStream handles every service needs. */
export interface Nats {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  names: NatsNames;
  canceled: KV;
}

export async function openNats(url: string, prefix: string, name: string): Promise<Nats> {
  // noAsyncTraces: nats.js would otherwise capture a stack trace for every request (each job's publish).
  const nc = await connect({ servers: url, name, maxReconnectAttempts: -1, noAsyncTraces: true }).catch(
    (err: Error) => {
      throw new Error(`cannot reach NATS at ${url} (NATS_URL): ${err.message}`);
    },
  );
  const jsm = await jetstreamManager(nc);
  const names = natsNames(prefix);
  await ensureStreams(jsm, names);
  const canceled = await new Kvm(nc).create(names.cancelBucket, { ttl: 24 * 3600_000 });
  return { nc, js: jetstream(nc), jsm, names, canceled };
}
