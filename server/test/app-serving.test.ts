import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startHarness, type Harness } from './harness.js';

const INDEX = '<!doctype html><title>Runnel app</title>';
const ASSET = 'export const x = 1;';

/** The server serves the browser app at `/` beside the API (app-files/serve-app.ts). */
describe('serving the app', () => {
  const appDir = mkdtempSync(join(tmpdir(), 'runnel-app-'));
  let h: Harness;
  before(async () => {
    mkdirSync(join(appDir, '_app', 'immutable', 'entry'), { recursive: true });
    writeFileSync(join(appDir, 'index.html'), INDEX);
    writeFileSync(join(appDir, '_app', 'immutable', 'entry', 'app.abc123.js'), ASSET);
    writeFileSync(join(appDir, '_app', 'version.json'), '{"version":"1"}');
    h = await startHarness({ RUNNEL_APP_DIR: appDir });
  });
  after(async () => {
    await h?.close();
    rmSync(appDir, { recursive: true, force: true });
  });

  it('answers index.html, not cached, at / and on any deep link', async () => {
    for (const path of ['/', '/runs/abc', '/scripts/edit/f/x/y', '/login?next=%2Fruns']) {
      const res = await fetch(h.url + path);
      assert.equal(res.status, 200, path);
      assert.match(res.headers.get('content-type') ?? '', /text\/html/, path);
      assert.equal(res.headers.get('cache-control'), 'no-cache', path);
      assert.equal(await res.text(), INDEX, path);
    }
  });

  it('caches hashed assets for a year and revalidates the rest', async () => {
    const asset = await fetch(`${h.url}/_app/immutable/entry/app.abc123.js`);
    assert.equal(asset.status, 200);
    assert.equal(asset.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.match(asset.headers.get('content-type') ?? '', /javascript/);
    assert.equal(await asset.text(), ASSET);
    const version = await fetch(`${h.url}/_app/version.json`);
    assert.equal(version.headers.get('cache-control'), 'no-cache');
  });

  it('answers a missing hashed asset with 404, not the page', async () => {
    const res = await fetch(`${h.url}/_app/immutable/entry/gone.js`);
    assert.equal(res.status, 404);
  });

  it('keeps unknown API paths a JSON 404 and the API itself working', async () => {
    for (const path of ['/api/nope', '/api', '/graphql/x']) {
      const res = await fetch(h.url + path);
      assert.equal(res.status, 404, path);
      const body = (await res.json()) as { error: { code: string } };
      assert.equal(body.error.code, 'not_found', path);
    }
    const health = await fetch(`${h.url}/api/health`);
    assert.deepEqual(await health.json(), { status: 'ok' });
    const unknownPost = await h.api('/api/nope', { method: 'POST', json: {} });
    assert.equal(unknownPost.status, 404);
  });

  it('never serves a file outside the app folder', async () => {
    for (const path of ['/..%2f..%2fetc%2fpasswd', '/%2e%2e/%2e%2e/etc/passwd', '/_app/../../../etc/passwd']) {
      const res = await fetch(h.url + path);
      const text = await res.text();
      assert.doesNotMatch(text, /root:/, path);
    }
  });

  it('says to run npm run build when the app is not built', async () => {
    rmSync(join(appDir, 'index.html'));
    try {
      const res = await fetch(`${h.url}/runs`);
      assert.equal(res.status, 503);
      assert.match(await res.text(), /npm run build/);
      const api = await fetch(`${h.url}/api/health`);
      assert.equal(api.status, 200);
    } finally {
      writeFileSync(join(appDir, 'index.html'), INDEX);
    }
  });
});
