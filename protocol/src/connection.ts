import type { ConnectionOptions } from '@nats-io/nats-core';
import { connect, type NatsConnection } from '@nats-io/transport-node';

/** NATS_URL when unset: the NATS server on this machine. */
export const DEFAULT_NATS_URL = 'nats://127.0.0.1:4222';
/** The most replicas JetStream keeps of a stream (docs/adr/0041-clustered-queue.md). */
export const MAX_NATS_REPLICAS = 5;

/**
 * NATS_URL as the list of servers to dial: one URL, or several separated by commas (the members of
 * a cluster; the client learns the others from whichever it reaches). Each is `nats://host:port`,
 * `tls://host:port` or `host:port`.
 */
export function natsServers(raw: string | undefined): string[] {
  const servers = (raw ?? DEFAULT_NATS_URL)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (servers.length === 0) throw new Error(`NATS_URL names no server, got "${raw}"`);
  for (const server of servers) {
    const url = /^[a-z]+:\/\//i.test(server) ? server : `nats://${server}`;
    if (!URL.canParse(url) || !/^(nats|tls|ws|wss):$/.test(new URL(url).protocol) || !new URL(url).hostname) {
      throw new Error(
        `NATS_URL must be one server or a comma list of them (nats://host:port), got "${server}" in "${raw}"`,
      );
    }
  }
  return servers;
}

/**
 * RUNNEL_NATS_REPLICAS: how many servers of a NATS cluster keep each of Runnel's streams and
 * buckets. 1 (the default) for one server; 3 on a cluster of three or more, which then survives
 * the loss of any one.
 */
export function natsReplicas(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === '') return 1;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > MAX_NATS_REPLICAS) {
    throw new Error(
      `RUNNEL_NATS_REPLICAS must be an integer from 1 to ${MAX_NATS_REPLICAS} (1 for one NATS server, 3 on a cluster of 3), got "${raw}"`,
    );
  }
  return value;
}

/**
 * How a server or a worker stays connected: it redials for ever, trying every server it knows
 * (the list and those the cluster announces), and notices a silent server within ~30 s rather
 * than nats.js's default of 4 minutes.
 */
export function natsConnectionOptions(servers: string[], name: string): ConnectionOptions {
  return {
    servers,
    name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    pingInterval: 10_000,
    maxPingOut: 3,
    // nats.js would otherwise capture a stack trace for every request (each job's publish or result).
    noAsyncTraces: true,
  };
}

/** Connects to the first server of `servers` that answers; the error names NATS_URL. */
export async function connectNats(servers: string[], name: string): Promise<NatsConnection> {
  return connect(natsConnectionOptions(servers, name)).catch((err: Error) => {
    throw new Error(`cannot reach NATS at ${servers.join(', ')} (NATS_URL): ${err.message}`);
  });
}
