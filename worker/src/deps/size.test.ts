import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatSize, parseSize } from './size.js';

describe('cache sizes', () => {
  it('reads bytes and binary units', () => {
    assert.equal(parseSize('X', '5G'), 5 * 1024 ** 3);
    assert.equal(parseSize('X', '500M'), 500 * 1024 ** 2);
    assert.equal(parseSize('X', '5GiB'), 5 * 1024 ** 3);
    assert.equal(parseSize('X', '64kb'), 64 * 1024);
    assert.equal(parseSize('X', '1.5G'), 1.5 * 1024 ** 3);
    assert.equal(parseSize('X', '123456'), 123456);
  });

  it('names the variable for anything else', () => {
    for (const bad of ['', '0', '-1G', '5 gigs', 'G', '5P']) {
      assert.throws(
        () => parseSize('RUNNEL_DEPS_CACHE_MAX', bad),
        new Error(`RUNNEL_DEPS_CACHE_MAX must be a size such as 5G, 500M or a number of bytes, got "${bad}"`),
      );
    }
  });

  it('prints sizes for log lines', () => {
    assert.equal(formatSize(512), '512 B');
    assert.equal(formatSize(3 * 1024 ** 2 + 1024 ** 2 / 2), '3.5 MiB');
  });
});
