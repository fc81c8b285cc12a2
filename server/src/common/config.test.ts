import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadServerConfig } from './config.js';

describe('server configuration', () => {
  it('listens on 127.0.0.1 unless HOST says otherwise: a job, or another machine, reaches no API it was not given', () => {
    assert.equal(loadServerConfig({ DATABASE_URL: 'postgres://x' }).host, '127.0.0.1');
    assert.equal(loadServerConfig({ DATABASE_URL: 'postgres://x', HOST: '0.0.0.0' }).host, '0.0.0.0');
  });
});
