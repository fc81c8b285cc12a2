import { hostname } from 'node:os';

/** Server settings, from the environment. Each default is what `npm run up` uses. */
export interface ServerConfig {
  /** PORT: HTTP port. Default 8000. */
  port: number;
  /** HOST: listen address. Default 0.0.0.0. */
  host: string;
  /** DATABASE_URL: PostgreSQL connection string. Required for `npm run server`; `up` embeds one. */
  databaseUrl: string;
  /** NATS_URL: NATS server with JetStream. Default nats://127.0.0.1:4222. */
  natsUrl: string;
  /** RUNNEL_NATS_PREFIX: prefix of every stream, subject and bucket. Default `runnel`. */
  natsPrefix: string;
  /** RUNNEL_BOOTSTRAP_TOKEN: on start, ensure an admin with an API token of exactly this value. */
  bootstrapToken: string | undefined;
  /** RUNNEL_BODY_LIMIT: largest request body in bytes. Default 10 MiB. */
  bodyLimit: number;
  /** RUNNEL_SYNC_TIMEOUT_MS: how long run_wait_result waits before answering 202. Default 20000. */
  syncTimeoutMs: number;
  /** RUNNEL_DEFAULT_TIMEOUT_S: a script's wall-time limit when it sets none. Default 900. */
  defaultTimeoutS: number;
  /** RUNNEL_RELAY_INTERVAL_MS: how often unpublished jobs are republished. Default 5000. */
  relayIntervalMs: number;
  /** RUNNEL_LOST_JOB_GRACE_S: a running job unheard of for 3 × its timeout plus this is failed as lost. Default 600. */
  lostJobGraceS: number;
  /** RUNNEL_EXPRESSION_TIMEOUT_MS: wall time a flow expression may take. Default 1000. */
  expressionTimeoutMs: number;
  /** RUNNEL_BASE_URL: the public URL of the server, for links it hands out (approvals). Default: the request's host. */
  baseUrl: string | undefined;
  /** Identifies this server replica in logs. */
  instance: string;
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  }
  return value;
}

export function loadServerConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) {
    throw new Error('DATABASE_URL is not set: point it at PostgreSQL, or use `npm run up`, which embeds one');
  }
  return {
    port: int(env, 'PORT', 8000),
    host: env.HOST ?? '0.0.0.0',
    databaseUrl,
    natsUrl: env.NATS_URL ?? 'nats://127.0.0.1:4222',
    natsPrefix: env.RUNNEL_NATS_PREFIX ?? 'runnel',
    bootstrapToken: env.RUNNEL_BOOTSTRAP_TOKEN || undefined,
    bodyLimit: int(env, 'RUNNEL_BODY_LIMIT', 10 * 1024 * 1024),
    syncTimeoutMs: int(env, 'RUNNEL_SYNC_TIMEOUT_MS', 20_000),
    defaultTimeoutS: int(env, 'RUNNEL_DEFAULT_TIMEOUT_S', 900),
    relayIntervalMs: int(env, 'RUNNEL_RELAY_INTERVAL_MS', 5_000),
    lostJobGraceS: int(env, 'RUNNEL_LOST_JOB_GRACE_S', 600),
    expressionTimeoutMs: int(env, 'RUNNEL_EXPRESSION_TIMEOUT_MS', 1000),
    baseUrl: env.RUNNEL_BASE_URL?.replace(/\/+$/, '') || undefined,
    instance: `${hostname()}-${process.pid}`,
  };
}

/** Nest injection token of the ServerConfig. */
export const SERVER_CONFIG = Symbol('SERVER_CONFIG');
