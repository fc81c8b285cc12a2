import { existsSync } from 'node:fs';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import type { Msg, NatsConnection } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import { ensureGroupConsumer, ensureStreams, natsNames, removeTopology, type NatsNames } from '@runnel/protocol';
import { GroupConsumer, type JobHandler, type PullOptions } from '../src/consumer/group-consumer.js';
import type { JobMsg } from '../src/consumer/job-msg.js';
import { Semaphore } from '../src/consumer/semaphore.js';

const NATS_URL = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
/**
 * For the restart test, which runs a NATS server of its own: TEST_NATS_SERVER, else Debian's
 * (.ci/run and `npm run up` install it). Missing, the test fails rather than being skipped.
 */
const NATS_SERVER =
  process.env.TEST_NATS_SERVER ?? (existsSync('/usr/sbin/nats-server') ? '/usr/sbin/nats-server' : 'nats-server');
const TAG = 'default';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** Holds every job it gets until the test lets it end (acked). */
class HeldJobs implements JobHandler {
  readonly received: JobMsg[] = [];
  private readonly ends: (() => void)[] = [];
  private readonly sandboxes: (() => void)[] = [];

  run(msg: JobMsg, sandboxDone: () => void): Promise<void> {
    this.received.push(msg);
    this.sandboxes.push(sandboxDone);
    return new Promise((resolve) =>
      this.ends.push(() => {
        msg.ack();
        resolve();
      }),
    );
  }

  get bodies(): string[] {
    return this.received.map((m) => new TextDecoder().decode(m.data));
  }

  endAll(): void {
    for (const end of this.ends.splice(0)) end();
  }

  /** Says every job's sandbox is done, as a job reporting its result (not yet acked) does. */
  sandboxesDone(): void {
    for (const done of this.sandboxes.splice(0)) done();
  }
}

const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

interface Setup {
  natsUrl: string;
  names: NatsNames;
  nc: NatsConnection;
  jsm: JetStreamManager;
  durable: string;
  publish(body: string): Promise<void>;
  /** A group consumer on a connection of its own. */
  consumer(
    slots: number,
    options?: PullOptions & { apiPrefix?: string },
  ): Promise<{ gc: GroupConsumer; jobs: HeldJobs; nc: NatsConnection }>;
  /** Pull requests seen on the consumer's `MSG.NEXT` subject (or under `apiPrefix`), with their time. */
  spyOnPulls(apiPrefix?: string): Promise<{ at: number; msg: Msg }[]>;
  waitingPulls(): Promise<number>;
}

/** Streams and the group's durable consumer under a prefix of the test's own. */
async function setup(natsUrl = NATS_URL): Promise<Setup> {
  const names = natsNames(`gc${randomBytes(5).toString('hex')}`);
  const nc = await connect({ servers: natsUrl, reconnectTimeWait: 100, maxReconnectAttempts: -1 });
  cleanups.push(async () => {
    await nc.close();
    if (natsUrl === NATS_URL) await removeTopology(natsUrl, names);
  });
  const jsm = await jetstreamManager(nc);
  await ensureStreams(jsm, names);
  const durable = await ensureGroupConsumer(jsm, names, TAG);
  const js = jetstream(nc);
  return {
    natsUrl,
    names,
    nc,
    jsm,
    durable,
    async publish(body) {
      await js.publish(names.jobsSubject(TAG), body);
    },
    async consumer(slots, options = {}) {
      const own = await connect({ servers: natsUrl, reconnectTimeWait: 100, maxReconnectAttempts: -1 });
      const jobs = new HeldJobs();
      const source = {
        nc: own,
        apiPrefix: options.apiPrefix ?? '$JS.API',
        stream: names.jobsStream,
        consumer: durable,
      };
      const gc = new GroupConsumer(TAG, source, new Semaphore(slots), jobs, options);
      cleanups.push(async () => {
        const stopped = gc.stop();
        jobs.endAll();
        await stopped;
        await own.close();
      });
      return { gc, jobs, nc: own };
    },
    async spyOnPulls(apiPrefix = '$JS.API') {
      const seen: { at: number; msg: Msg }[] = [];
      nc.subscribe(`${apiPrefix}.CONSUMER.MSG.NEXT.${names.jobsStream}.${durable}`, {
        callback: (err, msg) => {
          if (!err) seen.push({ at: Date.now(), msg });
        },
      });
      await nc.flush();
      return seen;
    },
    async waitingPulls() {
      return (await jsm.consumers.info(names.jobsStream, durable)).num_waiting;
    },
  };
}

describe('worker: the group consumer pull', () => {
  it('holds no second job while its one slot is busy: another worker gets it', async () => {
    const s = await setup();
    const a = await s.consumer(1);
    await s.publish('job 1');
    await until('worker A gets job 1', () => a.jobs.received.length === 1);
    await s.publish('job 2');
    await sleep(500);
    assert.equal(await s.waitingPulls(), 0, 'a busy worker has no pull request out');
    const info = await s.jsm.consumers.info(s.names.jobsStream, s.durable);
    assert.equal(info.num_pending, 1, 'job 2 is still queued');
    assert.equal(info.num_ack_pending, 1, 'only job 1 is delivered');

    const b = await s.consumer(1);
    await until('worker B gets job 2', () => b.jobs.received.length === 1);
    assert.deepEqual(b.jobs.bodies, ['job 2']);
    assert.deepEqual(a.jobs.bodies, ['job 1']);
    assert.equal(b.jobs.received[0].info.deliveryCount, 1);

    // Once done, A asks again and takes the next job.
    a.jobs.endAll();
    await s.publish('job 3');
    await until('worker A gets job 3', () => a.jobs.received.length === 2);
    assert.deepEqual(a.jobs.bodies, ['job 1', 'job 3']);
  });

  it("takes the next job once a job's sandbox is done, while its result is still being reported", async () => {
    const s = await setup();
    const a = await s.consumer(1);
    await s.publish('job 1');
    await until('worker A gets job 1', () => a.jobs.received.length === 1);
    a.jobs.sandboxesDone();
    await s.publish('job 2');
    await until('worker A gets job 2', () => a.jobs.received.length === 2);
    const info = await s.jsm.consumers.info(s.names.jobsStream, s.durable);
    assert.equal(info.num_ack_pending, 2, 'job 1 is not acked yet: its result is on its way');
    a.jobs.endAll();
  });

  it('sends a new pull as soon as one expires (408), one at a time', async () => {
    const s = await setup();
    const pulls = await s.spyOnPulls();
    const started = Date.now();
    const { jobs } = await s.consumer(1, { expiresMs: 300 });
    const waiting: number[] = [];
    while (Date.now() - started < 2_000) {
      waiting.push(await s.waitingPulls());
      await sleep(100);
    }
    // Re-pulled only by the local timer, it would be one pull per 1.3 s.
    assert.ok(pulls.length >= 5, `pulls in 2 s: ${pulls.length}`);
    assert.ok(
      waiting.every((n) => n <= 1),
      `waiting pulls seen: ${waiting.join(' ')}`,
    );
    assert.deepEqual(JSON.parse(pulls[0].msg.string()), { batch: 1, expires: 300_000_000 });
    await s.publish('job');
    await until('the job is pulled', () => jobs.received.length === 1, 2_000);
  });

  it('pulls again when its consumer is deleted (409), and finds it once it is back', async () => {
    const s = await setup();
    const pulls = await s.spyOnPulls();
    const { jobs } = await s.consumer(1, { expiresMs: 2_000, retryMs: 200 });
    await until('a pull waits', async () => (await s.waitingPulls()) === 1);
    await s.jsm.consumers.delete(s.names.jobsStream, s.durable);
    const deleted = Date.now();
    await sleep(1_000);
    // Re-pulled only at the 2 s expiry, there would be none yet.
    const retries = pulls.filter((p) => p.at >= deleted);
    assert.equal(retries.length, 1, `pulls in the second after the delete: ${retries.length}`);
    // A pull for a missing consumer gets no answer at all: it is sent again 1 s after its expiry.
    await ensureGroupConsumer(s.jsm, s.names, TAG);
    await s.publish('job');
    await until('the job is pulled', () => jobs.received.length === 1, 5_000);
  });

  it('sends a pull again when it goes unanswered past its expiry', async () => {
    const s = await setup();
    // Requests go to a subject only the test listens on: nobody answers them.
    const apiPrefix = `${s.names.prefix}.api`;
    const pulls = await s.spyOnPulls(apiPrefix);
    await s.consumer(1, { expiresMs: 300, apiPrefix });
    await until('a second pull', () => pulls.length >= 2, 5_000);
    const gap = pulls[1].at - pulls[0].at;
    assert.ok(gap >= 1_200 && gap < 3_000, `second pull after ${gap} ms (expiry 300 + 1000)`);
    assert.notEqual(pulls[1].msg.reply, pulls[0].msg.reply, 'the second pull comes from a new inbox');
  });

  it('pulls again after a reconnect to the same server', async () => {
    const s = await setup();
    const pulls = await s.spyOnPulls();
    const { jobs, nc } = await s.consumer(1, { expiresMs: 30_000 });
    await until('a pull waits', () => pulls.length === 1);
    await nc.reconnect();
    await until('a pull after the reconnect', () => pulls.length === 2, 5_000);
    assert.notEqual(pulls[1].msg.reply, pulls[0].msg.reply, 'the new pull comes from a new inbox');
    // The old request survived the reconnect on this server, but its inbox is gone: it must not take a job.
    await until('the old pull is dropped', async () => (await s.waitingPulls()) === 1);
    await s.publish('job 1');
    await s.publish('job 2');
    await until('job 1 is pulled', () => jobs.received.length === 1, 3_000);
    await sleep(500);
    assert.deepEqual(jobs.bodies, ['job 1'], 'the busy worker holds no second job');
    const info = await s.jsm.consumers.info(s.names.jobsStream, s.durable);
    assert.equal(info.num_pending, 1, 'job 2 is still queued');
  });

  it('pulls again after the NATS server restarts', async () => {
    assert.equal(spawnSync(NATS_SERVER, ['--version']).status, 0, `no ${NATS_SERVER} binary (TEST_NATS_SERVER)`);
    const server = await PrivateNatsServer.start();
    cleanups.push(() => server.stop());
    const s = await setup(server.url);
    const { jobs } = await s.consumer(1, { expiresMs: 30_000 });
    await until('a pull waits', async () => (await s.waitingPulls()) === 1);
    await server.restart();
    // The restarted server forgot the pull; without a new one the job would wait for the 30 s expiry.
    await until('the worker pulls again', async () => (await s.waitingPulls().catch(() => 0)) === 1, 10_000);
    await s.publish('job');
    await until('the job is pulled', () => jobs.received.length === 1, 3_000);
  });

  it('gives back a job delivered while it stops', async () => {
    const s = await setup();
    const a = await s.consumer(1, { expiresMs: 3_000 });
    await until('a pull waits', async () => (await s.waitingPulls()) === 1);
    const stopped = a.gc.stop();
    await s.publish('job');
    await stopped;
    assert.deepEqual(a.jobs.bodies, [], 'the stopping worker did not run it');
    const b = await s.consumer(1);
    await until('another worker gets the job', () => b.jobs.received.length === 1);
    assert.equal(
      b.jobs.received[0].info.deliveryCount,
      2,
      'it was delivered to the stopping worker, which gave it back',
    );
  });

  it('stops once its running job ends, and pulls nothing after', async () => {
    const s = await setup();
    const a = await s.consumer(1, { expiresMs: 1_000 });
    await s.publish('job 1');
    await until('job 1 is pulled', () => a.jobs.received.length === 1);
    const stopped = a.gc.stop();
    let done = false;
    void stopped.then(() => (done = true));
    await sleep(300);
    assert.equal(done, false, 'stop waits for the running job');
    a.jobs.endAll();
    await stopped;
    await s.publish('job 2');
    const b = await s.consumer(1);
    await until('job 2 goes to another worker', () => b.jobs.received.length === 1);
    assert.deepEqual(a.jobs.bodies, ['job 1']);
    assert.equal(b.jobs.received[0].info.deliveryCount, 1, 'job 2 was never delivered to the stopped worker');
  });
});

/** A nats-server of the test's own with JetStream on a file store, which the test may restart. */
class PrivateNatsServer {
  private proc: ChildProcess | undefined;

  private constructor(
    private readonly port: number,
    private readonly dir: string,
  ) {}

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  static async start(): Promise<PrivateNatsServer> {
    const port = await new Promise<number>((resolve, reject) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const address = probe.address();
        probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
      });
    });
    const server = new PrivateNatsServer(port, await mkdtemp(join(tmpdir(), 'runnel-nats-')));
    await server.run();
    return server;
  }

  async restart(): Promise<void> {
    await this.kill();
    await this.run();
  }

  async stop(): Promise<void> {
    await this.kill();
    await rm(this.dir, { recursive: true, force: true });
  }

  private async run(): Promise<void> {
    this.proc = spawn(NATS_SERVER, ['-a', '127.0.0.1', '-p', String(this.port), '-js', '-sd', this.dir], {
      stdio: 'ignore',
    });
    const proc = this.proc;
    await until('the private nats-server to listen', async () => {
      if (proc.exitCode !== null) throw new Error(`${NATS_SERVER} exited with ${proc.exitCode}`);
      const nc = await connect({ servers: this.url }).catch(() => undefined);
      await nc?.close();
      return nc !== undefined;
    });
  }

  private async kill(): Promise<void> {
    const proc = this.proc;
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    proc.kill('SIGTERM');
    await exited;
  }
}
