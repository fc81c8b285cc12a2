import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, describe, it } from 'node:test';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { createInbox, type Msg, type NatsConnection } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import { ensureGroupConsumer, ensureStreams, natsNames, removeTopology } from '@runnel/protocol';
import { parseAckSubject, toJobMsg } from '../src/consumer/job-msg.js';

const NATS_URL = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('parseAckSubject', () => {
  it('reads the 9-token form', () => {
    assert.deepEqual(parseAckSubject('$JS.ACK.JOBS.workers_default.3.42.17.1700000000000000000.5'), {
      stream: 'JOBS',
      consumer: 'workers_default',
      deliveryCount: 3,
      streamSequence: 42,
    });
  });

  it('reads the forms with a domain and account hash, with and without the random token', () => {
    const expected = { stream: 'JOBS', consumer: 'c', deliveryCount: 1, streamSequence: 7 };
    assert.deepEqual(parseAckSubject('$JS.ACK.hub.ACCHASH.JOBS.c.1.7.7.1700000000000000000.0'), expected);
    assert.deepEqual(parseAckSubject('$JS.ACK._.ACCHASH.JOBS.c.1.7.7.1700000000000000000.0.xyz'), expected);
  });

  it('rejects a subject that is not an ack subject', () => {
    assert.throws(() => parseAckSubject('_INBOX.abc.def'), /not a JetStream delivery/);
    assert.throws(() => parseAckSubject('$JS.ACK.JOBS.c.x.7.7.1.0'), /not a JetStream delivery/);
    assert.throws(() => parseAckSubject('$JS.ACK.JOBS.c.1.7.7.1'), /not a JetStream delivery/);
  });
});

describe('toJobMsg on a real consumer', () => {
  const names = natsNames(`jm${randomBytes(5).toString('hex')}`);
  let nc: NatsConnection;
  let durable: string;

  after(async () => {
    await nc?.close();
    await removeTopology(NATS_URL, names);
  });

  /** One raw pull, as the group consumer sends it. */
  async function pullOne(expiresMs: number): Promise<Msg | undefined> {
    const inbox = createInbox();
    const sub = nc.subscribe(inbox, { max: 1 });
    const request = JSON.stringify({ batch: 1, expires: expiresMs * 1_000_000 });
    nc.publish(`$JS.API.CONSUMER.MSG.NEXT.${names.jobsStream}.${durable}`, request, { reply: inbox });
    for await (const msg of sub) return msg.headers?.code ? undefined : msg;
    return undefined;
  }

  it('reads the delivery and sends nak with a delay, working, term and ack', async () => {
    nc = await connect({ servers: NATS_URL });
    const jsm = await jetstreamManager(nc);
    await ensureStreams(jsm, names);
    durable = await ensureGroupConsumer(jsm, names, 'default', { ackWaitMs: 1_000 });
    const js = jetstream(nc);
    const first = await js.publish(names.jobsSubject('default'), 'job 1');
    const second = await js.publish(names.jobsSubject('default'), 'job 2');

    const one = toJobMsg((await pullOne(1_000))!, nc);
    assert.equal(one.seq, first.seq);
    assert.equal(one.info.deliveryCount, 1);
    assert.equal(new TextDecoder().decode(one.data), 'job 1');
    const nakAt = Date.now();
    one.nak(700);
    one.ack(); // after a nak: ignored, as JsMsg ignores a second final answer

    // Job 2 comes first: job 1 waits for its delay.
    const two = toJobMsg((await pullOne(1_000))!, nc);
    assert.equal(two.seq, second.seq);
    // `working` every 300 ms keeps job 2 ours past its 1 s ack_wait.
    const beat = setInterval(() => two.working(), 300);
    const again = toJobMsg((await pullOne(3_000))!, nc);
    assert.equal(again.seq, first.seq, 'job 1 is back after its delay');
    assert.equal(again.info.deliveryCount, 2);
    assert.ok(Date.now() - nakAt >= 600, `redelivered ${Date.now() - nakAt} ms after the nak`);
    again.term();
    await sleep(1_500);
    clearInterval(beat);
    two.ack();
    await nc.flush();

    assert.equal(await pullOne(1_500), undefined, 'neither job comes back: one terminated, one acked');
    const info = await jsm.consumers.info(names.jobsStream, durable);
    assert.equal(info.num_ack_pending, 0);
    assert.equal(info.num_redelivered, 0);
  });

  it('acks with a confirmation from JetStream, once', async () => {
    const jsm = await jetstreamManager(nc);
    await jetstream(nc).publish(names.jobsSubject('default'), 'job 3');
    const three = toJobMsg((await pullOne(1_000))!, nc);
    assert.equal(await three.ackConfirmed(), true);
    assert.equal(await three.ackConfirmed(), false, 'a second answer is not sent');
    const info = await jsm.consumers.info(names.jobsStream, durable);
    assert.equal(info.num_ack_pending, 0);
    assert.equal((await jsm.streams.info(names.jobsStream)).state.messages, 0, 'the acked job left the WorkQueue');
  });
});
