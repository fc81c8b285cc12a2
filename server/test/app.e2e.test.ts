import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import type { Browser, Page } from 'playwright-core';
import { checkPage, signInWithPassword, startApp, WIDE } from './app-browser.js';
import type { UpPlatform } from './up-platform.js';

describe('the browser app, on npm run up', () => {
  let up: UpPlatform;
  let browser: Browser;
  let password: string;
  let token: string;

  before(async () => {
    ({ up, password, token, browser } = await startApp());
  });
  after(async () => {
    await browser?.close();
    await up?.stop();
  });

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: WIDE });
    return context.newPage();
  }

  it('sends a deep link to sign-in, says a wrong password is wrong, and lands where it was going', async () => {
    const page = await newPage();
    await page.goto(`${up.url}/scripts/get/f/tools/hello?tab=runs`);
    await page.waitForURL(/\/login\?next=/);
    await page.getByRole('heading', { name: 'Sign in to Runnel' }).waitFor();
    await checkPage(page, 'login');
    await signInWithPassword(page, 'not the password');
    await assertAlert(page, /wrong username or password/i);
    await checkPage(page, 'login-wrong-password');
    await signInWithPassword(page, password);
    await page.waitForURL(`${up.url}/scripts/get/f/tools/hello?tab=runs`);
    await page.context().close();
  });

  it('signs in with an API token; Home shows "No scripts yet", then scripts by folder and recent runs', async () => {
    const page = await newPage();
    await page.goto(`${up.url}/login`);
    await page.getByRole('button', { name: 'Use an API token instead' }).click();
    await page.getByLabel('API token').fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Home' }).waitFor();
    await page.getByText('No scripts yet').waitFor();
    assert.equal(
      await page.getByRole('link', { name: 'Create your first script' }).getAttribute('href'),
      '/scripts/add',
    );
    await checkPage(page, 'home-empty');

    const api = (path: string, body: unknown) =>
      fetch(up.url + path, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const bash = 'echo hello';
    for (const [path, summary] of [
      ['f/billing/send_invoice', 'Send an invoice'],
      ['f/billing/remind', 'Remind late payers'],
      ['f/ops/disk_usage', 'How full the disks are'],
    ]) {
      const res = await api('/api/w/main/scripts/create', { path, summary, language: 'bash', content: bash });
      assert.equal(res.status, 201, await res.text());
    }
    assert.equal((await api('/api/w/main/jobs/run/p/f/ops/disk_usage', {})).status, 201);
    await page.reload();
    await page.getByRole('heading', { name: 'f/billing' }).waitFor();
    await page.getByRole('heading', { name: 'f/ops' }).waitFor();
    const runs = page.getByRole('region', { name: 'Recent runs' });
    await runs.getByRole('link', { name: 'f/ops/disk_usage' }).waitFor();
    await page.getByLabel('Search').fill('late payers');
    await page.getByRole('link', { name: 'f/billing/remind' }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'f/billing/send_invoice' }).count(), 0);
    await page.getByLabel('Search').fill('');
    await page.getByRole('link', { name: 'f/billing/send_invoice' }).waitFor();
    await checkPage(page, 'home');
    await page.context().close();
  });

  it('switches workspaces when the user has several, and remembers the choice', async () => {
    const db = new pg.Client({ connectionString: up.databaseUrl });
    await db.connect();
    try {
      await db.query(`INSERT INTO workspace (id, name) VALUES ('ops', 'Operations')`);
      await db.query(
        `INSERT INTO workspace_member (workspace_id, user_id, role) SELECT 'ops', id, 'viewer' FROM app_user WHERE username = 'admin'`,
      );
    } finally {
      await db.end();
    }
    const page = await newPage();
    await page.goto(`${up.url}/login`);
    await signInWithPassword(page, password);
    await page.getByRole('link', { name: 'f/billing/remind' }).waitFor();
    await page.getByLabel('Workspace').selectOption({ label: 'Operations' });
    await page.getByText('No scripts yet').waitFor();
    await page.getByText('No runs yet').waitFor();
    await checkPage(page, 'home-second-workspace');
    await page.reload();
    await page.getByText('No scripts yet').waitFor();
    assert.equal(await page.getByLabel('Workspace').inputValue(), 'ops');
    await page.context().close();
  });

  it('signs out: the session ends and pages ask to sign in again', async () => {
    const page = await newPage();
    await page.goto(`${up.url}/login`);
    await signInWithPassword(page, password);
    await page.getByRole('heading', { name: 'Home' }).waitFor();
    // Keyboard only: the navigation is reachable and Sign out works from the keyboard.
    await page.getByRole('button', { name: 'Sign out' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`${up.url}/login`);
    // What counts is where it lands and that sign-in shows; not the document's load event, which
    // CI once saw not come within 30 s of this navigation.
    await page.goto(`${up.url}/`, { waitUntil: 'commit' });
    await page.waitForURL(`${up.url}/login`, { waitUntil: 'commit' });
    await page.getByRole('heading', { name: 'Sign in to Runnel' }).waitFor();
    const cookies = await page.context().cookies();
    assert.equal(cookies.filter((c) => c.name === 'runnel_session' && c.value !== '').length, 0);
    await page.context().close();
  });

  it('shows a page that does not exist as such, with the navigation', async () => {
    const page = await newPage();
    await page.goto(`${up.url}/login`);
    await signInWithPassword(page, password);
    await page.getByRole('heading', { name: 'Home' }).waitFor();
    await page.goto(`${up.url}/no/such/page`);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Runs' }).waitFor();
    await checkPage(page, 'not-found');
    await page.context().close();
  });
});

async function assertAlert(page: Page, text: RegExp): Promise<void> {
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.innerText(), text);
}
