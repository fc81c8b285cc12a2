import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

  it('puts the dependency cache beside the job folders unless WORKER_DEPS_DIR says where, 5 GiB by default', () => {
    const config = loadWorkerConfig({});
    assert.equal(
      config.depsDir,
      join(tmpdir(), config.sandboxMode === 'root' ? 'runnel-deps' : `runnel-deps-${process.getuid!()}`),
    );
    assert.equal(config.depsCacheMaxBytes, 5 * 1024 ** 3);
    const set = loadWorkerConfig({ WORKER_DEPS_DIR: '/var/cache/runnel/deps', RUNNEL_DEPS_CACHE_MAX: '500M' });
    assert.equal(set.depsDir, '/var/cache/runnel/deps');
    assert.equal(set.depsCacheMaxBytes, 500 * 1024 ** 2);
    assert.throws(
      () => loadWorkerConfig({ RUNNEL_DEPS_CACHE_MAX: 'lots' }),
      /RUNNEL_DEPS_CACHE_MAX must be a size such as 5G/,
    );
  });

  it("takes the package sources by the server's names, unset when empty", () => {
    const { packageSources } = loadWorkerConfig({
      RUNNEL_NPM_REGISTRY: 'https://npm.example/',
      RUNNEL_NPM_TOKEN: '',
      RUNNEL_PIP_FIND_LINKS: '/srv/wheels',
    });
    assert.deepEqual(Object.fromEntries(Object.entries(packageSources).filter(([, value]) => value !== undefined)), {
      npmRegistry: 'https://npm.example/',
      pipFindLinks: '/srv/wheels',
    });
  });

  it('serves no metrics unless WORKER_METRICS_PORT is set, 0 for any free port, and says what a bad one should be', () => {
    assert.equal(loadWorkerConfig({}).metricsPort, undefined);
    assert.equal(loadWorkerConfig({ WORKER_METRICS_PORT: '' }).metricsPort, undefined);
    assert.equal(loadWorkerConfig({ WORKER_METRICS_PORT: '0' }).metricsPort, 0);
    assert.equal(loadWorkerConfig({ WORKER_METRICS_PORT: '9464' }).metricsPort, 9464);
    assert.equal(loadWorkerConfig({}).metricsHost, '127.0.0.1');
    assert.equal(loadWorkerConfig({ WORKER_METRICS_HOST: '0.0.0.0' }).metricsHost, '0.0.0.0');
    assert.throws(
      () => loadWorkerConfig({ WORKER_METRICS_PORT: 'on' }),
      /WORKER_METRICS_PORT must be an integer ≥ 0, got "on"/,
    );
    assert.throws(
      () => loadWorkerConfig({ WORKER_METRICS_PORT: '70000' }),
      /WORKER_METRICS_PORT must be a port \(0-65535; 0 = any free one\), got "70000"/,
    );
  });
});

describe('worker NATS settings', () => {
  it('reads a comma list of servers and the replica count, refusing a count out of 1..5', () => {
    const config = loadWorkerConfig({ NATS_URL: 'nats://a:4222,nats://b:4222', RUNNEL_NATS_REPLICAS: '3' });
    assert.deepEqual(config.natsServers, ['nats://a:4222', 'nats://b:4222']);
    assert.equal(config.natsReplicas, 3);
    assert.equal(loadWorkerConfig({}).natsReplicas, 1);
    assert.throws(
      () => loadWorkerConfig({ RUNNEL_NATS_REPLICAS: '7' }),
      /RUNNEL_NATS_REPLICAS must be an integer from 1 to 5/,
    );
  });
});

describe('worker sandbox setting', () => {
  it('runs jobs in the process sandbox unless WORKER_SANDBOX says docker, and names the choices otherwise', () => {
    assert.equal(loadWorkerConfig({}).sandbox, 'process');
    assert.equal(loadWorkerConfig({ WORKER_SANDBOX: 'docker' }).sandbox, 'docker');
    assert.throws(
      () => loadWorkerConfig({ WORKER_SANDBOX: 'podman' }),
      new Error('WORKER_SANDBOX must be process or docker, got "podman"'),
    );
  });

  it('keeps no dedicated runtimes unless WORKER_DEDICATED turns them on, with 1000 jobs and 60 s idle by default', () => {
    assert.equal(loadWorkerConfig({}).dedicated, false);
    assert.equal(loadWorkerConfig({ WORKER_DEDICATED: '0' }).dedicated, false);
    assert.equal(loadWorkerConfig({ WORKER_DEDICATED: 'false' }).dedicated, false);
    const on = loadWorkerConfig({ WORKER_DEDICATED: '1' });
    assert.deepEqual([on.dedicated, on.dedicatedMaxJobs, on.dedicatedIdleMs], [true, 1000, 60_000]);
    assert.equal(loadWorkerConfig({ WORKER_DEDICATED: 'TRUE' }).dedicated, true);
    const set = loadWorkerConfig({
      WORKER_DEDICATED: 'true',
      WORKER_DEDICATED_MAX_JOBS: '5',
      WORKER_DEDICATED_IDLE_MS: '2000',
    });
    assert.deepEqual([set.dedicatedMaxJobs, set.dedicatedIdleMs], [5, 2000]);
    assert.throws(
      () => loadWorkerConfig({ WORKER_DEDICATED: 'yes' }),
      new Error('WORKER_DEDICATED must be 1 or true (on), 0 or false (off), got "yes"'),
    );
    assert.throws(
      () => loadWorkerConfig({ WORKER_DEDICATED_MAX_JOBS: '0' }),
      new Error('WORKER_DEDICATED_MAX_JOBS must be an integer ≥ 1, got "0"'),
    );
  });
});
