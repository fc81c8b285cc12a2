import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import WebSocket from 'ws';
import { AuthService, hashPassword } from '../src/auth/auth.service.js';
import { TOKEN, startHarness, type Harness } from './harness.js';

const PASSWORD = 'correct horse battery staple';

/** The browser app's session cookie (auth/session-cookie.ts, docs/adr/0019-browser-session.md). */
describe('browser sessions', () => {
  let h: Harness;
  let username: string;
  before(async () => {
    h = await startHarness();
    username = `u${randomUUID().slice(0, 8)}`;
    const db = h.server.app.get(DataSource);
    const id = randomUUID();
    await db.query('INSERT INTO app_user (id, email, username, password_hash) VALUES ($1, $2, $3, $4)', [
      id,
      `${username}@runnel.local`,
      username,
      await hashPassword(PASSWORD),
    ]);
    await db.query(`INSERT INTO workspace_member (workspace_id, user_id, role) VALUES ('main', $1, 'developer')`, [id]);
  });
  after(async () => h?.close());

  const signIn = (json: unknown) => h.api('/api/auth/session', { method: 'POST', json, token: null });
  /** `runnel_session=<value>` of a sign-in's Set-Cookie. */
  function cookieOf(res: Response): string {
    const set = res.headers.get('set-cookie') ?? '';
    const pair = set.split(';')[0]!;
    assert.match(pair, /^runnel_session=.+/);
    return pair;
  }
  const withCookie = (cookie: string, path: string, init: RequestInit & { json?: unknown } = {}) =>
    h.api(path, { ...init, token: null, headers: { cookie, ...(init.headers as Record<string, string>) } });

  it('signs in with a password: an HttpOnly, SameSite=Strict cookie that authenticates reads', async () => {
    const res = await signIn({ login: username, password: PASSWORD });
    assert.equal(res.status, 200);
    const body = (await res.json()) as { username: string; expires_at: string; token?: string };
    assert.equal(body.username, username);
    assert.equal(body.token, undefined, 'the page never sees the session token');
    const expires = new Date(body.expires_at).getTime() - Date.now();
    assert.ok(expires > 6 * 86400_000 && expires <= 7 * 86400_000, body.expires_at);
    const set = res.headers.get('set-cookie')!;
    assert.match(set, /; HttpOnly/);
    assert.match(set, /; SameSite=Strict/);
    assert.match(set, /; Path=\//);
    assert.match(set, /; Max-Age=604800/);
    const whoami = await withCookie(cookieOf(res), '/api/auth/whoami');
    assert.equal(whoami.status, 200);
    assert.equal(((await whoami.json()) as { username: string }).username, username);
    const workspaces = await withCookie(cookieOf(res), '/api/workspaces/list');
    assert.deepEqual(await workspaces.json(), [{ id: 'main', name: 'Main', role: 'developer' }]);
  });

  it('says a wrong password is wrong, and sets no cookie', async () => {
    const res = await signIn({ login: username, password: 'nope' });
    assert.equal(res.status, 401);
    assert.equal(res.headers.get('set-cookie'), null);
    const body = (await res.json()) as { error: { message: string } };
    assert.equal(body.error.message, 'wrong username or password');
  });

  it('answers a body that is neither a password nor a token with 400', async () => {
    const res = await signIn({ login: username });
    assert.equal(res.status, 400);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'bad_request');
    const bad = await signIn({ token: 'not-a-token' });
    assert.equal(bad.status, 401);
    assert.match(((await bad.json()) as { error: { message: string } }).error.message, /API token is not valid/);
  });

  it('needs the CSRF header, and this origin, for a change made with the cookie', async () => {
    const cookie = cookieOf(await signIn({ login: username, password: PASSWORD }));
    const create = (headers: Record<string, string>) =>
      withCookie(cookie, '/api/users/tokens/create', { method: 'POST', json: { label: 'x' }, headers });
    const bare = await create({});
    assert.equal(bare.status, 403);
    assert.match(((await bare.json()) as { error: { message: string } }).error.message, /x-runnel-csrf: 1/);
    const host = new URL(h.url).host;
    const foreign = await create({ 'x-runnel-csrf': '1', origin: 'https://evil.example' });
    assert.equal(foreign.status, 403);
    assert.equal((await create({ 'x-runnel-csrf': '1', origin: `http://${host}` })).status, 201);
    assert.equal((await create({ 'x-runnel-csrf': '1' })).status, 201);
  });

  it('keeps bearer tokens working as before, without the CSRF header', async () => {
    const res = await h.api('/api/users/tokens/create', { method: 'POST', json: { label: 'script' } });
    assert.equal(res.status, 201);
  });

  it('signs in with an API token into a session of its own; signing out deletes only the session', async () => {
    const res = await signIn({ token: TOKEN });
    assert.equal(res.status, 200);
    const cookie = cookieOf(res);
    assert.notEqual(cookie, `runnel_session=${TOKEN}`);
    const noHeader = await withCookie(cookie, '/api/auth/logout', { method: 'POST' });
    assert.equal(noHeader.status, 403);
    const out = await withCookie(cookie, '/api/auth/logout', { method: 'POST', headers: { 'x-runnel-csrf': '1' } });
    assert.equal(out.status, 204);
    assert.match(out.headers.get('set-cookie')!, /^runnel_session=; .*Max-Age=0/);
    assert.equal((await withCookie(cookie, '/api/auth/whoami')).status, 401);
    assert.equal((await h.api('/api/auth/whoami')).status, 200, 'the bootstrap token still works');
  });

  it('gives a session no more than the token it was signed in with allows', async () => {
    const limited = await h.api('/api/users/tokens/create', {
      method: 'POST',
      json: { label: 'limited', workspace_id: 'main', expiration: new Date(Date.now() + 3600_000).toISOString() },
    });
    const token = await limited.text();
    const res = await signIn({ token: token.replace(/^"|"$/g, '') });
    assert.equal(res.status, 200);
    const { expires_at } = (await res.json()) as { expires_at: string };
    assert.ok(new Date(expires_at).getTime() <= Date.now() + 3600_000);
    const maxAge = Number(/; Max-Age=(\d+)/.exec(res.headers.get('set-cookie')!)?.[1]);
    assert.ok(maxAge > 3500 && maxAge <= 3600, `the cookie ends with the session: Max-Age=${maxAge}`);
    const cookie = cookieOf(res);
    const other = await withCookie(cookie, '/api/w/other/scripts/list');
    assert.equal(other.status, 403);
  });

  it('authenticates GraphQL with the cookie, by the same rules', async () => {
    const cookie = cookieOf(await signIn({ login: username, password: PASSWORD }));
    const query = (headers: Record<string, string>) =>
      withCookie(cookie, '/graphql', { method: 'POST', json: { query: '{ __typename }' }, headers });
    assert.equal((await query({})).status, 403);
    assert.equal((await query({ 'x-runnel-csrf': '1', origin: 'https://evil.example' })).status, 403);
    const ok = await query({ 'x-runnel-csrf': '1' });
    assert.equal(ok.status, 200);
    assert.deepEqual(await ok.json(), { data: { __typename: 'Query' } });
  });

  it("opens a GraphQL websocket with the cookie only from this server's origin", async () => {
    const cookie = cookieOf(await signIn({ login: username, password: PASSWORD }));
    const open = (origin: string) =>
      new Promise<string>((resolve, reject) => {
        const ws = new WebSocket(h.url.replace(/^http/, 'ws') + '/graphql', 'graphql-transport-ws', {
          headers: { cookie, origin },
        });
        ws.once('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: {} })));
        ws.once('message', (data) => {
          resolve(JSON.parse(String(data)).type as string);
          ws.close();
        });
        ws.once('close', (code, reason) => resolve(`closed ${code} ${String(reason)}`));
        ws.once('error', reject);
      });
    assert.equal(await open(h.url), 'connection_ack');
    assert.match(await open('https://evil.example'), /^closed 4401 requests from https:\/\/evil.example may not/);
  });
});

describe('browser sessions expire', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ RUNNEL_SESSION_TTL_HOURS: '2' });
  });
  after(async () => h?.close());

  it('last RUNNEL_SESSION_TTL_HOURS, then every request of the session answers 401', async () => {
    const res = await h.api('/api/auth/session', { method: 'POST', json: { token: TOKEN }, token: null });
    assert.equal(res.status, 200);
    const { expires_at } = (await res.json()) as { expires_at: string };
    const left = new Date(expires_at).getTime() - Date.now();
    assert.ok(left > 2 * 3600_000 - 60_000 && left <= 2 * 3600_000, expires_at);
    assert.match(res.headers.get('set-cookie')!, /; Max-Age=7200;/);
    const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    const whoami = () => h.api('/api/auth/whoami', { token: null, headers: { cookie } });
    assert.equal((await whoami()).status, 200);

    // Two hours later, as far as the server can tell: the session's row says it has ended.
    const db = h.server.app.get(DataSource);
    await db.query(`UPDATE api_token SET expires_at = now() - interval '1 second' WHERE label = 'session'`);
    h.server.app.get(AuthService).forgetTokens();
    const expired = await whoami();
    assert.equal(expired.status, 401);
    assert.match(((await expired.json()) as { error: { message: string } }).error.message, /expired at/);
    const jobs = await h.api('/api/w/main/jobs/list', { token: null, headers: { cookie } });
    assert.equal(jobs.status, 401, 'a workspace route too');
    assert.equal((await h.api('/api/auth/whoami')).status, 200, 'the token signed in with still works');

    const sessions = () => db.query(`SELECT expires_at > now() AS live FROM api_token WHERE label = 'session'`);
    assert.deepEqual(await sessions(), [{ live: false }]);
    const again = await h.api('/api/auth/session', { method: 'POST', json: { token: TOKEN }, token: null });
    assert.equal(again.status, 200);
    assert.deepEqual(await sessions(), [{ live: true }], 'signing in again removed the session that ended');
  });
});
