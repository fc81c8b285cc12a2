import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { checkPage, signedInPage, signInWithPassword, startApp, WIDE, type App } from './app-browser.js';

/** The settings page (/settings): API tokens and the password, in the browser against npm run up. */
describe('the settings page', () => {
  let app: App;
  before(async () => {
    app = await startApp();
  });
  after(async () => {
    await app?.browser.close();
    await app?.up.stop();
  });

  const whoami = (token: string) =>
    fetch(`${app.up.url}/api/auth/whoami`, { headers: { authorization: `Bearer ${token}` } });

  async function settings(): Promise<Page> {
    const page = await signedInPage(app);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.up.url });
    await page.goto(`${app.up.url}/settings`);
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    await page.getByRole('list', { name: 'API tokens' }).waitFor();
    return page;
  }

  it('creates a token shown once with a copy button; it works until deleted with confirmation', async () => {
    const page = await settings();
    await page.getByLabel('Label', { exact: true }).fill('e2e deploys');
    await page.getByRole('button', { name: 'Create token' }).click();
    const shown = page.getByLabel('New API token', { exact: true });
    await shown.waitFor();
    const token = await shown.inputValue();
    assert.match(token, /^rn_[\w-]{43}$/);
    await page.getByText("Copy it now: you won't see it again.").waitFor();
    await page.getByRole('button', { name: 'Copy', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Copied.' }).waitFor();
    assert.equal(await page.evaluate<string>('navigator.clipboard.readText()'), token);
    await checkPage(page, 'settings-token-shown');

    const me = await whoami(token);
    assert.equal(me.status, 200, 'the new token works against the API');
    assert.equal(((await me.json()) as { username: string }).username, 'admin');

    await page.getByRole('button', { name: 'Done' }).click();
    await shown.waitFor({ state: 'detached' });
    await page.reload();
    const item = page.getByRole('listitem').filter({ hasText: 'e2e deploys' });
    await item.waitFor();
    assert.ok(!(await page.content()).includes(token), 'never shown again');
    assert.match(await item.innerText(), new RegExp(`${token.slice(0, 4)}…`));
    assert.match(await item.innerText(), /Last used/);

    await item.getByRole('button', { name: 'Delete token e2e deploys' }).click();
    await item.getByText('Delete this token? Anything using it stops working.').waitFor();
    await item.getByRole('button', { name: 'Keep it' }).click();
    assert.equal((await whoami(token)).status, 200, 'kept');
    await item.getByRole('button', { name: 'Delete token e2e deploys' }).click();
    await item.getByRole('button', { name: 'Yes, delete' }).click();
    await item.waitFor({ state: 'detached' });
    assert.equal((await whoami(token)).status, 401, 'a deleted token no longer works');
    await page.context().close();
  });

  it('says what the server refuses: an expiry past the session, a bad scope', async () => {
    const page = await settings();
    await page.getByLabel('Label', { exact: true }).fill('too long');
    await page.getByRole('radio', { name: 'On a date' }).check();
    const later = new Date(Date.now() + 30 * 86_400_000);
    const local = new Date(later.getTime() - later.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
    await page.getByLabel(/^Expires at/).fill(local);
    await page.getByRole('button', { name: 'Create token' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: /expiration must be no later than .*when the token you are using expires/ })
      .waitFor();

    await page.getByRole('radio', { name: 'Never' }).check();
    await page.getByRole('button', { name: 'Add scope' }).click();
    await page.getByLabel('Scope 1').fill('run:everything');
    await page.getByRole('button', { name: 'Add scope' }).click();
    await page.getByLabel('Scope 2').fill('run:script/f/tools/a');
    await page.getByRole('button', { name: 'Remove scope 2' }).click();
    assert.equal(await page.getByLabel('Scope 2').count(), 0);
    await page.getByRole('button', { name: 'Create token' }).click();
    const alert = page.getByRole('alert');
    await alert.filter({ hasText: /run:everything/ }).waitFor();
    await checkPage(page, 'settings-error');
    await page.getByLabel('Scope 1').fill('run:script/f/tools/a');
    await page.getByRole('button', { name: 'Create token' }).click();
    await page.getByLabel('New API token', { exact: true }).waitFor();
    await page.getByRole('listitem').filter({ hasText: 'run:script/f/tools/a' }).waitFor();
    await checkPage(page, 'settings');
    await page.context().close();
  });

  it('changes the password: a wrong current one is refused, the new one signs in', async () => {
    const page = await settings();
    const change = async (current: string, next: string) => {
      await page.getByLabel('Current password').fill(current);
      await page.getByLabel('New password', { exact: true }).fill(next);
      await page.getByLabel('Confirm new password').fill(next);
      await page.getByRole('button', { name: 'Change password' }).click();
    };
    await change('not my password', 'a new horse staple');
    await page.getByRole('alert').filter({ hasText: 'The current password is wrong' }).waitFor();
    await checkPage(page, 'settings-wrong-password');
    await change(app.password, 'short');
    await page.getByRole('alert').filter({ hasText: 'at least 8 characters' }).waitFor();
    await change(app.password, 'a new horse staple');
    await page.getByRole('status').filter({ hasText: 'Password changed.' }).waitFor();
    await page.context().close();

    const fresh = await (await app.browser.newContext({ viewport: WIDE })).newPage();
    await fresh.goto(`${app.up.url}/login`);
    await signInWithPassword(fresh, app.password);
    await fresh
      .getByRole('alert')
      .filter({ hasText: /wrong username or password/i })
      .waitFor();
    await signInWithPassword(fresh, 'a new horse staple');
    await fresh.getByRole('heading', { name: 'Home' }).waitFor();
    await fresh.context().close();
  });
});
