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
});
