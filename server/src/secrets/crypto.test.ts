import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseMasterKey } from '../common/master-key.js';
import { newDataKey, open, seal, secretContext } from './crypto.js';

test('a master key is 32 bytes in base64 or hex, anything else is refused naming the setting', () => {
  const bytes = Buffer.alloc(32, 7);
  const fromHex = parseMasterKey(bytes.toString('hex'), 'RUNNEL_MASTER_KEY');
  const fromBase64 = parseMasterKey(bytes.toString('base64'), 'RUNNEL_MASTER_KEY');
  assert.deepEqual(fromHex, fromBase64);
  assert.match(fromHex.id, /^[0-9a-f]{16}$/);
  for (const bad of ['', 'short', Buffer.alloc(16).toString('hex'), Buffer.alloc(33).toString('base64')]) {
    assert.throws(() => parseMasterKey(bad, 'RUNNEL_MASTER_KEY'), /RUNNEL_MASTER_KEY must be 32 random bytes/);
  }
});

test('a sealed value opens only with its key and its context', () => {
  const key = newDataKey();
  const sealed = seal(key, Buffer.from('hunter2'), secretContext('a', 'f/x/y'));
  assert.equal(open(key, sealed, secretContext('a', 'f/x/y'))?.toString(), 'hunter2');
  assert.equal(open(key, sealed, secretContext('a', 'f/x/z')), undefined);
  assert.equal(open(key, sealed, secretContext('b', 'f/x/y')), undefined);
  assert.equal(open(newDataKey(), sealed, secretContext('a', 'f/x/y')), undefined);
  assert.equal(open(key, sealed.subarray(0, 10), secretContext('a', 'f/x/y')), undefined);
  // A fresh nonce each time: the same plaintext never seals to the same bytes.
  assert.notDeepEqual(seal(key, Buffer.from('hunter2'), 'c'), seal(key, Buffer.from('hunter2'), 'c'));
});
