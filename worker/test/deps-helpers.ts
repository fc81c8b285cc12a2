import { randomBytes, randomUUID } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { connect } from '@nats-io/transport-node';
import {
  decodeEvent,
  encodeJob,
  ensureStreams,
  natsNames,
  PROTOCOL_VERSION,
  removeTopology,
  type JobMessage,
  type WorkerEvent,
} from '@runnel/protocol';
import { dedicatedSettings, depsCacheOf, loadWorkerConfig, startWorker, type RunningWorker } from '../src/index.js';
import { testSandbox } from './sandbox-helpers.js';

const NATS_URL = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';

export type JobResult = Extract<WorkerEvent, { type: 'result' }>;

/**
 * A worker on a NATS prefix of its own, with the real process sandbox (uids from `uidBase`) and
 * a dependency cache of its own (`env` adds worker settings, e.g. RUNNEL_DEPS_CACHE_MAX or WORKER_DEDICATED); jobs
 * are published as the server would.
 */
export async function depsWorker(uidBase: number, env: Record<string, string> = {}) {
  const names = natsNames(`wd${randomBytes(5).toString('hex')}`);
  const nc = await connect({ servers: NATS_URL });
  const jsm = await jetstreamManager(nc);
  await ensureStreams(jsm, names);
  const js = jetstream(nc);
  const base = await mkdtemp(join(tmpdir(), 'runnel-deps-worker-'));
  await chmod(base, 0o711); // the job uids reach the cache through it
  const depsDir = join(base, 'deps');
  const config = loadWorkerConfig({
    NATS_URL,
    RUNNEL_NATS_PREFIX: names.prefix,
    WORKER_GROUPS: 'default',
    WORKER_NAME: 'deps-test',
    WORKER_CONCURRENCY: '4',
    WORKER_NETWORK: 'none',
    WORKER_DEPS_DIR: depsDir,
    ...env,
  });
  // As the worker makes its own sandbox of these settings (WORKER_DEDICATED…).
  const dedicated = dedicatedSettings(config);
  const box = await testSandbox(uidBase, dedicated ? { dedicated } : {});
  const depsCache = depsCacheOf(config);
  const worker: RunningWorker = await startWorker(config, box.sandbox, depsCache);
  return {
    worker,
    /** The worker's cache: `installs` counts what it installed. */
    depsCache,
    nc,
    depsDir,
    box,
    names,
    /** Publishes a job message (a Bun script with no arguments unless `job` says otherwise); answers its id. */
    async publish(job: Partial<JobMessage> & Pick<JobMessage, 'content'>): Promise<string> {
      const id = job.id ?? randomUUID();
      const message: JobMessage = {
        v: PROTOCOL_VERSION,
        id,
        workspace: 'main',
        language: 'bun',
        args: {},
        arg_order: [],
        tag: 'default',
        timeout_s: 60,
        network: null,
        script_path: null,
        script_hash: null,
        ...job,
      };
      await js.publish(names.jobsSubject('default'), encodeJob(message));
      return id;
    },
    /** The result event of a job, once the worker sent it. */
    async result(id: string, timeoutMs = 120_000): Promise<JobResult> {
      for (const deadline = Date.now() + timeoutMs; Date.now() < deadline;) {
        const last = await jsm.streams
          .getMessage(names.eventsStream, { last_by_subj: names.eventsSubject(id) })
          .catch(() => null);
        const event = last && decodeEvent(last.data);
        if (event?.type === 'result') return event;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      throw new Error(`no result for job ${id}`);
    },
    /** What the server does to cancel a job. */
    async cancel(id: string): Promise<void> {
      const bucket = await new Kvm(nc).create(names.cancelBucket);
      await bucket.put(id, 'canceled by test');
      nc.publish(names.cancelSubject(id), 'canceled by test');
    },
    async close(): Promise<void> {
      await worker.stop(2000);
      await box.dispose();
      await nc.close();
      await removeTopology(NATS_URL, names);
      await rm(base, { recursive: true, force: true });
    },
  };
}
