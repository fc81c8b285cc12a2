import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import {
  connectNats,
  createLogger,
  ensureCancelBucket,
  ensureGroupConsumer,
  ensureStreams,
  natsNames,
} from '@runnel/protocol';
import type { Logger } from 'pino';
import type { WorkerConfig } from './config.js';
import { CanceledJobs } from './consumer/canceled-jobs.js';
import { GroupConsumer } from './consumer/group-consumer.js';
import { Semaphore } from './consumer/semaphore.js';
import { DepsCache, DepsPrefetcher } from './deps/index.js';
import { Heartbeat } from './heartbeat.js';
import { WorkerMetrics } from './metrics.js';
import { JobRunner } from './runner.js';
import { DockerSandbox, ProcessSandbox, type DedicatedSettings, type Sandbox } from './sandboxes/index.js';

export interface RunningWorker {
  /**
   * Two-phase stop: stop pulling and let running jobs finish for `graceMs`; then kill what
   * is left and hand those jobs back to the queue.
   */
  stop(graceMs?: number): Promise<void>;
  /** Where GET /metrics answers (WORKER_METRICS_PORT); undefined when it is not served. */
  metricsUrl?: string;
}

/** The worker's logger: RUNNEL_LOG_FORMAT and RUNNEL_LOG_LEVEL, each line naming the worker. */
export function workerLogger(config: WorkerConfig): Logger {
  return createLogger(config.log, { service: 'worker', worker: config.name });
}

/** The dependency cache `config` describes (WORKER_DEPS_DIR, RUNNEL_DEPS_CACHE_MAX, the package sources). */
export function depsCacheOf(config: WorkerConfig): DepsCache {
  return new DepsCache({
    dir: config.depsDir,
    maxBytes: config.depsCacheMaxBytes,
    sources: config.packageSources,
    mode: config.sandboxMode,
  });
}

/**
 * The process sandbox's dedicated runtimes (WORKER_DEDICATED_MAX_JOBS, …_IDLE_MS). Always there:
 * a script may ask for one (`dedicated: true`) on any worker; WORKER_DEDICATED makes every
 * Bun and Python job ask (runner.ts).
 */
export function dedicatedSettings(config: WorkerConfig): DedicatedSettings {
  return { maxJobs: config.dedicatedMaxJobs, idleMs: config.dedicatedIdleMs };
}

/** `sandbox`, `depsCache` and `log` default to those `config` describes; tests and benches hand in their own. */
export async function startWorker(
  config: WorkerConfig,
  sandbox?: Sandbox,
  depsCache?: DepsCache,
  log: Logger = workerLogger(config),
): Promise<RunningWorker> {
  const limits = { cpus: config.cpus, diskMb: config.diskMb, logBytes: config.logMaxBytes };
  sandbox ??=
    config.sandbox === 'docker'
      ? new DockerSandbox({ workerName: config.name, limits })
      : new ProcessSandbox({
          mode: config.sandboxMode,
          limits,
          dedicated: dedicatedSettings(config),
        });
  const slots = new Semaphore(config.concurrency);
  const metrics = new WorkerMetrics({ total: config.concurrency, free: () => slots.freeSlots });
  // First: a port in use stops the start before anything else is opened.
  const served =
    config.metricsPort === undefined ? undefined : await metrics.listen(config.metricsHost, config.metricsPort);
  const nc = await connectNats(config.natsServers, `runnel-worker ${config.name}`).catch((err: Error) => {
    served?.server.close();
    throw err;
  });
  const names = natsNames(config.natsPrefix);
  const jsm = await jetstreamManager(nc);
  // The server moves existing streams to its RUNNEL_NATS_REPLICAS; a worker only creates what is missing.
  const topology = {
    replicas: config.natsReplicas,
    rescale: false,
    log: (message: string) => console.warn(`worker ${config.name}: ${message}`),
  };
  await ensureStreams(jsm, names, topology);
  const cancelBucket = await ensureCancelBucket(nc, names, topology);
  // Before any consumer pulls: a job canceled while no worker ran must be known as such.
  const canceled = await CanceledJobs.start(nc, cancelBucket, names);
  const js = jetstream(nc);
  // nats-server's default max_payload (1 MiB), until the connection has had the server's INFO.
  const maxPayload = () => nc.info?.max_payload ?? 1024 * 1024;
  depsCache ??= depsCacheOf(config);
  const prefetcher = new DepsPrefetcher(depsCache).listen(nc, names);
  const runner = new JobRunner({ nc, js, names, canceled, sandbox, depsCache, config, maxPayload, log, metrics });
  const groups: GroupConsumer[] = [];
  for (const tag of config.groups) {
    const durable = await ensureGroupConsumer(jsm, names, tag, {
      log: topology.log,
      ackWaitMs: config.ackWaitMs,
      maxDeliver: config.maxDeliver,
    });
    const source = { nc, apiPrefix: js.apiPrefix, stream: names.jobsStream, consumer: durable };
    groups.push(new GroupConsumer(tag, source, slots, runner));
  }
  const heartbeat = new Heartbeat(nc, names, config, slots);
  log.info(
    `worker ${config.name}: serving ${config.groups.join(', ')} with ${config.concurrency} slot(s), network ${config.network}, limits by ${await sandbox.describe()}${served ? `; metrics at ${served.url}` : ''}`,
  );
  const warning = await sandbox.warning?.();
  if (warning) log.warn(`worker ${config.name}: warning: ${warning}`);
  return {
    metricsUrl: served?.url,
    async stop(graceMs = config.shutdownGraceMs) {
      const drained = Promise.all(groups.map((g) => g.stop()));
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), graceMs)));
      if ((await Promise.race([drained, grace])) === 'late') {
        runner.killAll();
        await drained;
      }
      clearTimeout(timer);
      await prefetcher.stop();
      await sandbox.close();
      await depsCache.settled();
      await canceled.stop();
      heartbeat.stop();
      await new Promise((resolve) => (served ? served.server.close(resolve) : resolve(undefined)));
      await nc.drain().catch(() => undefined);
    },
  };
}
