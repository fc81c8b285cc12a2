import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { masterKeyOf, parseMasterKey } from './master-key.js';

describe('the master key from the environment', () => {
  const dir = mkdtempSync(join(tmpdir(), 'runnel-master-key-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const key = randomBytes(32).toString('base64');
  const file = join(dir, 'master-key');
  writeFileSync(file, `${key}\n`, { mode: 0o600 });

  it('reads RUNNEL_MASTER_KEY_FILE (a trailing newline is fine) when RUNNEL_MASTER_KEY is unset or empty', () => {
    const expected = parseMasterKey(key, 'test').id;
    assert.equal(masterKeyOf({ RUNNEL_MASTER_KEY_FILE: file })?.id, expected);
    assert.equal(masterKeyOf({ RUNNEL_MASTER_KEY: '', RUNNEL_MASTER_KEY_FILE: file })?.id, expected);
  });

  it('takes RUNNEL_MASTER_KEY over the file, and has no key when neither is set', () => {
    const other = randomBytes(32).toString('hex');
    assert.equal(
      masterKeyOf({ RUNNEL_MASTER_KEY: other, RUNNEL_MASTER_KEY_FILE: file })?.id,
      parseMasterKey(other, 'x').id,
    );
    assert.equal(masterKeyOf({}), undefined);
  });

  it('stops the server naming the file when it is missing or holds no key', () => {
    assert.throws(
      () => masterKeyOf({ RUNNEL_MASTER_KEY_FILE: join(dir, 'nope') }),
      /RUNNEL_MASTER_KEY_FILE .*nope can't be read/,
    );
    const bad = join(dir, 'bad');
    writeFileSync(bad, 'not a key\n');
    assert.throws(
      () => masterKeyOf({ RUNNEL_MASTER_KEY_FILE: bad }),
      /the key in RUNNEL_MASTER_KEY_FILE \(.*bad\) must be 32 random bytes/,
    );
  });
});
