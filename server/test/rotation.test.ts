import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { parseMasterKey } from '../src/common/master-key.js';
import { TOKEN, addUser, json, startHarness, type Harness } from './harness.js';

const OLD_KEY = randomBytes(32).toString('base64');
const NEW_KEY = randomBytes(32).toString('base64');
const SCHEME = { header: 'X-Hub-Signature-256', algorithm: 'sha256', prefix: 'sha256=' };

/**
 * A master key rotation (docs/adr/0036-secrets-key-hierarchy.md) keeps every kind of secret
 * readable: secret variables, resources' secret fields and HTTP routes' signature secrets
 * (docs/adr/0038-resources.md) all hang off the workspace's data key, which the rewrap re-wraps.
 */
describe('master key rotation', () => {
  let h: Harness;
  /** Each workspace's admin token; `main`'s is the bootstrap token. */
  const tokens: Record<string, string> = { main: TOKEN };
  const workspaces = ['main', 'rot2'];

  const call = (ws: string, path: string, json?: unknown) =>
    h.api(`/api/w/${ws}/${path}`, { method: 'POST', json, token: tokens[ws] });
  /** A signed POST to a route: 202 when the signature verifies (the job is queued), 401 when not. */
  const signed = async (ws: string, secret: string) => {
    const body = JSON.stringify({ db: { host: ws, password: 'p' } });
    const res = await h.api(`/api/r/${ws}/rot-hook`, {
      token: null,
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
      },
      body,
    });
    return res.status;
  };

  before(async () => {
    h = await startHarness({ RUNNEL_MASTER_KEY: OLD_KEY });
    tokens.rot2 = (await addUser(h, 'admin', { workspace: 'rot2' })).token;
    await h.startWorker();
  });
  after(async () => h?.close());

  it('keeps variables, resource passwords and route signature secrets readable in every workspace, and audits the rewrap', async () => {
    for (const ws of workspaces) {
      const created = [
        await call(ws, 'variables/create', { path: 'f/rot/var', value: `var-${ws}-secret`, is_secret: true }),
        await call(ws, 'resources/create', {
          path: 'f/rot/db',
          resource_type: 'postgresql',
          value: { host: 'db.example', user: 'u', dbname: 'd', password: `pg-${ws}-password` },
        }),
        await call(ws, 'scripts/create', {
          path: 'f/rot/check',
          language: 'python3',
          content: 'def main(db: dict):\n    return [db["host"], len(db["password"])]',
        }),
        await call(ws, 'http_triggers/create', {
          path: 'f/rot/hook',
          route_path: 'rot-hook',
          script_path: 'f/rot/check',
          http_method: 'post',
          is_async: true,
          authentication_method: 'signature',
          signature: { ...SCHEME, secret: `hmac-${ws}-secret` },
        }),
      ];
      for (const res of created) assert.equal(res.status, 201, await res.text());
    }

    // Both keys accepted during the rotation; the instance admin re-wraps every data key.
    await h.restartServer({ RUNNEL_MASTER_KEY: NEW_KEY, RUNNEL_MASTER_KEY_PREVIOUS: OLD_KEY });
    const rewrap = await h.api('/api/secrets/rewrap', { method: 'POST' });
    assert.equal(rewrap.status, 200);
    const newId = parseMasterKey(NEW_KEY, 'test').id;
    assert.deepEqual(await rewrap.json(), {
      rewrapped: workspaces.length,
      total: workspaces.length,
      master_key_id: newId,
    });

    // Only the new key from here on: every kind of secret still reads, in both workspaces.
    await h.restartServer({ RUNNEL_MASTER_KEY: NEW_KEY });
    for (const ws of workspaces) {
      assert.equal(await json(call(ws, 'variables/reveal/f/rot/var')), `var-${ws}-secret`);
      assert.equal((await json(call(ws, 'resources/reveal/f/rot/db'))).password, `pg-${ws}-password`);
      assert.equal(await signed(ws, `hmac-${ws}-secret`), 202, `${ws}'s route verifies the old secret`);
      assert.equal(await signed(ws, 'not-the-secret'), 401, `${ws}'s route refuses a bad signature`);
    }

    // A job given `$res:` gets the password (only its length comes back: the value itself is masked).
    const run = await call('main', 'jobs/run/p/f/rot/check', { db: '$res:f/rot/db' });
    assert.equal(run.status, 201, await run.clone().text());
    const job = await h.waitJob(await run.text());
    assert.equal(job.status, 'success', JSON.stringify(job.result));
    assert.deepEqual(job.result, ['db.example', 'pg-main-password'.length]);

    // The rewrap is in the instance audit log, with who did it and what it did.
    const audit = await json(h.api('/api/audit/list?action=secrets.rewrap'));
    assert.equal(audit.length, 1);
    assert.equal(audit[0].workspace_id, null);
    assert.ok(audit[0].from_address);
    assert.deepEqual(audit[0].details, {
      rewrapped: workspaces.length,
      total: workspaces.length,
      master_key_id: newId,
    });
  });
});
