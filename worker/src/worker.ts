import { connect } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { ensureGroupConsumer, ensureStreams, natsNames } from '@runnel/protocol';
import type { WorkerConfig } from './config.js';
import { CanceledJobs } from './consumer/canceled-jobs.js';
import { GroupConsumer } from './consumer/group-consumer.js';
import { Semaphore } from './consumer/semaphore.js';
import { DepsCache, DepsPrefetcher } from './deps/index.js';
import { Heartbeat } from './heartbeat.js';
import { JobRunner } from './runner.js';
import { DockerSandbox, ProcessSandbox, type Sandbox } from './sandboxes/index.js';

export interface RunningWorker {
  /**
   * Two-phase stop: stop pulling and let running jobs finish for `graceMs`; then kill what
   * is left and hand those jobs back to the queue.
   */
  stop(graceMs?: number): Promise<void>;
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

/** `sandbox` and `depsCache` default to those `config` describes; tests and benches hand in their own. */
export async function startWorker(
  config: WorkerConfig,
  sandbox?: Sandbox,
  depsCache?: DepsCache,
): Promise<RunningWorker> {
  const limits = { cpus: config.cpus, diskMb: config.diskMb, logBytes: config.logMaxBytes };
  sandbox ??=
    config.sandbox === 'docker'
      ? new DockerSandbox({ workerName: config.name, limits })
      : new ProcessSandbox({ mode: config.sandboxMode, limits });
  const nc = await connect({
    servers: config.natsUrl,
    name: `runnel-worker ${config.name}`,
    maxReconnectAttempts: -1,
    // nats.js would otherwise capture a stack trace for every request (each job's result).
    noAsyncTraces: true,
  }).catch((err: Error) => {
    throw new Error(`cannot reach NATS at ${config.natsUrl} (NATS_URL): ${err.message}`);
  });
  const names = natsNames(config.natsPrefix);
  const jsm = await jetstreamManager(nc);
  await ensureStreams(jsm, names);
  const cancelBucket = await new Kvm(nc).create(names.cancelBucket, { ttl: 24 * 3600_000 });
  // Before any consumer pulls: a job canceled while no worker ran must be known as such.
  const canceled = await CanceledJobs.start(nc, cancelBucket, names);
  const js = jetstream(nc);
  // nats-server's default max_payload (1 MiB), until the connection has had the server's INFO.
  const maxPayload = () => nc.info?.max_payload ?? 1024 * 1024;
  depsCache ??= depsCacheOf(config);
  const prefetcher = new DepsPrefetcher(depsCache).listen(nc, names);
  const runner = new JobRunner({ nc, js, names, canceled, sandbox, depsCache, config, maxPayload });
  const slots = new Semaphore(config.concurrency);
  const groups: GroupConsumer[] = [];
  for (const tag of config.groups) {
    const durable = await ensureGroupConsumer(jsm, names, tag, {
      ackWaitMs: config.ackWaitMs,
      maxDeliver: config.maxDeliver,
    });
    const source = { nc, apiPrefix: js.apiPrefix, stream: names.jobsStream, consumer: durable };
    groups.push(new GroupConsumer(tag, source, slots, runner));
  }
  const heartbeat = new Heartbeat(nc, names, config, slots);
  console.log(
    `worker ${config.name}: serving ${config.groups.join(', ')} with ${config.concurrency} slot(s), network ${config.network}, limits by ${await sandbox.describe()}`,
  );
  const warning = await sandbox.warning?.();
  if (warning) console.warn(`worker ${config.name}: warning: ${warning}`);
  return {
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
      await nc.drain().catch(() => undefined);
    },
  };
}
