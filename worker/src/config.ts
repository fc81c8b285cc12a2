import { availableParallelism, hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PackageSources } from '@runnel/runtimes/deps';
import {
  DEFAULT_ACK_WAIT_MS,
  DEFAULT_HEARTBEAT_MS,
  DEFAULT_MAX_DELIVER,
  isValidTag,
  logSettings,
  type LogSettings,
  natsReplicas,
  natsServers,
} from '@runnel/protocol';
import { parseSize } from './deps/index.js';
import { DEFAULT_LIMITS, identity, sandboxMode, type NetworkPolicy, type SandboxMode } from './sandboxes/index.js';

/** Worker settings, from the environment. A worker needs NATS and nothing else. */
export interface WorkerConfig {
  /** NATS_URL: one server, or a comma list of a cluster's servers. Default nats://127.0.0.1:4222. */
  natsServers: string[];
  /** RUNNEL_NATS_REPLICAS: servers keeping each stream and bucket, 1 to 5; as the server's. Default 1. */
  natsReplicas: number;
  /** RUNNEL_NATS_PREFIX: must match the server's. Default `runnel`. */
  natsPrefix: string;
  /** WORKER_GROUPS: comma list of tags this worker serves. Default `default`. */
  groups: string[];
  /** WORKER_CONCURRENCY: jobs run at once, across all groups. Default: the number of cores. */
  concurrency: number;
  /** WORKER_NETWORK: network for jobs, `none` | `outbound` | `host`. Default `outbound`. */
  network: NetworkPolicy;
  /** WORKER_CPUS: CPU cores a job may use, the group's default and ceiling. Default 1. */
  cpus: number;
  /** WORKER_DISK_MB: disk quota of a job's folder in MiB, the group's default and ceiling. Default 1024. */
  diskMb: number;
  /**
   * WORKER_LOG_MAX_BYTES: output kept per job attempt (stdout and stderr together); past it the
   * job goes on but its output is dropped after one notice. Default 8 MiB (DEFAULT_LIMITS.logBytes).
   */
  logMaxBytes: number;
  /** RUNNEL_ACK_WAIT_MS: silence after which a job goes to another worker. Default 30000. */
  ackWaitMs: number;
  /** RUNNEL_MAX_DELIVER: attempts per job before it fails. Default 3. */
  maxDeliver: number;
  /** WORKER_SHUTDOWN_GRACE_MS: on SIGTERM, how long running jobs may finish. Default 30000. */
  shutdownGraceMs: number;
  /** WORKER_NAME: shown as the job's `worker`. Default `<hostname>-<pid>`. */
  name: string;
  /** WORKER_HEARTBEAT_MS: how often it tells servers it is alive (GET /api/workers). Default 5000. */
  heartbeatMs: number;
  /**
   * WORKER_SANDBOX_MODE: `root` (a uid, cgroup and disk per job slot; needs root) or `rootless`
   * (every job as the worker's uid, in unprivileged namespaces; ADR 0021). Default: root when the
   * worker runs as root, rootless otherwise.
   */
  sandboxMode: SandboxMode;
  /**
   * WORKER_SANDBOX: `process` (bubblewrap, see ProcessSandbox) or `docker` (a container per job
   * on the local Docker engine, DOCKER_HOST or /var/run/docker.sock; images from `npm run
   * images`; docs/adr/0045). Per worker: a group's workers may differ. Default `process`.
   */
  sandbox: 'process' | 'docker';
  /**
   * WORKER_DEPS_DIR: the cache of installed dependency locks, shared by the workers of the
   * machine (docs/adr/0035). Default beside the job folders: `<os.tmpdir()>/runnel-deps`,
   * rootless `<os.tmpdir()>/runnel-deps-<host uid>`.
   */
  depsDir: string;
  /** RUNNEL_DEPS_CACHE_MAX: size above which least recently used entries go (`5G`, `500M`, bytes). Default 5 GiB. */
  depsCacheMaxBytes: number;
  /** RUNNEL_NPM_REGISTRY, RUNNEL_NPM_TOKEN, RUNNEL_PIP_INDEX_URL, RUNNEL_PIP_EXTRA_INDEX_URL, RUNNEL_PIP_FIND_LINKS. */
  packageSources: PackageSources;
  /** RUNNEL_LOG_FORMAT (`json`, `pretty`; default pretty on a terminal, else json), RUNNEL_LOG_LEVEL (default info). */
  log: LogSettings;
  /**
   * WORKER_METRICS_PORT: where GET /metrics answers (Prometheus). Default unset: no listener, as a
   * worker opens no port unless told to (and several on one machine never collide); `0`: any free
   * port, which the start-up line names. docs/adr/0043-metrics-and-logs.md.
   */
  metricsPort: number | undefined;
  /**
   * WORKER_DEDICATED: `1` (or `true`) keeps a dedicated runtime per script version for the Bun
   * and Python jobs of this worker's groups, in the process sandbox: one process loads the script
   * once and serves its jobs one after another (jobs of one version share it; versions and
   * workspaces never do). docs/adr/0050-dedicated-runtimes.md. Default off: a process per job.
   */
  dedicated: boolean;
  /** WORKER_DEDICATED_MAX_JOBS: jobs a dedicated process serves before a fresh one replaces it. Default 1000. */
  dedicatedMaxJobs: number;
  /** WORKER_DEDICATED_IDLE_MS: a dedicated process without a job this long ends. Default 60000. */
  dedicatedIdleMs: number;
  /** WORKER_METRICS_HOST: the metrics listener's address. Default 127.0.0.1 (0.0.0.0 in a container or pod). */
  metricsHost: string;
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 1): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer ≥ ${min}, got "${raw}"`);
  return value;
}

function metricsPort(env: NodeJS.ProcessEnv): number | undefined {
  if (!env.WORKER_METRICS_PORT) return undefined;
  const port = int(env, 'WORKER_METRICS_PORT', 0, 0);
  if (port > 65535) throw new Error(`WORKER_METRICS_PORT must be a port (0-65535; 0 = any free one), got "${port}"`);
  return port;
}

export function loadWorkerConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const groups = (env.WORKER_GROUPS ?? 'default')
    .split(',')
    .map((g) => g.trim())
    .filter(Boolean);
  const bad = groups.filter((g) => !isValidTag(g));
  if (groups.length === 0 || bad.length) {
    throw new Error(
      `WORKER_GROUPS must be a comma list of tags (letters, digits, _ and -), got "${env.WORKER_GROUPS}"`,
    );
  }
  const network = (env.WORKER_NETWORK ?? 'outbound') as NetworkPolicy;
  if (!['none', 'outbound', 'host'].includes(network)) {
    throw new Error(`WORKER_NETWORK must be none, outbound or host, got "${network}"`);
  }
  const cpus = Number(env.WORKER_CPUS || 1);
  if (!(cpus >= 0.01))
    throw new Error(`WORKER_CPUS must be a number of cores ≥ 0.01 (e.g. 0.5 or 2), got "${env.WORKER_CPUS}"`);
  const mode = sandboxMode(env.WORKER_SANDBOX_MODE);
  const sandbox = env.WORKER_SANDBOX || 'process';
  if (sandbox !== 'process' && sandbox !== 'docker')
    throw new Error(`WORKER_SANDBOX must be process or docker, got "${env.WORKER_SANDBOX}"`);
  const defined = (value: string | undefined): string | undefined => (value === '' ? undefined : value);
  const dedicated = (env.WORKER_DEDICATED ?? '').toLowerCase();
  if (!['', '0', '1', 'false', 'true'].includes(dedicated))
    throw new Error(`WORKER_DEDICATED must be 1 or true (on), 0 or false (off), got "${env.WORKER_DEDICATED}"`);
  return {
    natsServers: natsServers(env.NATS_URL),
    natsReplicas: natsReplicas(env.RUNNEL_NATS_REPLICAS),
    natsPrefix: env.RUNNEL_NATS_PREFIX ?? 'runnel',
    groups: [...new Set(groups)],
    concurrency: int(env, 'WORKER_CONCURRENCY', Math.max(2, availableParallelism())),
    network,
    cpus,
    diskMb: int(env, 'WORKER_DISK_MB', 1024),
    logMaxBytes: int(env, 'WORKER_LOG_MAX_BYTES', DEFAULT_LIMITS.logBytes, 1024),
    ackWaitMs: int(env, 'RUNNEL_ACK_WAIT_MS', DEFAULT_ACK_WAIT_MS, 1000),
    maxDeliver: int(env, 'RUNNEL_MAX_DELIVER', DEFAULT_MAX_DELIVER),
    shutdownGraceMs: int(env, 'WORKER_SHUTDOWN_GRACE_MS', 30_000, 0),
    name: env.WORKER_NAME ?? `${hostname()}-${process.pid}`,
    heartbeatMs: int(env, 'WORKER_HEARTBEAT_MS', DEFAULT_HEARTBEAT_MS, 100),
    sandboxMode: mode,
    sandbox,
    // As the work root: rootless, a directory of its own, as root's would not be writable.
    depsDir:
      defined(env.WORKER_DEPS_DIR) ??
      join(tmpdir(), mode === 'root' ? 'runnel-deps' : `runnel-deps-${identity().hostUid}`),
    depsCacheMaxBytes: env.RUNNEL_DEPS_CACHE_MAX
      ? parseSize('RUNNEL_DEPS_CACHE_MAX', env.RUNNEL_DEPS_CACHE_MAX)
      : 5 * 1024 ** 3,
    log: logSettings(env),
    metricsPort: metricsPort(env),
    metricsHost: env.WORKER_METRICS_HOST || '127.0.0.1',
    dedicated: dedicated === '1' || dedicated === 'true',
    dedicatedMaxJobs: int(env, 'WORKER_DEDICATED_MAX_JOBS', 1000),
    dedicatedIdleMs: int(env, 'WORKER_DEDICATED_IDLE_MS', 60_000, 100),
    packageSources: {
      npmRegistry: defined(env.RUNNEL_NPM_REGISTRY),
      npmToken: defined(env.RUNNEL_NPM_TOKEN),
      pipIndexUrl: defined(env.RUNNEL_PIP_INDEX_URL),
      pipExtraIndexUrl: defined(env.RUNNEL_PIP_EXTRA_INDEX_URL),
      pipFindLinks: defined(env.RUNNEL_PIP_FIND_LINKS),
    },
  };
}
