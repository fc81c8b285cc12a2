import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { checkPage, createMember, signedInPage, startApp, WIDE, type App } from './app-browser.js';
import { repoRoot } from './up-platform.js';

const GREET = `def main(name: str, count: int = 2, loud: bool = False):
    text = ", ".join([f"hello {name}"] * count)
    return {"greeting": text.upper() if loud else text}
`;
const SLOW = `import time

def main():
    time.sleep(8)
    return "late"
`;

describe('the script page and the form page', () => {
  let app: App;

  const api = (path: string, body: unknown) =>
    fetch(app.up.url + path, {
      method: 'POST',
      headers: { authorization: `Bearer ${app.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  before(async () => {
    app = await startApp();
    for (const [path, summary, content] of [
      ['f/tools/greet', 'Greet someone', GREET],
      ['f/tools/slow', 'Takes its time', SLOW],
    ]) {
      const res = await api('/api/w/main/scripts/create', {
        path,
        summary,
        description: 'Says hello, as often as asked.',
        language: 'python3',
        content,
      });
      assert.equal(res.status, 201, await res.text());
    }
  });
  after(async () => {
    await app?.browser.close();
    await app?.up.stop();
  });

  const result = (page: Page) => page.getByRole('region', { name: 'Result' });

  it('runs the script from its form and shows the result, its runs, webhooks and links', async () => {
    const page = await signedInPage(app);
    await page.goto(`${app.up.url}/scripts/get/f/tools/greet`);
    await page.getByRole('heading', { name: 'f/tools/greet' }).waitFor();
    await page.getByText('Greet someone').waitFor();
    await page.getByText('No runs yet').waitFor();
    assert.equal(await page.getByLabel('count').inputValue(), '2');
    await page.getByLabel('name').fill('Ada');
    await page.getByLabel('count').fill('3');
    await page.getByRole('button', { name: 'Run' }).click();
    await result(page).getByText('hello Ada, hello Ada, hello Ada').waitFor();
    await page.getByRole('region', { name: 'Recent runs' }).getByRole('link', { name: 'f/tools/greet' }).waitFor();

    const webhooks = page.getByRole('region', { name: 'Webhooks' });
    const text = await webhooks.innerText();
    assert.match(text, /\/api\/w\/main\/jobs\/run_wait_result\/p\/f\/tools\/greet/);
    assert.match(text, /\/api\/w\/main\/jobs\/run\/p\/f\/tools\/greet/);
    assert.match(text, /Authorization: Bearer \$RUNNEL_TOKEN/);
    assert.ok(!(await page.content()).includes(app.token), 'the page shows a real token');
    assert.equal(await page.getByRole('link', { name: 'Edit' }).getAttribute('href'), '/scripts/edit/f/tools/greet');
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.up.url });
    await page.getByRole('button', { name: 'Copy link' }).click();
    await page.getByRole('button', { name: 'Copy link' }).getByText('Copied').waitFor();
    assert.equal(await page.evaluate('navigator.clipboard.readText()'), `${app.up.url}/forms/script/f/tools/greet`);

    await checkPage(page, 'script');
    mkdirSync(join(repoRoot, 'docs/screenshots'), { recursive: true });
    await page.setViewportSize(WIDE);
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: join(repoRoot, 'docs/screenshots/script.png') });
    await page.context().close();
  });

  it("puts a server 400's details on their fields", async () => {
    // The browser checks the same schema first, so the server's real 400 is captured from the API
    // and answered in place of the run: what is tested is where the page puts it.
    const refused = await api('/api/w/main/jobs/run/p/f/tools/greet', { name: 'Ada', count: 'many' });
    assert.equal(refused.status, 400);
    const body = await refused.text();
    const page = await signedInPage(app);
    await page.route('**/api/w/main/jobs/run/p/**', (route) =>
      route.fulfill({ status: 400, contentType: 'application/json', body }),
    );
    await page.goto(`${app.up.url}/scripts/get/f/tools/greet`);
    await page.getByLabel('name').fill('Ada');
    await page.getByRole('button', { name: 'Run' }).click();
    const count = page.getByLabel('count');
    await page.locator('[aria-invalid="true"]').first().waitFor();
    assert.equal(await count.getAttribute('aria-invalid'), 'true');
    assert.notEqual(await page.getByLabel('name').getAttribute('aria-invalid'), 'true');
    const message = (JSON.parse(body) as { error: { details: { message: string }[] } }).error.details[0].message;
    const describedBy = (await count.getAttribute('aria-describedby')) ?? '';
    assert.ok(describedBy, 'the count field names its error');
    assert.match(await page.locator(`[id="${describedBy.split(' ').at(-1)}"]`).innerText(), new RegExp(message));
    assert.equal(await result(page).count(), 0);
    await page.context().close();
  });

  it('prefills the form from ?args= (a re-run link)', async () => {
    const page = await signedInPage(app);
    const args = Buffer.from(JSON.stringify({ name: 'Bö', count: 1, loud: true })).toString('base64url');
    await page.goto(`${app.up.url}/scripts/get/f/tools/greet?args=${args}`);
    assert.equal(await page.getByLabel('name').inputValue(), 'Bö');
    assert.equal(await page.getByLabel('count').inputValue(), '1');
    assert.equal(await page.getByLabel('loud').isChecked(), true);
    await page.getByRole('button', { name: 'Run' }).click();
    await result(page).getByText('HELLO BÖ').waitFor();
    await page.context().close();
  });

  it('hands a run still going after a few seconds to its run page', async () => {
    const page = await signedInPage(app);
    await page.goto(`${app.up.url}/scripts/get/f/tools/slow`);
    await page.getByRole('button', { name: 'Run' }).click();
    await page.getByText('Running…').waitFor();
    await page.waitForURL(/\/runs\/[0-9a-f-]{36}$/, { timeout: 15_000 });
    await page.context().close();
  });

  it('says when there is no such script', async () => {
    const page = await signedInPage(app);
    await page.goto(`${app.up.url}/scripts/get/f/tools/nothing_here`);
    await page.getByRole('heading', { name: 'Script not found' }).waitFor();
    await page.getByText('There is no script at f/tools/nothing_here').waitFor();
    await page.context().close();
  });

  it('lets an operator use the form page, with no navigation', async () => {
    const { username, password } = await createMember(app, 'operator');
    const page = await (await app.browser.newContext({ viewport: WIDE })).newPage();
    await page.goto(`${app.up.url}/forms/script/f/tools/greet`);
    await page.waitForURL(/\/login\?next=/);
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${app.up.url}/forms/script/f/tools/greet`);
    await page.getByRole('heading', { name: 'Greet someone' }).waitFor();
    assert.equal(await page.getByRole('navigation').count(), 0);
    await page.getByLabel('name').fill('Grace');
    await page.getByRole('button', { name: 'Run' }).click();
    await result(page).getByText('hello Grace, hello Grace').waitFor();
    assert.equal(await page.getByRole('link').count(), 0, 'the form page links nowhere');
    await checkPage(page, 'form-page');
    await page.context().close();
  });
});
