import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadServerConfig } from './config.js';

describe('server configuration', () => {
  it('listens on 127.0.0.1 unless HOST says otherwise: a job, or another machine, reaches no API it was not given', () => {
    assert.equal(loadServerConfig({ DATABASE_URL: 'postgres://x' }).host, '127.0.0.1');
    assert.equal(loadServerConfig({ DATABASE_URL: 'postgres://x', HOST: '0.0.0.0' }).host, '0.0.0.0');
  });

  it('reads where packages come from, leaving unset sources to each tool, and refuses a registry that is no URL', () => {
    const base = { DATABASE_URL: 'postgres://x' };
    assert.deepEqual(loadServerConfig(base).deps, { sources: {}, resolveTimeoutS: 120, maxResolutions: 4 });
    const deps = loadServerConfig({
      ...base,
      RUNNEL_NPM_REGISTRY: 'https://npm.example/',
      RUNNEL_NPM_TOKEN: 'secret',
      RUNNEL_PIP_INDEX_URL: 'http://pypi.example/simple',
      RUNNEL_PIP_EXTRA_INDEX_URL: 'https://extra.example/simple',
      RUNNEL_PIP_FIND_LINKS: '/srv/wheels',
      RUNNEL_DEPS_RESOLVE_TIMEOUT_S: '30',
      RUNNEL_DEPS_MAX_RESOLUTIONS: '2',
    }).deps;
    assert.deepEqual(deps, {
      sources: {
        npmRegistry: 'https://npm.example/',
        npmToken: 'secret',
        pipIndexUrl: 'http://pypi.example/simple',
        pipExtraIndexUrl: 'https://extra.example/simple',
        pipFindLinks: '/srv/wheels',
      },
      resolveTimeoutS: 30,
      maxResolutions: 2,
    });
    assert.throws(
      () => loadServerConfig({ ...base, RUNNEL_NPM_REGISTRY: 'npm.example' }),
      /RUNNEL_NPM_REGISTRY must be/,
    );
    assert.throws(() => loadServerConfig({ ...base, RUNNEL_DEPS_MAX_RESOLUTIONS: '0' }), /at least 1/);
  });

  it('keeps a browser session 7 days unless RUNNEL_SESSION_TTL_HOURS says otherwise, and never 0 hours', () => {
    const base = { DATABASE_URL: 'postgres://x' };
    assert.equal(loadServerConfig(base).sessionTtlS, 7 * 24 * 3600);
    assert.equal(loadServerConfig({ ...base, RUNNEL_SESSION_TTL_HOURS: '12' }).sessionTtlS, 12 * 3600);
    assert.throws(
      () => loadServerConfig({ ...base, RUNNEL_SESSION_TTL_HOURS: '0' }),
      /RUNNEL_SESSION_TTL_HOURS must be at least 1/,
    );
    assert.throws(() => loadServerConfig({ ...base, RUNNEL_SESSION_TTL_HOURS: '1.5' }), /non-negative integer/);
  });

  it('trusts no proxy unless RUNNEL_TRUSTED_PROXIES names them, and refuses an entry that is no address', () => {
    const base = { DATABASE_URL: 'postgres://x' };
    assert.deepEqual(loadServerConfig(base).trustedProxies, []);
    assert.deepEqual(
      loadServerConfig({ ...base, RUNNEL_TRUSTED_PROXIES: ' 10.0.0.0/8, 127.0.0.1,loopback, fd00::/8 ' })
        .trustedProxies,
      ['10.0.0.0/8', '127.0.0.1', 'loopback', 'fd00::/8'],
    );
    for (const bad of ['proxy.example', '10.0.0.0/33', '10.0.0.0/8/1', '*']) {
      assert.throws(
        () => loadServerConfig({ ...base, RUNNEL_TRUSTED_PROXIES: bad }),
        new RegExp(`RUNNEL_TRUSTED_PROXIES: "${bad.replace(/[*/.]/g, '\\$&')}" is neither`),
      );
    }
  });
  it('reads RUNNEL_RETENTION_DAYS as days, fractions allowed, 0 or off keeping every job, and names it when it is wrong', () => {
    const base = { DATABASE_URL: 'postgres://x' };
    assert.deepEqual(loadServerConfig(base).jobRetention, { days: 30, intervalMs: 600_000, batch: 500, pauseMs: 50 });
    assert.equal(loadServerConfig({ ...base, RUNNEL_RETENTION_DAYS: '0.001' }).jobRetention.days, 0.001);
    assert.equal(loadServerConfig({ ...base, RUNNEL_RETENTION_DAYS: '7' }).jobRetention.days, 7);
    assert.equal(loadServerConfig({ ...base, RUNNEL_RETENTION_DAYS: 'off' }).jobRetention.days, 0);
    assert.equal(loadServerConfig({ ...base, RUNNEL_RETENTION_DAYS: '0' }).jobRetention.days, 0);
    for (const bad of ['-1', 'thirty', '1d', 'Infinity', '1e6']) {
      assert.throws(() => loadServerConfig({ ...base, RUNNEL_RETENTION_DAYS: bad }), /RUNNEL_RETENTION_DAYS must be/);
    }
    assert.throws(
      () => loadServerConfig({ ...base, RUNNEL_RETENTION_BATCH: '0' }),
      /RUNNEL_RETENTION_BATCH must be at least 1/,
    );
    assert.throws(
      () => loadServerConfig({ ...base, RUNNEL_RETENTION_INTERVAL_MS: 'soon' }),
      /RUNNEL_RETENTION_INTERVAL_MS must be a non-negative integer/,
    );
  });
});
