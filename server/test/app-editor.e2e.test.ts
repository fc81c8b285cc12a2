import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { checkPage, signedInPage, startApp, type App } from './app-browser.js';
import { repoRoot } from './up-platform.js';

/** Replaces the editor's code by typing it, as a person would. */
async function typeCode(page: Page, lines: string[]): Promise<void> {
  await page.getByRole('textbox', { name: 'Code' }).click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  for (const [i, line] of lines.entries()) {
    if (i > 0) await page.keyboard.press('Enter');
    await page.keyboard.type(line);
  }
}

describe('the script editor', () => {
  let app: App;

  before(async () => {
    app = await startApp();
  });
  after(async () => {
    await app?.browser.close();
    await app?.up.stop();
  });

  it('infers the form as code is typed, shows a parse error at its line, tests, deploys and keeps a draft', async () => {
    const page = await signedInPage(app);
    await page.goto(`${app.up.url}/scripts/add`);
    await page.getByRole('heading', { name: 'New script' }).waitFor();
    // The Python template's form shows before anything is typed.
    await page.getByLabel(/^name\*?$/).waitFor();

    await page.getByLabel('Path').fill('f/demo/greet');
    await page.getByLabel('Summary').fill('Greets someone a few times');

    // A parse error: said in words with its line, and marked at that line in the editor.
    await typeCode(page, ['x = 1', 'def main(name: str, times: int = 2:']);
    await page
      .getByRole('alert')
      .filter({ hasText: /^Line 2\b/ })
      .waitFor();
    await page.locator('.cm-lint-marker-error').waitFor();

    // Enter indents the body as Python wants it.
    await typeCode(page, ['def main(name: str, times: int = 2):', 'print("hi", name)', 'return [name] * times']);
    const typed = Date.now();
    await page.getByLabel(/^times\*?$/).waitFor();
    // An upper bound (it includes Playwright's polling); the editor waits 150 ms, then asks the server.
    console.log(`form preview: the "times" field showed ${Date.now() - typed} ms after the last keystroke`);
    assert.equal(
      await page
        .getByRole('alert')
        .filter({ hasText: /^Line / })
        .count(),
      0,
    );
    assert.equal(await page.getByLabel(/^times\*?$/).inputValue(), '2');

    await page.getByLabel(/^name\*?$/).fill('Ada');
    // Ctrl-Enter in the editor tests, like the Test button.
    await page.getByRole('textbox', { name: 'Code' }).press('ControlOrMeta+Enter');
    const result = page.getByRole('region', { name: 'Result' });
    await result.getByText('"Ada"').first().waitFor({ timeout: 60_000 });
    await page.getByRole('region', { name: 'Logs' }).getByText('hi Ada').waitFor();

    mkdirSync(join(repoRoot, 'docs/screenshots'), { recursive: true });
    await page.screenshot({ path: join(repoRoot, 'docs/screenshots/editor.png') });
    await checkPage(page, 'editor');

    // The Test button runs the form's current values.
    await page.getByLabel(/^times\*?$/).fill('3');
    await page.getByRole('button', { name: 'Test' }).click();
    await page.waitForFunction(
      // A string: the test's compiler has no DOM types. Three "Ada"s is the new result, not the old.
      `(document.querySelector('[aria-label="Result"]')?.textContent?.match(/Ada/g) ?? []).length >= 3`,
      undefined,
      { timeout: 60_000 },
    );

    await page.getByRole('button', { name: 'Deploy' }).click();
    await page.waitForURL(`${app.up.url}/scripts/get/f/demo/greet`);
    const deployed = await fetch(`${app.up.url}/api/w/main/scripts/get/p/f/demo/greet`, {
      headers: { authorization: `Bearer ${app.token}` },
    });
    const script = (await deployed.json()) as { content: string; summary: string };
    // The editor's indent unit decides the body's indentation; what is typed is kept line for line.
    assert.match(
      script.content,
      /^def main\(name: str, times: int = 2\):\n( +)print\("hi", name\)\n\1return \[name\] \* times$/,
    );
    assert.equal(script.summary, 'Greets someone a few times');

    // Edit mode loads the deployed version; an unsaved edit survives a reload, and leaving asks.
    await page.goto(`${app.up.url}/scripts/edit/f/demo/greet`);
    await page.getByRole('heading', { name: 'Edit f/demo/greet' }).waitFor();
    assert.equal(await page.getByLabel('Summary').inputValue(), 'Greets someone a few times');
    await page.getByLabel(/^times\*?$/).waitFor();
    await page.getByLabel('Summary').click();
    await page.keyboard.press('End');
    await page.keyboard.type(', kindly');
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.type());
      // Reloading goes ahead; the in-app question is answered "stay".
      void (dialog.type() === 'beforeunload' ? dialog.accept() : dialog.dismiss());
    });
    await page.reload();
    await page.getByText('Restored your unsaved draft').waitFor();
    assert.equal(await page.getByLabel('Summary').inputValue(), 'Greets someone a few times, kindly');
    assert.deepEqual(dialogs, ['beforeunload']);
    await Promise.all([page.waitForEvent('dialog'), page.getByRole('link', { name: 'Home' }).click()]);
    assert.deepEqual(dialogs, ['beforeunload', 'confirm']);
    assert.equal(new URL(page.url()).pathname, '/scripts/edit/f/demo/greet');

    // A new script may not take an existing one's path.
    await page.goto(`${app.up.url}/scripts/add`);
    await page.getByLabel('Path').fill('f/demo/greet');
    await page.getByRole('button', { name: 'Deploy' }).click();
    await page.getByRole('alert').filter({ hasText: 'a script already exists at f/demo/greet' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/scripts/add');
    await page.context().close();
  });

  it('lists the packages a script is locked to, runs it with them, and relocks it', async () => {
    const create = async (path: string, language: string, content: string) => {
      const res = await fetch(`${app.up.url}/api/w/main/scripts/create`, {
        method: 'POST',
        headers: { authorization: `Bearer ${app.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ path, language, content }),
      });
      assert.equal(res.status, 201, await res.text());
    };
    await create(
      'f/demo/uptime',
      'bun',
      `import ms from 'ms@2.1.3';\nexport function main(span: string = '2h') {\n  return ms(span);\n}\n`,
    );
    await create('f/demo/plain', 'python3', 'def main():\n    return 1\n');

    const page = await signedInPage(app);
    await page.goto(`${app.up.url}/scripts/get/f/demo/uptime`);
    const deps = page.getByRole('region', { name: 'Dependencies' });
    await deps.getByRole('row', { name: 'ms 2.1.3 by the script' }).waitFor();
    await page.getByRole('button', { name: 'Run' }).click();
    await page.getByRole('region', { name: 'Result' }).getByText('7200000').waitFor({ timeout: 60_000 });

    // The same registry state resolves to the same lock: no new version.
    await deps.getByRole('button', { name: 'Relock' }).click();
    await deps.getByRole('status').filter({ hasText: 'nothing changed' }).waitFor();
    await checkPage(page, 'script-page-dependencies');

    await page.goto(`${app.up.url}/scripts/get/f/demo/plain`);
    await page
      .getByRole('region', { name: 'Dependencies' })
      .getByText('imports no packages beyond the standard library')
      .waitFor();
    await page.context().close();
  });
});
