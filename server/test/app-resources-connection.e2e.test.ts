import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { signedInPage, startApp, type App } from './app-browser.js';

/**
 * "Test connection" on a postgresql resource: a job given `$res:<path>` connects with Bun's SQL
 * client to the machine's PostgreSQL (127.0.0.1:5432, trust) and the page shows its version. The
 * worker runs jobs on the host's network, which that address needs. The job gets the resource's
 * value only once jobs resolve `$res:` arguments (issue 14's job slice).
 */
describe('Test connection of a postgresql resource', () => {
  let app: App;
  before(async () => {
    app = await startApp({ WORKER_NETWORK: 'host' });
  });
  after(async () => {
    await app?.browser.close();
    await app?.up.stop();
  });

  const create = (path: string, value: Record<string, unknown>) =>
    fetch(`${app.up.url}/api/w/main/resources/create`, {
      method: 'POST',
      headers: { authorization: `Bearer ${app.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ path, resource_type: 'postgresql', value }),
    });

  it('says "connected: PostgreSQL <version>", or the error when the database cannot be reached', async () => {
    assert.equal((await create('f/db/local', { host: '127.0.0.1', user: 'postgres', dbname: 'postgres' })).status, 201);
    assert.equal(
      (await create('f/db/nowhere', { host: '127.0.0.1', port: 1, user: 'postgres', dbname: 'postgres' })).status,
      201,
    );
    const page = await signedInPage(app);
    await page.goto(`${app.up.url}/resources`);
    await page.getByRole('heading', { name: 'Resources', exact: true }).waitFor();

    const local = page.getByRole('row').filter({ hasText: 'f/db/local' });
    await local.getByRole('button', { name: 'Test connection of f/db/local' }).click();
    await local
      .getByRole('status')
      .filter({ hasText: /^connected: PostgreSQL \d+/ })
      .waitFor({ timeout: 60_000 });

    const nowhere = page.getByRole('row').filter({ hasText: 'f/db/nowhere' });
    await nowhere.getByRole('button', { name: 'Test connection of f/db/nowhere' }).click();
    const refused = nowhere.getByRole('status');
    await refused.waitFor({ timeout: 60_000 });
    assert.doesNotMatch(await refused.innerText(), /connected/);
    assert.match(await refused.innerText(), /refused|ECONNREFUSED|connect/i);
    await page.context().close();
  });
});
