import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addUser, json, startHarness, type Harness } from './harness.js';

/** A user changes their own password: POST /api/users/setpassword (auth/password.service.ts). */
describe('changing one’s password', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => h?.close());

  const setPassword = (token: string, body: unknown) =>
    h.api('/api/users/setpassword', { method: 'POST', json: body, token });
  const login = (username: string, password: string) =>
    h.api('/api/auth/login', { method: 'POST', json: { login: username, password }, token: null });

  /** A user without a password, who sets a first one; their username and token. */
  async function userWithPassword(password: string): Promise<{ username: string; token: string }> {
    const { id, token } = await addUser(h, 'developer');
    const first = await setPassword(token, { password });
    assert.equal(first.status, 204, await first.text());
    return { username: `u${id}`, token };
  }

  it('sets a first password without a current one, then changes it only with the current one', async () => {
    const { username, token } = await userWithPassword('first horse');
    assert.equal((await login(username, 'first horse')).status, 200);

    const missing = await setPassword(token, { password: 'second horse' });
    assert.equal(missing.status, 400);
    assert.match((await json(missing)).error.message, /current_password: give your current password/);

    const wrong = await setPassword(token, { current_password: 'not it', password: 'second horse' });
    assert.equal(wrong.status, 403);
    assert.deepEqual((await json(wrong)).error, { code: 'forbidden', message: 'the current password is wrong' });
    assert.equal((await login(username, 'first horse')).status, 200, 'a wrong attempt changes nothing');

    const ok = await setPassword(token, { current_password: 'first horse', password: 'second horse' });
    assert.equal(ok.status, 204, await ok.text());
    assert.equal((await login(username, 'second horse')).status, 200);
    assert.equal((await login(username, 'first horse')).status, 401);
    assert.equal((await h.api('/api/auth/whoami', { token })).status, 200, 'the token in use keeps working');
  });

  it('refuses a short password with a 400 saying the minimum, and unknown fields', async () => {
    const { token } = await addUser(h, 'viewer');
    const short = await setPassword(token, { password: 'short' });
    assert.equal(short.status, 400);
    assert.equal((await json(short)).error.message, 'password: the new password needs at least 8 characters');
    const extra = await setPassword(token, { password: 'long enough', old: 'x' });
    assert.equal(extra.status, 400);
    assert.equal((await setPassword(token, {})).status, 400);
  });

  it('wrong current passwords count as failed logins: the 11th attempt is 429, the right one too', async () => {
    const { username, token } = await userWithPassword('right horse');
    for (let i = 0; i < 10; i++) {
      const res = await setPassword(token, { current_password: `wrong ${i}`, password: 'new horse!' });
      assert.equal(res.status, 403, `attempt ${i + 1}`);
    }
    const blocked = await setPassword(token, { current_password: 'right horse', password: 'new horse!' });
    assert.equal(blocked.status, 429);
    assert.ok(Number(blocked.headers.get('retry-after')) >= 1);
    assert.match((await json(blocked)).error.message, /too many failed logins for this account/);
    assert.equal((await login(username, 'right horse')).status, 429, 'one count with logins');
  });

  it('a token limited to a workspace cannot change the password', async () => {
    const { token } = await addUser(h, 'developer');
    const limited = await h.api('/api/users/tokens/create', { method: 'POST', json: { workspace_id: 'main' }, token });
    assert.equal(limited.status, 201);
    const res = await setPassword(await limited.text(), { password: 'long enough' });
    assert.equal(res.status, 403);
    assert.match((await json(res)).error.message, /limited to a workspace/);
  });
});
