import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Role } from '../src/auth/roles.js';
import { adminLogin, repoRoot, startUp, type UpPlatform } from './up-platform.js';

// What every browser test of the app shares: the platform started the README's way, Debian's
// Chromium, sign-in, and the checks every page must pass.

export const ARTIFACTS = join(repoRoot, 'test-artifacts');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const WIDE = { width: 1280, height: 800 };
export const NARROW = { width: 390, height: 844 };

/**
 * Checks a page as every page should be: no serious or critical axe violation, no horizontal
 * scrolling at 390 px; screenshots at both widths go to test-artifacts/ to be looked at.
 */
export async function checkPage(page: Page, name: string): Promise<void> {
  await assertAccessible(page, name);
  await page.screenshot({ path: join(ARTIFACTS, `${name}-1280.png`) });
  // The dark theme follows the system: its colours must pass too.
  await page.emulateMedia({ colorScheme: 'dark' });
  await assertAccessible(page, `${name} (dark)`);
  await page.screenshot({ path: join(ARTIFACTS, `${name}-dark-1280.png`) });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize(NARROW);
  const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
  assert.ok(overflow <= 0, `${name}: the page scrolls ${overflow} px sideways at 390 px`);
  await page.screenshot({ path: join(ARTIFACTS, `${name}-390.png`), fullPage: true });
  await page.setViewportSize(WIDE);
}

export async function assertAccessible(page: Page, name: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(
    bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`),
    [],
    `${name}: accessibility`,
  );
}

export async function signInWithPassword(page: Page, pass: string): Promise<void> {
  await page.getByLabel('Username').fill('admin');
  await page.getByLabel('Password').fill(pass);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

export interface App {
  up: UpPlatform;
  /** The admin's password, as `npm run up` printed it. */
  password: string;
  /** An API token of the admin's, for setting things up through the API. */
  token: string;
  browser: Browser;
}

/**
 * `npm run up` with no bootstrap variables (and `env`'s settings), the admin's password and token,
 * and Chromium.
 */
export async function startApp(env: Record<string, string> = {}): Promise<App> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const up = await startUp(env);
  const { password, token } = await adminLogin(up);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
    ],
  });
  return { up, password, token, browser };
}

/** A new page at 1280×800, signed in as the admin. */
export async function signedInPage(app: App): Promise<Page> {
  const page = await (await app.browser.newContext({ viewport: WIDE })).newPage();
  await page.goto(`${app.up.url}/login`);
  await signInWithPassword(page, app.password);
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  return page;
}

/**
 * A new user, member of `main` with `role`, made through the admin API as an instance admin would.
 * Resolves with the credentials to sign in with.
 */
export async function createMember(app: App, role: Role): Promise<{ username: string; password: string }> {
  const username = `${role.slice(0, 3)}${randomUUID().slice(0, 8)}`;
  const password = `${role}-password-1`;
  const post = (path: string, body: unknown) =>
    fetch(`${app.up.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${app.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const created = await post('/api/users/create', { email: `${username}@example.com`, username, password });
  assert.equal(created.status, 201, await created.text());
  const added = await post('/api/w/main/users/add', { user: username, role });
  assert.equal(added.status, 201, await added.text());
  return { username, password };
}

/** Opens the main navigation's "Manage" menu (folders, groups, members, audit log, instance, settings). */
export async function openManageMenu(page: Page): Promise<void> {
  const button = page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: /^Manage/ });
  if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
}
