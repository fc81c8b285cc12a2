import { isIP } from 'node:net';
import { hostname } from 'node:os';
import { fileURLToPath } from 'node:url';
import { natsReplicas, natsServers } from '@runnel/protocol';
import type { PackageSources } from '@runnel/runtimes/deps';
import { logSettings, type JobNetwork, type LogSettings } from '@runnel/protocol';
import { masterKeyOf, parseMasterKey, type MasterKey } from './master-key.js';

/** `frontend/build/`, from `server/dist/src/common/`: where `npm run build` puts the app (RUNNEL_APP_DIR overrides). */
export const APP_DIR = fileURLToPath(new URL('../../../../frontend/build/', import.meta.url));

/** How many failed logins are answered before 429; see docs/adr/0016-request-limits.md. Any 0: no limit. */
export interface LoginLimits {
  /** RUNNEL_LOGIN_FAILURES_PER_ACCOUNT: failed logins in a row for one account. Default 10. */
  perAccount: number;
  /** RUNNEL_LOGIN_FAILURES_PER_IP: failed logins from one client address. Default 50. */
  perIp: number;
  /** RUNNEL_LOGIN_FAILURE_WINDOW_S: how long a spent allowance takes to come back whole. Default 900. */
  windowS: number;
}

/** How big one GraphQL operation may be; see docs/adr/0016-request-limits.md. */
export interface GraphQLLimits {
  /** RUNNEL_GRAPHQL_MAX_DEPTH: fields nested in fields; a root field is depth 1. Default 20 (introspection needs 15). */
  maxDepth: number;
  /** RUNNEL_GRAPHQL_MAX_ALIASES: aliased fields, each fragment spread counted. Default 15. */
  maxAliases: number;
  /** RUNNEL_GRAPHQL_MAX_COST: fields the server would resolve, each fragment spread counted. Default 1000. */
  maxCost: number;
}

/** Script dependencies, locked at deploy (docs/adr/0035-script-dependencies.md). */
export interface DepsConfig {
  /**
   * Where packages come from: RUNNEL_NPM_REGISTRY (default the public npm registry), RUNNEL_NPM_TOKEN,
   * RUNNEL_PIP_INDEX_URL, RUNNEL_PIP_EXTRA_INDEX_URL, RUNNEL_PIP_FIND_LINKS (a folder or URL of wheels).
   */
  sources: PackageSources;
  /** RUNNEL_DEPS_RESOLVE_TIMEOUT_S: how long a deploy (or a preview) may spend locking its dependencies. Default 120. */
  resolveTimeoutS: number;
  /** RUNNEL_DEPS_MAX_RESOLUTIONS: resolutions (npm, pip, deno processes) one server runs at once; others wait. Default 4. */
  maxResolutions: number;
}

/** The keys that wrap each workspace's data key (docs/adr/0036-secrets-key-hierarchy.md). */
export interface SecretsConfig {
  /**
   * RUNNEL_MASTER_KEY: 32 bytes, base64 or hex; unset, the content of the file RUNNEL_MASTER_KEY_FILE
   * names. Neither: secrets cannot be written or read (503).
   */
  masterKey: MasterKey | undefined;
  /** RUNNEL_MASTER_KEY_PREVIOUS: comma list of keys still accepted to unwrap, until a rewrap. Default none. */
  previousMasterKeys: MasterKey[];
}

/** How finished jobs are deleted (docs/adr/0044-retention.md). */
export interface JobRetentionConfig {
  /**
   * RUNNEL_RETENTION_DAYS: finished jobs (with their logs and results) older than this many days are
   * deleted; fractions allowed (0.001 is 86.4 s). `0` or `off` keeps every job. Default 30.
   */
  days: number;
  /** RUNNEL_RETENTION_INTERVAL_MS: time between two sweeps of one server. Default 600000 (10 minutes). */
  intervalMs: number;
  /** RUNNEL_RETENTION_BATCH: jobs deleted by one statement (one short transaction). Default 500. */
  batch: number;
  /** RUNNEL_RETENTION_PAUSE_MS: pause between two batches, so a sweep does not hog PostgreSQL. Default 50. */
  pauseMs: number;
}

/** Server settings, from the environment. Each default is what `npm run up` uses. */
export interface ServerConfig {
  /** PORT: HTTP port. Default 8000. */
  port: number;
  /**
   * HOST: listen address. Default 127.0.0.1: only this machine reaches the API unless the
   * operator opens it (the container image sets 0.0.0.0, its network being its own).
   */
  host: string;
  /** DATABASE_URL: PostgreSQL connection string. Required for `npm run server`; `up` embeds one. */
  databaseUrl: string;
  /**
   * RUNNEL_DB_PREPARED: the hottest queries go as named prepared statements (database/prepared.ts).
   * Default on; `0` or `false` for a PgBouncer before 1.21 in transaction mode.
   */
  databasePrepared: boolean;
  /** NATS_URL: NATS server with JetStream, or a comma list of a cluster's servers. Default nats://127.0.0.1:4222. */
  natsServers: string[];
  /** RUNNEL_NATS_REPLICAS: servers keeping each stream and bucket, 1 to 5. Default 1; 3 on a cluster (docs/adr/0041). */
  natsReplicas: number;
  /** RUNNEL_NATS_PREFIX: prefix of every stream, subject and bucket. Default `runnel`. */
  natsPrefix: string;
  /** RUNNEL_BOOTSTRAP_TOKEN: on start, ensure an admin with an API token of exactly this value. */
  bootstrapToken: string | undefined;
  /** RUNNEL_BOOTSTRAP_PASSWORD: the admin's password when a first start creates the admin. */
  bootstrapPassword: string | undefined;
  /** RUNNEL_SESSION_TTL_HOURS (given in hours): how long a browser session lasts after sign-in. Default 168 (7 days). */
  sessionTtlS: number;
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
  /**
   * `nativets` scripts, run in QuickJS isolates in the server (docs/adr/0048).
   * RUNNEL_NATIVE_THREADS: isolates running side by side (default 2); RUNNEL_NATIVE_TIMEOUT_MS:
   * the longest a run may take, whatever the script's timeout (default 10000);
   * RUNNEL_NATIVE_MEMORY_MB: memory per run (default 64); RUNNEL_NATIVE_MAX_OUTPUT_MB: largest
   * result plus console output (default 4).
   */
  native: { threads: number; timeoutMs: number; memoryBytes: number; maxOutputBytes: number; network: JobNetwork };
  /**
   * RUNNEL_BASE_URL: the public URL of the server, for links it hands out (approvals); never taken
   * from a request's Host header. Default: the address it listens on, `localUrl(HOST, port)`.
   */
  baseUrl: string | undefined;
  /** How big one GraphQL operation may be (RUNNEL_GRAPHQL_MAX_*). */
  graphqlLimits: GraphQLLimits;
  /** How many failed logins are answered before 429 (RUNNEL_LOGIN_*). */
  loginLimits: LoginLimits;
  /** RUNNEL_APP_DIR: the built browser app served at `/`. Default: the repository's `frontend/build/`. */
  appDir: string;
  /** RUNNEL_PUBLIC_FORM_RUNS_PER_MIN: runs of public form pages one client address may start a minute. Default 10. */
  publicFormRunsPerMin: number;
  /** Script dependencies: package sources and the limits of locking them (RUNNEL_NPM_*, RUNNEL_PIP_*, RUNNEL_DEPS_*). */
  deps: DepsConfig;
  /** Master keys of secrets (RUNNEL_MASTER_KEY, RUNNEL_MASTER_KEY_PREVIOUS). */
  secrets: SecretsConfig;
  /**
   * RUNNEL_AUDIT_RETENTION_DAYS: audit entries older than this are deleted (hourly, or ten times per
   * retention when that is shorter); fractions allowed; 0 or `off` keeps them all. Default 365.
   */
  auditRetentionDays: number;
  /** Deleting finished jobs (RUNNEL_RETENTION_*). */
  jobRetention: JobRetentionConfig;
  /**
   * RUNNEL_TRUSTED_PROXIES: the reverse proxies whose `X-Forwarded-For` names the client, as
   * addresses or CIDR ranges (or `loopback`, `linklocal`, `uniquelocal`), comma-separated. The
   * client address — audit entries, sign-in and public-form limits — is then the first address a
   * trusted proxy did not add. Default none: the socket's address, which no request can forge.
   */
  trustedProxies: string[];
  /** RUNNEL_LOG_FORMAT (`json`, `pretty`; default pretty on a terminal, else json), RUNNEL_LOG_LEVEL (default info). */
  log: LogSettings;
  /** RUNNEL_METRICS_TOKEN: when set, GET /metrics needs `Authorization: Bearer <it>`. Default unset: open, like /api/health. */
  metricsToken: string | undefined;
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

/** RUNNEL_NATIVE_NETWORK: the most network a nativets script's fetch may have. */
function nativeNetwork(value: string | undefined): JobNetwork {
  const network = value || 'outbound';
  if (network !== 'none' && network !== 'outbound' && network !== 'host') {
    throw new Error(`RUNNEL_NATIVE_NETWORK must be none, outbound or host, got "${value}"`);
  }
  return network;
}

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = int(env, name, fallback);
  if (value === 0) throw new Error(`${name} must be at least 1, got "0"`);
  return value;
}

/**
 * A retention in days (RUNNEL_RETENTION_DAYS, RUNNEL_AUDIT_RETENTION_DAYS): a non-negative number,
 * fractions allowed (0.001 is 86.4 s, for tests and soaks); `0` and `off` are 0, keep everything.
 */
export function retentionDaysOf(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  if (raw.trim().toLowerCase() === 'off') return 0;
  const value = Number(raw);
  if (!/^\s*\d*\.?\d+(e-?\d+)?\s*$/i.test(raw) || !Number.isFinite(value)) {
    throw new Error(
      `${name} must be a number of days (fractions allowed, e.g. 0.5), or 0 or "off" to keep everything, got "${raw}"`,
    );
  }
  if (value > 100_000) throw new Error(`${name} must be at most 100000 (or "off"), got "${raw}"`);
  return value;
}

/** An http(s) URL setting, or undefined when unset. */
function urlSetting(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const raw = env[name];
  if (!raw) return undefined;
  if (!URL.canParse(raw) || !/^https?:$/.test(new URL(raw).protocol)) {
    throw new Error(`${name} must be an http(s) URL, got "${raw}"`);
  }
  return raw;
}

function packageSources(env: NodeJS.ProcessEnv): PackageSources {
  const sources: PackageSources = {
    npmRegistry: urlSetting(env, 'RUNNEL_NPM_REGISTRY'),
    npmToken: env.RUNNEL_NPM_TOKEN || undefined,
    pipIndexUrl: urlSetting(env, 'RUNNEL_PIP_INDEX_URL'),
    pipExtraIndexUrl: urlSetting(env, 'RUNNEL_PIP_EXTRA_INDEX_URL'),
    pipFindLinks: env.RUNNEL_PIP_FIND_LINKS || undefined,
  };
  // Unset settings are absent, not undefined: each language's tool then uses its own default.
  return Object.fromEntries(Object.entries(sources).filter(([, v]) => v !== undefined));
}

function baseUrlOf(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (!url || !/^https?:$/.test(url.protocol) || url.search || url.hash || url.username || url.password) {
    throw new Error(`RUNNEL_BASE_URL must be an http(s) URL without query, fragment or credentials, got "${raw}"`);
  }
  return raw.replace(/\/+$/, '');
}

const PROXY_KEYWORDS = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** RUNNEL_TRUSTED_PROXIES as Fastify's `trustProxy` list; a malformed entry stops the start, naming it. */
export function trustedProxiesOf(raw: string | undefined): string[] {
  const entries = (raw ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  for (const entry of entries) {
    const [address, bits, extra] = entry.split('/');
    const family = isIP(address ?? '');
    const maxBits = family === 6 ? 128 : 32;
    const rangeOk = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= maxBits);
    if (PROXY_KEYWORDS.has(entry) || (family !== 0 && rangeOk && extra === undefined)) continue;
    throw new Error(
      `RUNNEL_TRUSTED_PROXIES: "${entry}" is neither an IP address, a CIDR range (10.0.0.0/8) nor one of loopback, linklocal, uniquelocal`,
    );
  }
  return entries;
}

/** The URL of a server listening on `host` and `port`, as a browser on this machine reaches it. */
export function localUrl(host: string, port: number): string {
  const name = host === '0.0.0.0' || host === '::' || host === '' ? '127.0.0.1' : host;
  return `http://${name.includes(':') ? `[${name}]` : name}:${port}`;
}

export function loadServerConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) {
    throw new Error('DATABASE_URL is not set: point it at PostgreSQL, or use `npm run up`, which embeds one');
  }
  return {
    port: int(env, 'PORT', 8000),
    host: env.HOST ?? '127.0.0.1',
    databaseUrl,
    databasePrepared: !['0', 'false', 'off', 'no'].includes((env.RUNNEL_DB_PREPARED ?? '').trim().toLowerCase()),
    natsServers: natsServers(env.NATS_URL),
    natsReplicas: natsReplicas(env.RUNNEL_NATS_REPLICAS),
    natsPrefix: env.RUNNEL_NATS_PREFIX ?? 'runnel',
    bootstrapToken: env.RUNNEL_BOOTSTRAP_TOKEN || undefined,
    bootstrapPassword: env.RUNNEL_BOOTSTRAP_PASSWORD || undefined,
    sessionTtlS: positive(env, 'RUNNEL_SESSION_TTL_HOURS', 7 * 24) * 3600,
    bodyLimit: int(env, 'RUNNEL_BODY_LIMIT', 10 * 1024 * 1024),
    syncTimeoutMs: int(env, 'RUNNEL_SYNC_TIMEOUT_MS', 20_000),
    defaultTimeoutS: int(env, 'RUNNEL_DEFAULT_TIMEOUT_S', 900),
    relayIntervalMs: int(env, 'RUNNEL_RELAY_INTERVAL_MS', 5_000),
    lostJobGraceS: int(env, 'RUNNEL_LOST_JOB_GRACE_S', 600),
    expressionTimeoutMs: int(env, 'RUNNEL_EXPRESSION_TIMEOUT_MS', 1000),
    native: {
      threads: positive(env, 'RUNNEL_NATIVE_THREADS', 2),
      timeoutMs: positive(env, 'RUNNEL_NATIVE_TIMEOUT_MS', 10_000),
      memoryBytes: positive(env, 'RUNNEL_NATIVE_MEMORY_MB', 64) * 1024 * 1024,
      maxOutputBytes: positive(env, 'RUNNEL_NATIVE_MAX_OUTPUT_MB', 4) * 1024 * 1024,
      network: nativeNetwork(env.RUNNEL_NATIVE_NETWORK),
    },
    baseUrl: baseUrlOf(env.RUNNEL_BASE_URL),
    graphqlLimits: {
      maxDepth: int(env, 'RUNNEL_GRAPHQL_MAX_DEPTH', 20),
      maxAliases: int(env, 'RUNNEL_GRAPHQL_MAX_ALIASES', 15),
      maxCost: int(env, 'RUNNEL_GRAPHQL_MAX_COST', 1000),
    },
    loginLimits: {
      perAccount: int(env, 'RUNNEL_LOGIN_FAILURES_PER_ACCOUNT', 10),
      perIp: int(env, 'RUNNEL_LOGIN_FAILURES_PER_IP', 50),
      windowS: int(env, 'RUNNEL_LOGIN_FAILURE_WINDOW_S', 900),
    },
    appDir: env.RUNNEL_APP_DIR || APP_DIR,
    publicFormRunsPerMin: int(env, 'RUNNEL_PUBLIC_FORM_RUNS_PER_MIN', 10),
    deps: {
      sources: packageSources(env),
      resolveTimeoutS: positive(env, 'RUNNEL_DEPS_RESOLVE_TIMEOUT_S', 120),
      maxResolutions: positive(env, 'RUNNEL_DEPS_MAX_RESOLUTIONS', 4),
    },
    secrets: {
      masterKey: masterKeyOf(env),
      previousMasterKeys: (env.RUNNEL_MASTER_KEY_PREVIOUS ?? '')
        .split(',')
        .filter((raw) => raw.trim() !== '')
        .map((raw) => parseMasterKey(raw, 'each key of RUNNEL_MASTER_KEY_PREVIOUS')),
    },
    auditRetentionDays: retentionDaysOf('RUNNEL_AUDIT_RETENTION_DAYS', env.RUNNEL_AUDIT_RETENTION_DAYS, 365),
    jobRetention: {
      days: retentionDaysOf('RUNNEL_RETENTION_DAYS', env.RUNNEL_RETENTION_DAYS, 30),
      intervalMs: positive(env, 'RUNNEL_RETENTION_INTERVAL_MS', 600_000),
      batch: positive(env, 'RUNNEL_RETENTION_BATCH', 500),
      pauseMs: int(env, 'RUNNEL_RETENTION_PAUSE_MS', 50),
    },
    trustedProxies: trustedProxiesOf(env.RUNNEL_TRUSTED_PROXIES),
    log: logSettings(env),
    metricsToken: env.RUNNEL_METRICS_TOKEN || undefined,
    instance: `${hostname()}-${process.pid}`,
  };
}

/** Nest injection token of the ServerConfig. */
export const SERVER_CONFIG = Symbol('SERVER_CONFIG');
