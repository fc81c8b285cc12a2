import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadWorkerConfig } from './config.js';
import { DEFAULT_LIMITS } from './sandboxes/index.js';

describe('worker settings from the environment', () => {
  it('keeps 8 MiB of output per job by default, and WORKER_LOG_MAX_BYTES sets it', () => {
    assert.equal(loadWorkerConfig({}).logMaxBytes, 8 * 1024 * 1024);
    assert.equal(DEFAULT_LIMITS.logBytes, 8 * 1024 * 1024);
    assert.equal(loadWorkerConfig({ WORKER_LOG_MAX_BYTES: '' }).logMaxBytes, 8 * 1024 * 1024);
    assert.equal(loadWorkerConfig({ WORKER_LOG_MAX_BYTES: '20971520' }).logMaxBytes, 20 * 1024 * 1024);
  });

  it('says what to give instead of a bad WORKER_LOG_MAX_BYTES', () => {
    for (const bad of ['5MB', '-1', '100', '1.5']) {
      assert.throws(
        () => loadWorkerConfig({ WORKER_LOG_MAX_BYTES: bad }),
        new Error(`WORKER_LOG_MAX_BYTES must be an integer ≥ 1024, got "${bad}"`),
      );
    }
  });
});
