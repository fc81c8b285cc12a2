import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { checkPage, openManageMenu, signedInPage, startApp, WIDE, type App } from './app-browser.js';

/** The admin pages (Members, Audit log, Instance, an invitation) in Chromium against npm run up. */
describe('the admin pages', () => {
  let app: App;
  before(async () => {
    app = await startApp();
  });
  after(async () => {
    await app?.browser.close();
    await app?.up.stop();
  });

  const call = (method: string, path: string, body?: unknown) =>
    fetch(`${app.up.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${app.token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const roleOf = async (username: string) => {
    const members = (await (await call('GET', '/api/w/main/users/list')).json()) as {
      username: string;
      role: string;
    }[];
    return members.find((m) => m.username === username)?.role;
  };

  it('adds, re-roles and removes members; keeps the last admin; invites an email', async () => {
    const name = `mem${randomUUID().slice(0, 6)}`;
    assert.equal(
      (await call('POST', '/api/users/create', { email: `${name}@example.com`, username: name })).status,
      201,
    );
    const page = await signedInPage(app);
    // An instance admin's bar, every admin page included, fits one line at 1280 px.
    await page.setViewportSize(WIDE);
    const bar = await page.locator('header').boundingBox();
    assert.ok(bar && bar.height < 60, `the navigation bar wraps at 1280 px: ${bar?.height} px high`);
    await openManageMenu(page);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Members' }).click();
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('button', { name: /^Manage/ })
      .waitFor();
    assert.equal(
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Members' }).count(),
      0,
      'the menu closes once a link is followed',
    );
    await page.getByRole('heading', { name: 'Members', exact: true }).waitFor();
    await page.getByRole('cell', { name: /admin@runnel\.local/ }).waitFor();

    await page.getByLabel('Email or username').fill(`${name}@example.com`);
    await page.getByLabel('Role', { exact: true }).selectOption('viewer');
    await page.getByRole('button', { name: 'Add member' }).click();
    const role = page.getByLabel(`Role of ${name}`);
    await role.waitFor();
    assert.equal(await role.inputValue(), 'viewer');
    await checkPage(page, 'members');

    // The keyboard alone changes a role.
    await role.focus();
    await role.selectOption('developer');
    for (let i = 0; i < 50 && (await roleOf(name)) !== 'developer'; i++) await page.waitForTimeout(100);
    assert.equal(await roleOf(name), 'developer');

    // The last admin stays: the refusal shows in that member's row.
    await page.getByLabel('Role of admin').selectOption('viewer');
    const adminRow = page.getByRole('row').filter({ hasText: 'admin@runnel.local' });
    await adminRow
      .getByRole('alert')
      .filter({ hasText: /last admin of workspace "main"/ })
      .waitFor();
    assert.equal(await roleOf('admin'), 'admin');

    const row = page.getByRole('row').filter({ hasText: `${name}@example.com` });
    await row.getByRole('button', { name: `Remove ${name}` }).click();
    await row.getByRole('button', { name: 'Keep' }).click();
    assert.equal(await roleOf(name), 'developer');
    await row.getByRole('button', { name: `Remove ${name}` }).click();
    await row.getByRole('button', { name: `Yes, remove ${name}` }).click();
    await row.waitFor({ state: 'detached' });
    assert.equal(await roleOf(name), undefined);

    // An unknown email: the error says so next to the field, and offers an invitation.
    const email = `new${randomUUID().slice(0, 6)}@example.com`;
    await page.getByLabel('Email or username').fill(email);
    await page.getByLabel('Role', { exact: true }).selectOption('operator');
    await page.getByRole('button', { name: 'Add member' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: `no user "${email}"` })
      .waitFor();
    assert.equal(await page.getByLabel('Email or username').getAttribute('aria-invalid'), 'true');
    await page.getByRole('button', { name: `Invite ${email}` }).click();
    const link = await page.getByLabel('Invitation link').inputValue();
    assert.match(link, /\/invite\?token=rn_/);

    const invited = await (await app.browser.newContext({ viewport: WIDE })).newPage();
    await invited.goto(link);
    const username = `inv${randomUUID().slice(0, 6)}`;
    await invited.getByLabel('Username').fill(username);
    await invited.getByLabel(/^Password/).fill('invited-password');
    await invited.getByRole('button', { name: 'Create my account' }).click();
    await invited.getByRole('navigation', { name: 'Main' }).waitFor();
    assert.equal(await invited.getByText(username, { exact: true }).count(), 1, 'signed in as the new user');
    assert.equal(await roleOf(username), 'operator');
    // An operator sees no admin pages, even with the menu open.
    await openManageMenu(invited);
    await invited.getByRole('link', { name: 'Folders' }).waitFor();
    assert.equal(await invited.getByRole('link', { name: 'Members' }).count(), 0);
    await invited.context().close();
    await page.context().close();
  });

  it('filters the audit log by action, user and path, a page at a time, and shows the instance’s', async () => {
    for (let i = 0; i < 52; i++) {
      const res = await call('POST', '/api/w/main/variables/create', {
        path: `f/audit${i % 2}/v${i}`,
        value: String(i),
        is_secret: false,
      });
      assert.equal(res.status, 201);
    }
    await fetch(`${app.up.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'admin', password: 'not-the-password' }),
    });
    const page = await signedInPage(app);
    await openManageMenu(page);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    await page.getByRole('cell', { name: 'f/audit1/v51' }).waitFor();
    await checkPage(page, 'audit-log');

    await page.getByLabel('Action', { exact: true }).fill('variables.create');
    await page.getByLabel('Path starts with').fill('f/audit0/');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/action=variables\.create.*path=f%2Faudit0%2F/);
    await page.getByRole('cell', { name: 'f/audit0/v50' }).waitFor();
    assert.equal(await page.getByRole('cell', { name: 'f/audit1/v51' }).count(), 0);
    assert.equal(await page.getByRole('row').count(), 27, 'a header and 26 entries');
    assert.equal(await page.getByRole('button', { name: 'Older entries' }).count(), 0);

    await page.getByLabel('Path starts with').fill('');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByRole('cell', { name: 'f/audit1/v51' }).waitFor();
    await page.getByRole('button', { name: 'Older entries' }).click();
    await page.waitForURL(/page=2/);
    await page.getByText('Page 2').waitFor();
    await page.getByRole('cell', { name: 'f/audit0/v0' }).waitFor();
    assert.equal(await page.getByRole('row').count(), 3, 'a header and the 2 oldest');
    await page.getByRole('button', { name: 'Newer entries' }).click();
    await page.getByRole('cell', { name: 'f/audit1/v51' }).waitFor();

    await page.getByLabel('User', { exact: true }).fill('nobody');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByText('No entries match these filters.').waitFor();

    await page.getByRole('radio', { name: /the instance/ }).check();
    await page.waitForURL(/scope=instance/);
    await page.getByLabel('User', { exact: true }).fill('admin');
    await page.getByLabel('Action', { exact: true }).fill('auth.sign_in_failed');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    const failed = page.getByRole('row').filter({ hasText: 'auth.sign_in_failed' }).first();
    await failed.waitFor();
    assert.match(await failed.innerText(), /wrong password/);
    assert.match(await failed.innerText(), /127\.0\.0\.1/);
    await checkPage(page, 'audit-log-instance');
    await page.context().close();
  });

  it('an instance admin creates a workspace and a user, and switches to the workspace', async () => {
    const page = await signedInPage(app);
    await openManageMenu(page);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Instance' }).click();
    await page.getByRole('heading', { name: 'Instance' }).waitFor();
    const id = `team${randomUUID().slice(0, 4)}`;
    await page.getByLabel('Id', { exact: true }).fill(id);
    await page.getByLabel('Name', { exact: true }).fill('Team Page');
    await page.getByRole('button', { name: 'Create workspace' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Workspace ${id} created` })
      .waitFor();
    await page.getByLabel('Id', { exact: true }).fill(id);
    await page.getByLabel('Name', { exact: true }).fill('Again');
    await page.getByRole('button', { name: 'Create workspace' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: `workspace "${id}" exists already` })
      .waitFor();

    const name = `usr${randomUUID().slice(0, 6)}`;
    await page.getByLabel('Email', { exact: true }).fill(`${name}@example.com`);
    await page.getByLabel('Username').fill(name);
    await page.getByRole('button', { name: 'Create user' }).click();
    await page
      .getByRole('listitem')
      .filter({ hasText: `${name}@example.com` })
      .waitFor();
    await checkPage(page, 'instance');

    await page.getByRole('button', { name: 'Switch to Team Page' }).click();
    const picker = page.getByRole('combobox', { name: 'Workspace', exact: true });
    await picker.waitFor();
    assert.equal(await picker.inputValue(), id);
    await page.context().close();
  });
});
