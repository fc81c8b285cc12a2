import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_NATS_URL, natsReplicas, natsServers } from './connection.js';

describe('NATS settings from the environment', () => {
  it('takes NATS_URL as one server or a comma list of a cluster’s servers', () => {
    assert.deepEqual(natsServers(undefined), [DEFAULT_NATS_URL]);
    assert.deepEqual(natsServers('nats://10.0.0.1:4222'), ['nats://10.0.0.1:4222']);
    assert.deepEqual(natsServers('nats://a:4222, nats://b:4222 ,c:4222,'), [
      'nats://a:4222',
      'nats://b:4222',
      'c:4222',
    ]);
    assert.deepEqual(natsServers('tls://nats.example.com:4222'), ['tls://nats.example.com:4222']);
  });

  it('names NATS_URL and the bad entry when a server is not a URL', () => {
    assert.throws(() => natsServers(' , '), /NATS_URL names no server, got " , "/);
    assert.throws(
      () => natsServers('nats://a:4222,http://b:80'),
      /NATS_URL must be one server or a comma list of them \(nats:\/\/host:port\), got "http:\/\/b:80"/,
    );
    assert.throws(() => natsServers('nats://a:4222,nats://:4222'), /got "nats:\/\/:4222"/);
  });

  it('keeps one replica unless RUNNEL_NATS_REPLICAS says 1 to 5', () => {
    assert.equal(natsReplicas(undefined), 1);
    assert.equal(natsReplicas(''), 1);
    assert.equal(natsReplicas('3'), 3);
    assert.equal(natsReplicas('5'), 5);
    for (const bad of ['0', '6', '2.5', 'three', '-1']) {
      assert.throws(
        () => natsReplicas(bad),
        new Error(
          `RUNNEL_NATS_REPLICAS must be an integer from 1 to 5 (1 for one NATS server, 3 on a cluster of 3), got "${bad}"`,
        ),
      );
    }
  });
});
