import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { checkPage, signedInPage, startApp, type App } from './app-browser.js';
import { repoRoot } from './up-platform.js';

const GREET = `def main(name: str, count: int = 1):
    return {"greeting": ", ".join([f"hello {name}"] * count)}
`;
const OTHER = 'echo other';

interface Run {
  id: string;
  script_path: string;
  schedule_path: string | null;
  args: Record<string, unknown>;
}

/** The Triggers tabs of a script and the Triggers section, in the browser against npm run up. */
describe('triggers in the app', () => {
  let app: App;

  const api = (path: string, init: { method?: string; body?: unknown; token?: string } = {}) =>
    fetch(app.up.url + path, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: {
        authorization: `Bearer ${init.token ?? app.token}`,
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });

  before(async () => {
    app = await startApp();
    for (const [path, language, content] of [
      ['f/tools/greet', 'python3', GREET],
      ['f/tools/other', 'bash', OTHER],
    ]) {
      const res = await api('/api/w/main/scripts/create', { body: { path, language, content, summary: path } });
      assert.equal(res.status, 201, await res.text());
    }
  });
  after(async () => {
    await app?.browser.close();
    await app?.up.stop();
  });

  async function triggersTab(name: string): Promise<Page> {
    const page = await signedInPage(app);
    await page.goto(`${app.up.url}/scripts/get/f/tools/greet`);
    const section = page.getByRole('region', { name: 'Triggers' });
    await section.getByRole('tab', { name }).click();
    return page;
  }

  const dialog = (page: Page, name: string | RegExp) => page.getByRole('dialog', { name });

  it('creates a schedule through the target’s form, previews it, sees it fire, edits, disables and deletes it', async () => {
    const page = await triggersTab('Schedules');
    await page.getByText('No schedules yet.').waitFor();
    await page.getByRole('button', { name: 'New schedule' }).click();
    const form = dialog(page, 'New schedule');
    await form.getByLabel('Cron').fill('0 9 * * 1-5');
    await form.getByLabel('Time zone').fill('Europe/Paris');
    await form.getByText('At 09:00, Monday through Friday (Europe/Paris)').waitFor();
    const times = form.getByRole('list', { name: 'Next fire times' }).getByRole('listitem');
    await times.nth(4).waitFor();
    assert.equal(await times.count(), 5);
    for (const text of await times.allInnerTexts()) assert.match(text, /^(Mon|Tue|Wed|Thu|Fri), .* 09:00:00$/);
    await form.getByRole('group', { name: 'Arguments' }).getByLabel('name').fill('Sched');
    await checkPage(page, 'triggers-schedule-form');
    mkdirSync(join(repoRoot, 'docs/screenshots'), { recursive: true });
    await form.evaluate((el) => el.scrollTo(0, 0));
    await page.screenshot({ path: join(repoRoot, 'docs/screenshots/triggers-schedule.png') });

    // The server's 400 lands on its field: a cron the browser does not parse itself.
    await form.getByLabel('Cron').fill('61 * * * *');
    await form.getByRole('button', { name: 'Create schedule' }).click();
    const cron = form.getByLabel('Cron');
    await page.locator('input[aria-invalid="true"]').first().waitFor();
    assert.equal(await cron.getAttribute('aria-invalid'), 'true');
    const errorId = ((await cron.getAttribute('aria-describedby')) ?? '').split(' ').at(-1)!;
    assert.match(await page.locator(`[id="${errorId}"]`).innerText(), /not a valid cron expression/);

    // Every 5 seconds (the scheduler reads a seconds field), so it fires while the test watches.
    await cron.fill('*/5 * * * * *');
    await form.getByLabel('Time zone').fill('UTC');
    await form.getByText('Every 5 seconds (UTC)').waitFor();
    await form.getByRole('button', { name: 'Create schedule' }).click();
    await form.waitFor({ state: 'hidden' });
    const list = page.getByRole('list', { name: 'Schedules' });
    await list.getByText('*/5 * * * * *').waitFor();

    // It fires: a run appears on the live runs page, with the form's arguments.
    const runs = await page.context().newPage();
    await runs.goto(`${app.up.url}/runs`);
    await runs.getByRole('link', { name: 'f/tools/greet' }).first().waitFor({ timeout: 30_000 });
    await runs.close();
    const listed = (await (await api('/api/w/main/jobs/runs?script_path=f/tools/greet')).json()) as { jobs: Run[] };
    const fired = listed.jobs.find((j) => j.schedule_path === 'f/tools/greet_schedule');
    assert.ok(fired, `a run started by the schedule: ${JSON.stringify(listed.jobs)}`);

    await list.getByRole('button', { name: 'Edit f/tools/greet_schedule' }).click();
    const edit = dialog(page, 'Edit f/tools/greet_schedule');
    assert.equal(
      await edit.getByRole('group', { name: 'Arguments' }).getByLabel('name').inputValue(),
      'Sched',
      'the stored args fill the form',
    );
    await edit.getByLabel('Cron').fill('0 9 * * 1-5');
    await edit.getByLabel('Time zone').fill('Europe/Paris');
    await edit.getByRole('button', { name: 'Save schedule' }).click();
    await edit.waitFor({ state: 'hidden' });
    await list.getByText('0 9 * * 1-5').waitFor();
    await list.getByText(/Next: (Mon|Tue|Wed|Thu|Fri), .* 09:00:00/).waitFor();

    await list.getByRole('button', { name: 'Disable f/tools/greet_schedule' }).click();
    await list.getByText('Disabled').waitFor();
    const stored = (await (await api('/api/w/main/schedules/get/f/tools/greet_schedule')).json()) as {
      enabled: boolean;
      args: unknown;
    };
    assert.deepEqual([stored.enabled, stored.args], [false, { name: 'Sched', count: 1 }]);
    await checkPage(page, 'triggers-schedules');

    await list.getByRole('button', { name: 'Delete schedule f/tools/greet_schedule' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Delete schedule f/tools/greet_schedule?' });
    await confirm.getByRole('button', { name: 'Keep it' }).click();
    await list.getByText('0 9 * * 1-5').waitFor();
    await list.getByRole('button', { name: 'Delete schedule f/tools/greet_schedule' }).click();
    await confirm.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByText('No schedules yet.').waitFor();
    assert.equal((await api('/api/w/main/schedules/get/f/tools/greet_schedule')).status, 404);
    await page.context().close();
  });

  it('creates, tests, edits (a write-only secret) and deletes an HTTP route', async () => {
    const page = await triggersTab('HTTP routes');
    await page.getByText('No HTTP routes yet.').waitFor();
    await page.getByRole('button', { name: 'New HTTP route' }).click();
    const form = dialog(page, 'New HTTP route');
    await form.getByLabel('Route path').fill('greet/:name');
    await form.getByRole('button', { name: 'Create route' }).click();
    await form.waitFor({ state: 'hidden' });
    const list = page.getByRole('list', { name: 'HTTP routes' });
    await list.getByText('/api/r/main/greet/:name').waitFor();

    await list.getByRole('button', { name: 'Test f/tools/greet_route' }).click();
    const test = dialog(page, 'Test f/tools/greet_route');
    await test.getByLabel('Request path').fill('greet/Ada');
    await test.getByLabel('Request body').fill('{"count": 2}');
    await test.getByRole('button', { name: 'Send test request' }).click();
    const answer = test.getByRole('region', { name: 'Answer' });
    await answer.getByText('200 OK').waitFor({ timeout: 30_000 });
    await answer.getByText('hello Ada, hello Ada').waitFor();
    await answer.getByText('content-type').waitFor();
    await checkPage(page, 'triggers-http-test');
    await test.getByRole('button', { name: 'Close' }).click();

    // Signature authentication: the secret is written once and never comes back.
    await list.getByRole('button', { name: 'Edit f/tools/greet_route' }).click();
    let edit = dialog(page, 'Edit f/tools/greet_route');
    await edit.getByLabel('Method').selectOption('put');
    await edit.getByLabel('Authentication').selectOption('signature');
    await edit.getByLabel('Signing secret').fill('s3cret-value');
    await edit.getByRole('button', { name: 'Save route' }).click();
    await edit.waitFor({ state: 'hidden' });
    await list.getByText('PUT').waitFor();
    await list.getByRole('button', { name: 'Edit f/tools/greet_route' }).click();
    edit = dialog(page, 'Edit f/tools/greet_route');
    assert.equal(await edit.getByLabel('Signing secret').inputValue(), '');
    await edit.getByText('Stored and never shown; leave empty to keep it.').waitFor();
    assert.ok(!(await page.content()).includes('s3cret-value'), 'the secret is never shown back');
    const stored = await (await api('/api/w/main/http_triggers/get/f/tools/greet_route')).text();
    assert.ok(!stored.includes('s3cret-value'), 'nor sent to the browser');

    // A route the server refuses: its 400 lands on the route path.
    await edit.getByLabel('Route path').fill('greet//x');
    await edit.getByRole('button', { name: 'Save route' }).click();
    const route = edit.getByLabel('Route path');
    await page.locator('input[aria-invalid="true"]').first().waitFor();
    assert.equal(await route.getAttribute('aria-invalid'), 'true');
    await edit.getByText(/empty segment/).waitFor();
    await checkPage(page, 'triggers-http-form');
    await edit.getByRole('button', { name: 'Close' }).click();

    // Unsigned, the route now refuses the test request: the answer shows why.
    await list.getByRole('button', { name: 'Test f/tools/greet_route' }).click();
    const again = dialog(page, 'Test f/tools/greet_route');
    await again.getByLabel('Request path').fill('greet/Bob');
    await again.getByRole('button', { name: 'Send test request' }).click();
    await again.getByRole('region', { name: 'Answer' }).getByText('401 Unauthorized').waitFor();
    await again.getByText(/missing signature header/).waitFor();
    // Signed with the secret typed for the test (the browser's HMAC, as GitHub would send it), it runs.
    await again.getByLabel('Signing secret for this test').fill('s3cret-value');
    await again.getByRole('button', { name: 'Send test request' }).click();
    await again.getByRole('region', { name: 'Answer' }).getByText('200 OK').waitFor({ timeout: 30_000 });
    await again.getByText('hello Bob').waitFor();
    await again.getByRole('button', { name: 'Close' }).click();

    await list.getByRole('button', { name: 'Delete HTTP route f/tools/greet_route' }).click();
    await page
      .getByRole('alertdialog', { name: 'Delete HTTP route f/tools/greet_route?' })
      .getByRole('button', { name: 'Delete', exact: true })
      .click();
    await page.getByText('No HTTP routes yet.').waitFor();
    assert.equal((await fetch(`${app.up.url}/api/r/main/greet/Ada`, { method: 'PUT' })).status, 404);
    await page.context().close();
  });

  it('creates, edits and deletes a NATS subject trigger', async () => {
    const page = await triggersTab('NATS');
    await page.getByText('No NATS triggers yet.').waitFor();
    await page.getByRole('button', { name: 'New NATS trigger' }).click();
    const form = dialog(page, 'New NATS trigger');
    await form.getByLabel('Subjects').fill('$SYS.orders');
    await form.getByRole('button', { name: 'Create trigger' }).click();
    const subjects = form.getByLabel('Subjects');
    await page.locator('textarea[aria-invalid="true"]').first().waitFor();
    assert.equal(await subjects.getAttribute('aria-invalid'), 'true');
    await subjects.fill('orders.*');
    await form.getByRole('button', { name: 'Create trigger' }).click();
    await form.waitFor({ state: 'hidden' });
    const list = page.getByRole('list', { name: 'NATS triggers' });
    await list.getByText(/\.ws\.main\.orders\.\*$/).waitFor();

    await list.getByRole('button', { name: 'Edit f/tools/greet_nats' }).click();
    const edit = dialog(page, 'Edit f/tools/greet_nats');
    await edit.getByLabel('Subjects').fill('orders.*\nrefunds.>');
    await edit.getByLabel('Enabled').uncheck();
    await edit.getByRole('button', { name: 'Save trigger' }).click();
    await edit.waitFor({ state: 'hidden' });
    await list.getByText(/\.ws\.main\.refunds\.>$/).waitFor();
    await list.getByText('f/tools/greet_nats (disabled)').waitFor();
    await checkPage(page, 'triggers-nats');

    await list.getByRole('button', { name: 'Delete NATS trigger f/tools/greet_nats' }).click();
    await page
      .getByRole('alertdialog', { name: 'Delete NATS trigger f/tools/greet_nats?' })
      .getByRole('button', { name: 'Delete', exact: true })
      .click();
    await page.getByText('No NATS triggers yet.').waitFor();
    await page.context().close();
  });

  it('shows the webhooks and makes a token that runs this path and is refused on another', async () => {
    const page = await triggersTab('Webhooks');
    const hooks = page.getByRole('region', { name: 'Webhooks' });
    assert.match(await hooks.innerText(), /\/api\/w\/main\/jobs\/run_wait_result\/p\/f\/tools\/greet/);
    await page.getByRole('button', { name: 'Create a token for this path' }).click();
    const shown = page.getByLabel('New API token', { exact: true });
    await shown.waitFor();
    const token = await shown.inputValue();
    await checkPage(page, 'triggers-webhooks');

    // The tabs follow the ARIA tab pattern: one Tab stop, arrows move between them.
    const tabs = page.getByRole('tablist', { name: 'Triggers' });
    await tabs.getByRole('tab', { name: 'Webhooks' }).focus();
    await page.keyboard.press('ArrowLeft');
    const nats = tabs.getByRole('tab', { name: 'NATS' });
    assert.equal(await nats.getAttribute('aria-selected'), 'true');
    assert.ok(await nats.evaluate((el) => el === el.ownerDocument.activeElement), 'focus moves with the selection');
    await page.getByText('No NATS triggers yet.').waitFor();
    await page.keyboard.press('Home');
    await page.getByRole('region', { name: 'Webhooks' }).waitFor();

    const run = (path: string) => api(`/api/w/main/jobs/run_wait_result/p/${path}`, { body: { name: 'Tok' }, token });
    const ok = await run('f/tools/greet');
    assert.equal(ok.status, 200, await ok.clone().text());
    assert.deepEqual(await ok.json(), { greeting: 'hello Tok' });
    const refused = await run('f/tools/other');
    assert.equal(refused.status, 403);
    assert.match(await refused.text(), /limited to running script f\/tools\/greet/);
    assert.equal((await api('/api/w/main/scripts/list', { token })).status, 403, 'nor anything else');
    await page.context().close();
  });

  it('lists every trigger of the workspace in the Triggers section, filtered by type', async () => {
    const page = await signedInPage(app);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Triggers' }).click();
    await page.getByRole('heading', { name: 'Triggers' }).waitFor();
    await page.getByText(/No triggers yet/).waitFor();
    await checkPage(page, 'triggers-section-empty');

    const created = await Promise.all([
      api('/api/w/main/schedules/create', {
        body: {
          path: 'f/tools/nightly',
          schedule: '0 3 * * *',
          timezone: 'Europe/Paris',
          script_path: 'f/tools/other',
          enabled: false,
        },
      }),
      api('/api/w/main/http_triggers/create', {
        body: {
          path: 'f/tools/hook',
          route_path: 'hooks/other',
          http_method: 'post',
          script_path: 'f/tools/other',
          authentication_method: 'token',
        },
      }),
      api('/api/w/main/nats_triggers/create', {
        body: { path: 'f/tools/events', subject: 'events.>', script_path: 'f/tools/greet' },
      }),
    ]);
    for (const res of created) assert.equal(res.status, 201, await res.text());
    await page.reload();
    const rows = page.getByRole('row');
    await page.getByRole('cell', { name: 'f/tools/nightly' }).waitFor();
    assert.equal(await rows.count(), 4, 'a header and three triggers');
    await page.getByRole('cell', { name: 'POST /api/r/main/hooks/other' }).waitFor();
    await checkPage(page, 'triggers-section');

    await page.getByLabel('Type').selectOption('schedule');
    await page.waitForURL(/type=schedule/);
    await page.getByRole('cell', { name: 'f/tools/hook' }).waitFor({ state: 'detached' });
    assert.equal(await rows.count(), 2);
    await page.getByRole('cell', { name: /Schedule \(disabled\)/ }).waitFor();
    await page.getByRole('link', { name: 'f/tools/other' }).click();
    await page.waitForURL(/\/scripts\/get\/f\/tools\/other#triggers$/);
    await page.getByRole('heading', { name: 'f/tools/other' }).waitFor();
    await page.context().close();
  });
});
