import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { encodeHeartbeat, natsNames } from '@runnel/protocol';
import { addUser, json, startHarness, until, type Harness } from './harness.js';

interface Group {
  name: string;
  pending: number;
  ack_pending: number;
  workers: { name: string; groups: string[]; slots_used: number; slots_total: number; last_heartbeat: string }[];
}

describe('GET /api/workers: groups, queue depth, live workers from heartbeats', () => {
  let h: Harness;
  let nc: NatsConnection;
  before(async () => {
    h = await startHarness({ RUNNEL_SYNC_TIMEOUT_MS: '200' });
    nc = await connect({ servers: process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222' });
  });
  after(async () => {
    await nc?.close();
    await h?.close();
  });

  const groups = async (token?: string) => {
    const res = await h.api('/api/workers', { token });
    assert.equal(res.status, 200, await res.clone().text());
    return ((await res.json()) as { groups: Group[] }).groups;
  };
  const group = async (name: string) => (await groups()).find((g) => g.name === name);

  it('shows a running worker with its slots in use, and the queue of a group nobody serves', async () => {
    const worker = await h.startWorker({
      WORKER_NAME: 'w-live',
      WORKER_GROUPS: 'default,heavy',
      WORKER_CONCURRENCY: '2',
      WORKER_HEARTBEAT_MS: '200',
    });
    const live = await until(async () => (await group('heavy'))?.workers.find((w) => w.name === 'w-live'));
    assert.deepEqual(live.groups, ['default', 'heavy']);
    assert.equal(live.slots_total, 2);
    assert.equal(live.slots_used, 0);
    assert.ok(Date.now() - Date.parse(live.last_heartbeat) < 5000);

    // A job that runs for a while takes a slot; the next beat says so.
    await h.deploy('f/workers/sleep', 'bash', 'sleep 3\necho done');
    const run = await h.api('/api/w/main/jobs/run/p/f/workers/sleep', { method: 'POST', json: {} });
    assert.equal(run.status, 201);
    await until(async () => ((await group('default'))?.workers[0]?.slots_used === 1 ? true : undefined));
    assert.equal((await group('default'))!.ack_pending, 1);

    // Jobs for a group without workers wait in its queue.
    await h.deploy('f/workers/gpu', 'bash', 'echo gpu', { tag: 'gpu' });
    const gpuConsumerReady = await h.api('/api/w/main/jobs/run/p/f/workers/gpu', { method: 'POST', json: {} });
    assert.equal(gpuConsumerReady.status, 201);
    // No worker ever created the gpu group's consumer: the group is not listed until one serves it.
    assert.equal(await group('gpu'), undefined);

    // A clean stop says so: the worker leaves the list at once.
    await worker.stop(5000);
    await until(async () => ((await group('heavy'))?.workers.length === 0 ? true : undefined), 1000);
  });

  it('counts queued jobs of a group whose workers are gone, and forgets a worker after missed beats', async () => {
    const worker = await h.startWorker({ WORKER_NAME: 'w-q', WORKER_GROUPS: 'queue', WORKER_HEARTBEAT_MS: '200' });
    await until(async () => (await group('queue'))?.workers.find((w) => w.name === 'w-q'));
    await worker.stop(1000);
    await h.deploy('f/workers/q', 'bash', 'echo q', { tag: 'queue' });
    for (let i = 0; i < 3; i++) {
      assert.equal((await h.api('/api/w/main/jobs/run/p/f/workers/q', { method: 'POST', json: {} })).status, 201);
    }
    const queued = await until(async () => {
      const g = await group('queue');
      return g?.pending === 3 ? g : undefined;
    });
    assert.deepEqual(queued.workers, []);

    // A worker that dies says nothing: it is dropped after three missed beats of its own interval.
    const names = natsNames(h.prefix);
    const beat = { name: 'w-dead', groups: ['queue'], slots: { used: 0, total: 1 }, version: 'x' };
    nc.publish(
      names.workersHeartbeatSubject,
      encodeHeartbeat({ ...beat, started_at: new Date().toISOString(), interval_ms: 100 }),
    );
    const dead = await until(async () => (await group('queue'))?.workers.find((w) => w.name === 'w-dead'));
    const lastBeat = Date.parse(dead.last_heartbeat);
    await until(async () => ((await group('queue'))?.workers.length === 0 ? true : undefined), 3000);
    assert.ok(Date.now() - lastBeat >= 300, 'kept for three missed beats');
    // A malformed beat is ignored.
    nc.publish(names.workersHeartbeatSubject, new TextEncoder().encode('{"name": 3}'));
    assert.deepEqual((await group('queue'))!.workers, []);
  });

  it('is open to any signed-in user, and to nobody else', async () => {
    const viewer = await addUser(h, 'viewer');
    assert.ok(Array.isArray(await groups(viewer.token)));
    const res = await h.api('/api/workers', { token: null });
    assert.equal(res.status, 401);
    assert.equal((await json(res)).error.code, 'unauthorized');
  });
});
