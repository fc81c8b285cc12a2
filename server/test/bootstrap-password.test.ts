import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { hashPassword } from '../src/auth/auth.service.js';
import { json, startHarness, type Harness } from './harness.js';

describe('RUNNEL_BOOTSTRAP_PASSWORD on a first start', () => {
  let h: Harness;
  const password = 'chosen-at-install-time';
  const login = (pw: string) =>
    h.api('/api/auth/login', { method: 'POST', token: null, json: { login: 'admin', password: pw } });
  before(async () => {
    h = await startHarness({ RUNNEL_BOOTSTRAP_PASSWORD: password });
  });
  after(async () => h?.close());

  it('becomes the admin password, alongside the bootstrap token, and is never printed', async () => {
    assert.equal(h.server.bootstrap.createdAdmin, true);
    assert.equal(h.server.bootstrap.password, undefined);
    assert.equal((await login('something-else')).status, 401);
    const res = await login(password);
    assert.equal(res.status, 200, await res.clone().text());
    const { token } = await json(res);
    assert.equal((await json(await h.api('/api/auth/whoami', { token }))).username, 'admin');
    assert.equal((await h.api('/api/auth/whoami')).status, 200, 'the bootstrap token works too');
  });

  it('does not change an existing admin password on a later start', async () => {
    const db = new pg.Client({ connectionString: h.databaseUrl });
    await db.connect();
    await db.query(`UPDATE app_user SET password_hash = $1 WHERE username = 'admin'`, [await hashPassword('changed')]);
    await db.end();
    await h.restartServer();
    assert.equal(h.server.bootstrap.createdAdmin, false);
    assert.equal((await login(password)).status, 401);
    assert.equal((await login('changed')).status, 200);
  });
});
