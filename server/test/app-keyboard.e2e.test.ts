import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { checkPage, startApp, WIDE, type App } from './app-browser.js';

/** What has focus, as the page shows it. */
interface Focused {
  /** Tag name, lower case; 'body' when nothing has focus. */
  tag: string;
  /** The element's accessible name as a person reads it: its label, aria-label or text. */
  name: string;
  /** Whether the browser draws it as focused (:focus-visible with an outline or a shadow). */
  visible: boolean;
  /** Whether it is part of the page's content (<main>), not the navigation above it. */
  inMain: boolean;
}

// Read in the page: this file is compiled without the DOM's types, so the code is text.
const FOCUSED = `(() => {
  const el = document.activeElement;
  if (!el || el === document.body) return { tag: 'body', name: '', visible: false, inMain: false };
  const style = getComputedStyle(el);
  const drawn = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
  const label = el.labels && el.labels[0] ? el.labels[0].textContent : '';
  const name = el.getAttribute('aria-label') || label || el.textContent || el.value || '';
  return {
    tag: el.tagName.toLowerCase(),
    name: name.replace(/\\s+/g, ' ').trim(),
    visible: el.matches(':focus-visible') && drawn,
    inMain: el.closest('main') !== null,
  };
})()`;

const focused = (page: Page): Promise<Focused> => page.evaluate<Focused>(FOCUSED);

/**
 * Presses Tab until the element named `name` has focus, checking at every stop that focus is
 * drawn; `seen` collects the stops, to say where focus went when the target never comes. Right
 * after a navigation (`afterNavigation`), the first stop must be in the new page's content.
 */
async function tabTo(page: Page, name: RegExp, max = 40, afterNavigation = false): Promise<Focused> {
  const seen: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    seen.push(`${now.tag} "${now.name.slice(0, 40)}"`);
    assert.ok(now.tag === 'body' || now.visible, `focus on ${seen.at(-1)} is not visible`);
    if (i === 0 && afterNavigation) assert.ok(now.inMain, `after a navigation, Tab went to ${seen[0]}, not the page`);
    if (name.test(now.name)) return now;
  }
  throw new Error(`Tab never reached ${name}; focus went: ${seen.join(' → ')}`);
}

/**
 * After Run: the result shows under the form and focus moves to it, so the next Tab reaches "Open
 * run" and Enter follows it. A run still going after the form's wait (4 s; a cold Python sandbox
 * on a busy CI machine) opens its run page by itself instead, which is where this ends either way.
 */
async function openTheRun(page: Page): Promise<void> {
  const outcome = page.getByRole('group', { name: 'Outcome' });
  const runPage = /\/runs\/[0-9a-f-]{36}$/;
  await Promise.race([outcome.waitFor({ timeout: 60_000 }), page.waitForURL(runPage, { timeout: 60_000 })]);
  if (!runPage.test(page.url())) {
    await outcome.getByText('hello Ada hello Ada').waitFor();
    await tabTo(page, /^Open run$/, 3);
    await page.keyboard.press('Enter');
    await page.waitForURL(runPage);
  }
  await page.getByRole('region', { name: 'Result' }).getByText('hello Ada hello Ada').waitFor({ timeout: 60_000 });
}

describe('the app with the keyboard alone', () => {
  let app: App;
  let page: Page;

  before(async () => {
    app = await startApp();
    const res = await fetch(`${app.up.url}/api/w/main/scripts/create`, {
      method: 'POST',
      headers: { authorization: `Bearer ${app.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        path: 'f/keys/greet',
        language: 'python3',
        summary: 'Greets by keyboard',
        content: 'def main(name: str, times: int = 2):\n    return {"greeting": " ".join([f"hello {name}"] * times)}',
      }),
    });
    assert.equal(res.status, 201, await res.text());
    page = await (await app.browser.newContext({ viewport: WIDE })).newPage();
  });
  after(async () => {
    await app?.browser.close();
    await app?.up.stop();
  });

  it('signs in, opens a script, fills its form, runs it, opens the run and re-runs it with Tab, Enter and Space', async () => {
    await page.goto(`${app.up.url}/login`);
    await tabTo(page, /^Username/);
    await page.keyboard.type('admin');
    await tabTo(page, /^Password/);
    await page.keyboard.type(app.password);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${app.up.url}/`);

    // After a navigation focus starts at the page's content, not back at the top of the document.
    await page.getByRole('link', { name: 'f/keys/greet' }).waitFor();
    await tabTo(page, /^f\/keys\/greet$/, 10, true);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/scripts\/get\/f\/keys\/greet$/);

    await page.getByLabel('name').waitFor();
    await tabTo(page, /^name/, 40, true);
    await page.keyboard.type('Ada');
    await tabTo(page, /^Run$/);
    await page.keyboard.press('Enter');
    await openTheRun(page);
    const first = page.url();

    await page.getByRole('link', { name: 'Re-run' }).waitFor();
    // The page checks (axe, themes, a narrow viewport) take seconds: done before the keyboard moves,
    // so Tab and Enter follow each other as a person's would. Once (in CI, under load) an Enter
    // meant for Re-run followed "Skip to content" instead; the Tab stops are now in the message.
    await checkPage(page, 'keyboard-run');
    await tabTo(page, /^Re-run$/, 10, true);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/scripts\/get\/f\/keys\/greet\?args=/);
    await page.getByLabel('name').waitFor();
    assert.equal(await page.getByLabel('name').inputValue(), 'Ada', 'Re-run fills the form with the same args');
    await tabTo(page, /^Run$/);
    await page.keyboard.press(' ');
    await openTheRun(page);
    assert.notEqual(page.url(), first, 'the re-run is a run of its own');
  });

  it('offers "Skip to content" first on a page opened by its address, and it skips the navigation', async () => {
    await page.goto(`${app.up.url}/runs`);
    await page.getByRole('heading', { name: 'Runs' }).waitFor();
    await page.keyboard.press('Tab');
    const skip = await focused(page);
    assert.equal(skip.name, 'Skip to content');
    assert.ok(skip.visible, 'the skip link shows when focused');
    await page.keyboard.press('Enter');
    // The next stop is the first control of the page, not the navigation.
    await page.keyboard.press('Tab');
    assert.match((await focused(page)).name, /^Status/);
  });
});
