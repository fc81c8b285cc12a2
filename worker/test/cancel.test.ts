import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, describe, it } from 'node:test';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Kvm, type KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import {
  decodeEvent,
  encodeJob,
  ensureStreams,
  natsNames,
  PROTOCOL_VERSION,
  removeTopology,
  type NatsNames,
  type WorkerEvent,
} from '@runnel/protocol';
import { CanceledJobs } from '../src/consumer/canceled-jobs.js';
import { loadWorkerConfig, startWorker, type RunningWorker } from '../src/index.js';
import type { Sandbox, SandboxOutcome, SandboxSpec } from '../src/sandboxes/index.js';

const NATS_URL = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';

/** Stands in for the process sandbox: these tests are about which jobs start, not how they run. */
class FakeSandbox implements Sandbox {
  readonly started: string[] = [];
  private waiters: (() => void)[] = [];

  async run(spec: SandboxSpec): Promise<SandboxOutcome> {
    this.started.push(spec.jobId);
    for (const wake of this.waiters.splice(0)) wake();
    if (spec.content === 'wait' && !spec.signal?.aborted) {
      await new Promise((resolve) => spec.signal?.addEventListener('abort', resolve, { once: true }));
    }
    if (spec.signal?.aborted) return { status: 'canceled', exitCode: 137, durationMs: 1, logsTruncated: false };
    return { status: 'success', result: 'ran', exitCode: 0, durationMs: 1, logsTruncated: false };
  }

  async waitStarted(): Promise<void> {
    if (this.started.length === 0) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  async describe(): Promise<string> {
    return 'a fake sandbox';
  }

  async close(): Promise<void> {}
}

interface Setup {
  names: NatsNames;
  nc: NatsConnection;
  bucket: KV;
  sandbox: FakeSandbox;
  startWorker(): Promise<RunningWorker>;
  publishJob(content?: string, id?: string): Promise<string>;
  /** The result event a worker sent for a job. */
  resultOf(id: string): Promise<Extract<WorkerEvent, { type: 'result' }>>;
  /** What the server does to cancel: store the id, then tell running workers. */
  cancel(id: string): Promise<void>;
}

const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** A NATS prefix of the test's own, with its streams and cancel bucket and no worker yet. */
async function setup(bucketTtlMs = 24 * 3600_000): Promise<Setup> {
  const names = natsNames(`wc${randomBytes(5).toString('hex')}`);
  const nc = await connect({ servers: NATS_URL });
  cleanups.push(async () => {
    await nc.close();
    await removeTopology(NATS_URL, names);
  });
  const jsm = await jetstreamManager(nc);
  await ensureStreams(jsm, names);
  const bucket = await new Kvm(nc).create(names.cancelBucket, { ttl: bucketTtlMs });
  const js = jetstream(nc);
  const sandbox = new FakeSandbox();
  return {
    names,
    nc,
    bucket,
    sandbox,
    async startWorker() {
      const env = { NATS_URL, RUNNEL_NATS_PREFIX: names.prefix, WORKER_GROUPS: 'default', WORKER_NAME: 'cancel-test' };
      const worker = await startWorker(loadWorkerConfig(env), sandbox);
      cleanups.push(() => worker.stop(1000));
      return worker;
    },
    async publishJob(content = 'echo hi', id = randomUUID()) {
      const job = {
        v: PROTOCOL_VERSION,
        id,
        workspace: 'main',
        language: 'bash' as const,
        content,
        args: {},
        arg_order: [],
        tag: 'default',
        timeout_s: 30,
        network: null,
        script_path: null,
        script_hash: null,
      };
      await js.publish(names.jobsSubject('default'), encodeJob(job));
      return id;
    },
    async resultOf(id) {
      for (let i = 0; i < 200; i++) {
        const last = await jsm.streams.getMessage(names.eventsStream, { last_by_subj: names.eventsSubject(id) });
        const event = last && decodeEvent(last.data);
        if (event?.type === 'result') return event;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`no result for job ${id}`);
    },
    async cancel(id) {
      await bucket.put(id, 'canceled by test');
      nc.publish(names.cancelSubject(id), 'canceled by test');
    },
  };
}

describe('worker: canceled jobs', () => {
  it('runs a job nobody canceled', async () => {
    const s = await setup();
    await s.startWorker();
    const id = await s.publishJob();
    const result = await s.resultOf(id);
    assert.equal(result.status, 'success');
    assert.equal(result.result, 'ran');
  });

  it('skips a job canceled before any worker was running', async () => {
    const s = await setup();
    // Other cancels first, so the worker must load many entries, this job's last, before it pulls.
    await Promise.all(Array.from({ length: 500 }, () => s.bucket.put(randomUUID(), 'other')));
    const id = await s.publishJob();
    await s.cancel(id);
    await s.startWorker();
    const result = await s.resultOf(id);
    assert.equal(result.status, 'canceled');
    assert.deepEqual(s.sandbox.started, [], 'the sandbox never ran it');
  });

  it('skips a job whose cancel message arrives right before it is delivered', async () => {
    const s = await setup();
    await s.startWorker();
    const id = randomUUID();
    // Only the message, not the bucket entry: the worker must remember an id it did not find running.
    s.nc.publish(s.names.cancelSubject(id));
    await s.nc.flush();
    const job = await s.publishJob();
    assert.equal((await s.resultOf(job)).status, 'success', 'another job still runs');
    await s.publishJob('echo hi', id);
    assert.equal((await s.resultOf(id)).status, 'canceled');
    assert.equal(s.sandbox.started.length, 1, 'only the other job ran');
  });

  it('aborts a running job by its cancel message', async () => {
    const s = await setup();
    await s.startWorker();
    const id = await s.publishJob('wait');
    await s.sandbox.waitStarted();
    const t0 = Date.now();
    s.nc.publish(s.names.cancelSubject(id));
    const result = await s.resultOf(id);
    assert.equal(result.status, 'canceled');
    assert.ok(Date.now() - t0 < 1000, `canceled in ${Date.now() - t0} ms`);
  });

  it('aborts a running job by its bucket entry alone, as when the message is lost to a reconnect', async () => {
    const s = await setup();
    await s.startWorker();
    const id = await s.publishJob('wait');
    await s.sandbox.waitStarted();
    const t0 = Date.now();
    await s.bucket.put(id, 'canceled by test');
    const result = await s.resultOf(id);
    assert.equal(result.status, 'canceled');
    assert.ok(Date.now() - t0 < 1000, `canceled in ${Date.now() - t0} ms`);
  });
});

describe('CanceledJobs', () => {
  it('knows every cancel in the bucket once started', async () => {
    const s = await setup();
    await Promise.all(Array.from({ length: 500 }, () => s.bucket.put(randomUUID(), 'other')));
    const last = randomUUID();
    await s.bucket.put(last, 'x');
    const jobs = await CanceledJobs.start(s.nc, s.bucket, s.names);
    cleanups.push(() => jobs.stop());
    assert.ok(jobs.has(last));
    assert.equal(jobs.size, 501);
  });

  it('starts at once on an empty bucket', async () => {
    const s = await setup();
    const t0 = Date.now();
    const jobs = await CanceledJobs.start(s.nc, s.bucket, s.names);
    cleanups.push(() => jobs.stop());
    assert.ok(Date.now() - t0 < 500, `started in ${Date.now() - t0} ms`);
    assert.equal(jobs.size, 0);
  });

  it('forgets a cancel once the bucket TTL has passed', async () => {
    const s = await setup(1000);
    const old = randomUUID();
    await s.bucket.put(old, 'x');
    const jobs = await CanceledJobs.start(s.nc, s.bucket, s.names);
    cleanups.push(() => jobs.stop());
    assert.ok(jobs.has(old), 'loaded from the bucket at start');
    const heard = randomUUID();
    s.nc.publish(s.names.cancelSubject(heard));
    await s.nc.flush();
    for (let i = 0; i < 100 && !jobs.has(heard); i++) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.ok(jobs.has(heard), 'remembered from the message');
    await new Promise((resolve) => setTimeout(resolve, 1100));
    assert.equal(jobs.has(old), false);
    assert.equal(jobs.has(heard), false);
  });
});
