import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  checkPage,
  createMember,
  openManageMenu,
  NARROW,
  signedInPage,
  startApp,
  WIDE,
  type App,
} from './app-browser.js';
import { until } from './harness.js';

/** The Folders and Groups pages, in the browser against npm run up (docs/adr/0040). */
describe('the folders and groups pages', () => {
  let app: App;
  before(async () => {
    app = await startApp();
  });
  after(async () => {
    await app?.browser.close();
    await app?.up.stop();
  });

  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${app.up.url}/api/w/main/${path}`, {
      ...init,
      headers: { authorization: `Bearer ${app.token}`, 'content-type': 'application/json' },
    });

  it('makes a group, a folder, grants it, and a member sees exactly what it grants', async () => {
    const dev = await createMember(app, 'developer');
    const page = await signedInPage(app);

    await page.goto(`${app.up.url}/groups`);
    await page.getByRole('heading', { name: 'Groups' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('finance');
    await page.getByRole('button', { name: 'Create group' }).click();
    const group = page.getByRole('list', { name: 'Groups' }).getByRole('listitem').filter({ hasText: 'g/finance' });
    await group.waitFor();
    await group.getByLabel('Username').fill('nobody-here');
    await group.getByRole('button', { name: 'Add member' }).click();
    await group
      .getByRole('alert')
      .filter({ hasText: /"nobody-here" is not a member of workspace "main"/ })
      .waitFor();
    await group.getByLabel('Username').fill(dev.username);
    await group.getByRole('button', { name: 'Add member' }).click();
    await group.getByRole('list', { name: 'Members of group finance' }).getByText(dev.username).waitFor();
    await checkPage(page, 'groups');

    await openManageMenu(page);
    await page.getByRole('link', { name: 'Folders' }).click();
    await page.getByRole('heading', { name: 'Folders', exact: true }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('bad name');
    await page.getByRole('button', { name: 'Create folder' }).click();
    await page.getByRole('alert').filter({ hasText: 'letters, digits, _ and -' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('billing');
    await page.getByLabel('Summary').fill('Invoices');
    await page.getByRole('button', { name: 'Create folder' }).click();
    const folder = page.getByRole('list', { name: 'Folders' }).getByRole('listitem').filter({ hasText: 'f/billing' });
    const grants = folder.getByRole('list', { name: 'Grants of folder billing' });
    await grants.getByRole('button', { name: 'Revoke u/admin' }).waitFor();

    // By keyboard: a group with read.
    await folder.getByLabel('Grant to').selectOption('g');
    await folder.getByLabel('Group name').focus();
    await page.keyboard.type('finance');
    await page.keyboard.press('Enter');
    await grants.getByRole('button', { name: 'Revoke g/finance' }).waitFor();
    await folder.getByLabel('Grant to').selectOption('u');
    await folder.getByLabel('Username').fill('ghost');
    await folder.getByRole('button', { name: 'Grant' }).click();
    await folder
      .getByRole('alert')
      .filter({ hasText: /cannot grant u\/ghost: not a member \(u\/<username>\) or a group/ })
      .waitFor();
    await checkPage(page, 'folders');

    const perms = async () =>
      ((await (await api('folders/get/billing')).json()) as { extra_perms: unknown }).extra_perms;
    assert.deepEqual(await perms(), { 'u/admin': true, 'g/finance': false });
    await folder.getByLabel('Access of g/finance').selectOption('write');
    await until(async () =>
      JSON.stringify(await perms()) === JSON.stringify({ 'u/admin': true, 'g/finance': true }) ? true : undefined,
    );

    const deploy = await api('scripts/create', {
      method: 'POST',
      body: JSON.stringify({ path: 'f/billing/charge', language: 'bash', content: 'echo charged' }),
    });
    assert.equal(deploy.status, 201, await deploy.text());
    await folder.getByRole('button', { name: 'Delete folder billing' }).click();
    await folder
      .getByRole('alert')
      .filter({ hasText: /not empty \(script\)/ })
      .waitFor();

    // The developer sees the folder through the group, at 390 px, until the grant is revoked.
    const member = await (await app.browser.newContext({ viewport: NARROW })).newPage();
    await member.goto(`${app.up.url}/login?next=/folders`);
    await member.getByLabel('Username').fill(dev.username);
    await member.getByLabel('Password').fill(dev.password);
    await member.getByRole('button', { name: 'Sign in' }).click();
    await member.getByRole('list', { name: 'Folders' }).getByText('f/billing').waitFor();
    await member.goto(`${app.up.url}/groups`);
    await member.getByLabel('Name', { exact: true }).fill('mine');
    await member.getByRole('button', { name: 'Create group' }).click();
    await member
      .getByRole('alert')
      .filter({ hasText: /needs the admin role/ })
      .waitFor();

    await folder.getByRole('button', { name: 'Revoke g/finance' }).click();
    await grants.getByRole('button', { name: 'Revoke g/finance' }).waitFor({ state: 'detached' });
    await member.goto(`${app.up.url}/folders`);
    await member.getByRole('list', { name: 'Folders' }).getByText('No folders yet.').waitFor();
    const hidden = await fetch(`${app.up.url}/api/w/main/scripts/list`, {
      headers: { authorization: `Bearer ${await tokenOf(dev)}` },
    });
    assert.ok(!((await hidden.json()) as { path: string }[]).some((s) => s.path.startsWith('f/billing/')));
    await member.context().close();
    await page.setViewportSize(WIDE);
    await page.context().close();
  });

  async function tokenOf(user: { username: string; password: string }): Promise<string> {
    const login = await fetch(`${app.up.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: user.username, password: user.password }),
    });
    return ((await login.json()) as { token: string }).token;
  }
});
