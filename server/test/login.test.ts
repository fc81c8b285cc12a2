import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { hashPassword } from '../src/auth/auth.service.js';
import { startHarness, type Harness } from './harness.js';

interface Answer {
  status: number;
  retryAfter: string | undefined;
  body: { token?: string; error?: { code: string; message: string } };
}

/** Failed logins are throttled per account and per client address (auth/login-throttle.ts). */
describe('login throttling', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ RUNNEL_LOGIN_FAILURES_PER_IP: '30' });
  });
  after(async () => h?.close());

  /** A user with this password; each test its own, so the tests stand alone. */
  async function user(password: string): Promise<string> {
    const name = `u${randomUUID().slice(0, 8)}`;
    await h.server.app
      .get(DataSource)
      .query('INSERT INTO app_user (id, email, username, password_hash) VALUES ($1, $2, $3, $4)', [
        randomUUID(),
        `${name}@runnel.local`,
        name,
        await hashPassword(password),
      ]);
    return name;
  }

  /**
   * POST /api/auth/login from a loopback address of the test's own (127.0.0.0/8 all reaches the
   * server), so each test has its own per-address count.
   */
  function login(from: string, login: string, password: string): Promise<Answer> {
    const { hostname, port } = new URL(h.url);
    return new Promise((resolve, reject) => {
      const req = request(
        { host: hostname, port, localAddress: from, method: 'POST', path: '/api/auth/login' },
        (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () =>
            resolve({ status: res.statusCode!, retryAfter: res.headers['retry-after'], body: JSON.parse(text) }),
          );
        },
      );
      req.on('error', reject);
      req.setHeader('content-type', 'application/json');
      req.end(JSON.stringify({ login, password }));
    });
  }

  function assert429(answer: Answer, message: RegExp): void {
    assert.equal(answer.status, 429, JSON.stringify(answer.body));
    assert.equal(answer.body.error!.code, 'rate_limited');
    assert.match(answer.body.error!.message, message);
    const wait = Number(answer.retryAfter);
    // Defaults: 10 failures an account, regained over 900 s: one every 90 s.
    assert.ok(Number.isInteger(wait) && wait >= 1 && wait <= 90, `Retry-After: ${answer.retryAfter}`);
    assert.match(answer.body.error!.message, new RegExp(`retry in ${wait} s`));
  }

  it('30 wrong passwords for one account: 10 × 401, then 429 with Retry-After, the right one too', async () => {
    const name = await user('right horse');
    const statuses: number[] = [];
    let last: Answer | undefined;
    for (let i = 0; i < 30; i++) {
      last = await login('127.0.0.11', name, `wrong ${i}`);
      statuses.push(last.status);
    }
    assert.deepEqual(statuses, [...Array(10).fill(401), ...Array(20).fill(429)]);
    assert429(last!, /too many failed logins for this account/);
    // The account is throttled wherever the guesses come from, and by its email as well as its name.
    assert429(await login('127.0.0.12', `${name}@runnel.local`, 'right horse'), /for this account/);
  });

  it('a successful login resets the account count', async () => {
    const name = await user('battery staple');
    // 27 failures in all: past the account's 10, not the address's 30.
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 9; i++) assert.equal((await login('127.0.0.21', name, 'wrong')).status, 401);
      const ok = await login('127.0.0.21', name, 'battery staple');
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
      assert.match(ok.body.token!, /^rn_/);
    }
  });

  it('one address failing across many accounts: 429 after RUNNEL_LOGIN_FAILURES_PER_IP (30)', async () => {
    const name = await user('correct');
    for (let i = 0; i < 30; i++) {
      assert.equal((await login('127.0.0.31', `nobody-${i}`, 'x')).status, 401, `attempt ${i + 1}`);
    }
    const blocked = await login('127.0.0.31', name, 'correct');
    assert.equal(blocked.status, 429);
    assert.match(blocked.body.error!.message, /too many failed logins from this address/);
    // 30 per 900 s: one every 30 s.
    assert.ok(Number(blocked.retryAfter) >= 1 && Number(blocked.retryAfter) <= 30, blocked.retryAfter);
    // Another address, and the account itself (not counted by the refused attempt), are not affected.
    assert.equal((await login('127.0.0.32', name, 'correct')).status, 200);
  });
});
