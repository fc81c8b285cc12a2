import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { checkPage, signedInPage, startApp, WIDE, type App } from './app-browser.js';
import { addUser } from './harness.js';

/**
 * The editor's History (versions, a diff of any two, "Run this version" as a link), Archive with
 * its confirmation, and Test streaming its logs and result over the live connection — in Chromium
 * against the platform started the README's way.
 */
describe("the script editor's history, archive and live test", () => {
  let app: App;

  before(async () => {
    app = await startApp();
  });
  after(async () => {
    await app?.browser.close();
    await app?.up.stop();
  });

  async function api(path: string, init: { method?: string; json?: unknown; token?: string } = {}) {
    const res = await fetch(`${app.up.url}${path}`, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${init.token ?? app.token}`, 'content-type': 'application/json' },
      body: init.json === undefined ? undefined : JSON.stringify(init.json),
    });
    return res;
  }

  async function deploy(path: string, content: string, summary = ''): Promise<string> {
    const res = await api('/api/w/main/scripts/create', {
      method: 'POST',
      json: { path, language: 'python3', content, summary },
    });
    const text = await res.text();
    assert.ok(res.ok, `deploy ${path}: ${res.status} ${text}`);
    return text;
  }

  /** Puts a draft where the editor keeps it, as if typed before a reload. */
  async function seedDraft(page: Page, key: string, content: string, path = ''): Promise<void> {
    const draft = { path, summary: '', description: '', language: 'python3', tag: '', timeout: '', content };
    await page.evaluate(`localStorage.setItem(${JSON.stringify(key)}, ${JSON.stringify(JSON.stringify(draft))})`);
  }

  it('lists versions with author and date, diffs any two, and runs an older version from a shareable link', async () => {
    const v1 = await deploy('f/hist/greet', 'def main(name: str = "world"):\n    return f"v1 {name}"\n', 'first');
    await deploy('f/hist/greet', 'def main(name: str = "world"):\n    return f"v2 {name}"\n', 'second');
    const v3 = await deploy(
      'f/hist/greet',
      'def main(name: str = "world"):\n    print("greeting", name)\n    return f"v3 {name}"\n',
      'third',
    );

    const page = await signedInPage(app);
    const chunks: string[] = [];
    page.on('request', (request) => chunks.push(request.url()));
    await page.goto(`${app.up.url}/scripts/edit/f/hist/greet`);
    await page.getByRole('heading', { name: 'Edit f/hist/greet' }).waitFor();
    await page.getByLabel(/^name\*?$/).waitFor();
    // The diff is not part of the editor: its code comes with the dialog.
    await page.waitForLoadState('networkidle');
    const before = chunks.filter((url) => url.endsWith('.js')).length;

    await page.getByRole('button', { name: 'History' }).click();
    const dialog = page.getByRole('dialog', { name: 'History of f/hist/greet' });
    await dialog.waitFor();
    assert.ok(chunks.filter((url) => url.endsWith('.js')).length > before, 'the dialog loaded its own code');
    const versions = dialog.getByRole('list', { name: 'Versions' }).getByRole('listitem');
    await versions.first().waitFor();
    assert.equal(await versions.count(), 3);
    const newest = (await versions.nth(0).innerText()).replace(/\s+/g, ' ');
    assert.match(newest, new RegExp(`^${v3.slice(0, 8)} .+ by admin current Run this version third$`));
    assert.match((await versions.nth(2).innerText()).replace(/\s+/g, ' '), new RegExp(`^${v1.slice(0, 8)} .*first$`));

    // By default: what changed last (v2 → v3), one line changed and one added.
    const diff = dialog.getByRole('region', { name: 'Diff' });
    await diff.getByText('print("greeting", name)').waitFor();
    await dialog.getByText('+2 −1 lines').waitFor();
    assert.match(await diff.innerText(), /removed\s*return f"v2 \{name\}"/);
    assert.match(await diff.innerText(), /added\s*return f"v3 \{name\}"/);

    // Any two: the oldest against the newest.
    await dialog.getByLabel('From').selectOption(v1);
    await diff.getByText('return f"v1 {name}"').waitFor();
    // And a version against the unsaved edits: the same code says so.
    await dialog.getByLabel('From').selectOption(v3);
    await dialog.getByLabel('To').selectOption({ label: 'Unsaved edits (the editor)' });
    await dialog.getByText('The code is the same.').waitFor();
    await dialog.getByLabel('To').selectOption(v3);
    await dialog.getByLabel('From').selectOption(v1);
    await diff.getByText('return f"v1 {name}"').waitFor();
    await checkPage(page, 'editor-history');

    // Escape closes it, and focus is back on History.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    assert.equal(await page.evaluate('document.activeElement?.textContent'), 'History');

    await page.getByRole('button', { name: 'History' }).click();
    await versions
      .nth(2)
      .getByRole('link', { name: /^Run this version/ })
      .click();
    await page.waitForURL(`${app.up.url}/scripts/version/${v1}`);
    await page.getByRole('heading', { name: `f/hist/greet @ ${v1.slice(0, 8)}` }).waitFor();
    await page.getByText('Not the current version').waitFor();

    // The link is the version: a fresh tab opened on it runs v1, not the current v3.
    const shared = await (await app.browser.newContext({ viewport: WIDE })).newPage();
    await shared.goto(page.url());
    await shared.waitForURL(/\/login/);
    await shared.getByLabel('Username').fill('admin');
    await shared.getByLabel('Password').fill(app.password);
    await shared.getByRole('button', { name: 'Sign in' }).click();
    await shared.waitForURL(`${app.up.url}/scripts/version/${v1}`);
    await shared.getByLabel(/^name\*?$/).fill('Ada');
    await shared.getByRole('button', { name: 'Run' }).click();
    await shared.getByRole('region', { name: 'Result' }).getByText('"v1 Ada"').waitFor({ timeout: 60_000 });
    const runHref = await shared.getByRole('link', { name: 'Open run' }).getAttribute('href');
    const job = (await (await api(`/api/w/main/jobs_u/get/${runHref!.split('/').pop()}`)).json()) as {
      script_hash: string;
    };
    assert.equal(job.script_hash, v1);
    await checkPage(shared, 'script-version');
    await shared.context().close();

    await page.goto(`${app.up.url}/scripts/version/0123456789abcdef`);
    await page.getByRole('heading', { name: 'Version not found' }).waitFor();
    await page.context().close();
  });

  it('archives after a confirmation naming the path, then the script leaves Home; a refusal is shown', async () => {
    await deploy('f/hist/gone', 'def main():\n    return 1\n');
    await deploy('f/hist/kept', 'def main():\n    return 2\n');

    // A viewer may open the editor but not archive: the server's refusal is said in the dialog.
    const viewer = await addUser(app.up, 'viewer');
    const asViewer = await (await app.browser.newContext({ viewport: WIDE })).newPage();
    await asViewer.goto(`${app.up.url}/login`);
    await asViewer.getByRole('button', { name: 'Use an API token instead' }).click();
    await asViewer.getByLabel('API token').fill(viewer.token);
    await asViewer.getByRole('button', { name: 'Sign in' }).click();
    await asViewer.waitForURL((url) => !url.pathname.startsWith('/login'));
    await asViewer.goto(`${app.up.url}/scripts/edit/f/hist/gone`);
    await asViewer.getByRole('button', { name: 'Archive' }).click();
    await asViewer.getByRole('alertdialog', { name: 'Archive f/hist/gone?' }).waitFor();
    await asViewer.getByRole('button', { name: 'Archive f/hist/gone' }).click();
    await asViewer
      .getByRole('alert')
      .filter({ hasText: /^Not archived: .*developer/ })
      .waitFor();
    await asViewer.context().close();
    assert.equal((await api('/api/w/main/scripts/get/p/f/hist/gone')).status, 200);

    const page = await signedInPage(app);
    await page.goto(`${app.up.url}/scripts/edit/f/hist/gone`);
    await page.getByRole('heading', { name: 'Edit f/hist/gone' }).waitFor();
    // An unsaved edit: archiving must not then ask whether to leave it.
    await page.getByLabel('Summary').fill('edited, then archived');
    let asked = 0;
    page.on('dialog', (d) => {
      asked++;
      void d.dismiss();
    });

    // "Keep it" changes nothing.
    await page.getByRole('button', { name: 'Archive' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Archive f/hist/gone?' });
    await confirm.getByText('f/hist/gone leaves the home list').waitFor();
    await checkPage(page, 'editor-archive');
    await confirm.getByRole('button', { name: 'Keep it' }).click();
    await confirm.waitFor({ state: 'hidden' });
    const listed = async () =>
      ((await (await api('/api/w/main/scripts/list')).json()) as { path: string }[]).map((s) => s.path);
    assert.ok((await listed()).includes('f/hist/gone'));

    await page.getByRole('button', { name: 'Archive' }).click();
    await confirm.getByRole('button', { name: 'Archive f/hist/gone' }).click();
    await page.waitForURL(`${app.up.url}/`);
    await page.getByRole('link', { name: 'f/hist/kept' }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'f/hist/gone' }).count(), 0);
    assert.equal(asked, 0, 'leaving after archiving asks nothing');
    assert.ok(!(await listed()).includes('f/hist/gone'));
    assert.equal(await page.evaluate(`localStorage.getItem('runnel.draft.main:f/hist/gone')`), null);
    await page.context().close();
  });

  it('streams a test run over the live connection, without polling, and falls back when the socket fails', async () => {
    const slow = [
      'import time',
      '',
      'def main():',
      '    for i in range(5):',
      '        print(f"tick {i}", flush=True)',
      '        time.sleep(0.4)',
      '    return "done"',
      '',
    ].join('\n');
    const page = await signedInPage(app);
    const polled: string[] = [];
    page.on('request', (request) => {
      if (/\/jobs_u\/get(_logs)?\//.test(request.url())) polled.push(request.url());
    });
    const previews: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith('/jobs/run/preview')) previews.push(request.url());
    });
    const sockets: string[] = [];
    page.on('websocket', (ws) => sockets.push(ws.url()));
    await page.goto(`${app.up.url}/scripts/add`);
    await seedDraft(page, 'runnel.draft.main:new', slow, 'f/hist/slow');
    await page.reload();
    await page.getByText('Restored your unsaved draft').waitFor();
    // Test waits for the form inferred from the code: this one takes no inputs.
    await page.getByText('No inputs.').waitFor();

    // Ctrl-Enter in the code tests it.
    await page.getByRole('textbox', { name: 'Code' }).press('Control+Enter');
    const logs = page.getByRole('region', { name: 'Logs' });
    await logs.getByText('tick 0').waitFor({ timeout: 60_000 });
    // The first line shows while the run is still going: it streamed, it was not read at the end.
    assert.equal(await page.getByRole('region', { name: 'Result' }).count(), 0, 'no result yet at the first line');
    await page.getByRole('region', { name: 'Result' }).getByText('"done"').waitFor({ timeout: 30_000 });
    await logs.getByText('tick 4').waitFor();
    assert.deepEqual(polled, [], 'the test run was followed live, not polled');
    assert.ok(sockets.some((url) => url.endsWith('/graphql')));
    assert.equal(previews.length, 1, 'Ctrl-Enter in the code tests once');

    // Ctrl-Enter tests from the other fields too.
    await page.getByLabel('Path').press('Control+Enter');
    // The new run clears the last result (the script takes 2 s), then shows its own.
    await page.getByRole('region', { name: 'Result' }).waitFor({ state: 'detached' });
    await page.getByRole('region', { name: 'Result' }).getByText('"done"').waitFor({ timeout: 30_000 });
    assert.equal(previews.length, 2);
    assert.deepEqual(polled, []);
    await page.context().close();

    // A live connection that fails is said, and the run is polled to its end instead.
    const blocked = await (await app.browser.newContext({ viewport: WIDE })).newPage();
    await blocked.routeWebSocket(/\/graphql$/, (ws) => ws.close({ code: 4400, reason: 'blocked by the test' }));
    await blocked.goto(`${app.up.url}/login`);
    await blocked.getByLabel('Username').fill('admin');
    await blocked.getByLabel('Password').fill(app.password);
    await blocked.getByRole('button', { name: 'Sign in' }).click();
    await blocked.waitForURL((url) => !url.pathname.startsWith('/login'));
    await blocked.goto(`${app.up.url}/scripts/add`);
    await seedDraft(blocked, 'runnel.draft.main:new', slow, 'f/hist/slow');
    await blocked.reload();
    await blocked.getByText('No inputs.').waitFor();
    await blocked.getByRole('button', { name: 'Test' }).click();
    await blocked.getByText(/^Live updates failed \(.*blocked by the test.*\)/).waitFor({ timeout: 30_000 });
    await blocked.getByRole('region', { name: 'Result' }).getByText('"done"').waitFor({ timeout: 60_000 });
    await blocked.getByRole('region', { name: 'Logs' }).getByText('tick 4').waitFor();
    await checkPage(blocked, 'editor-test-fallback');
    await blocked.context().close();
  });
});
