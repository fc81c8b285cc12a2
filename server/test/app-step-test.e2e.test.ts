import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { checkPage, signedInPage, startApp, type App } from './app-browser.js';

// The flow editor's test runs in Chromium against the platform started the README's way: "Test
// flow" follows the run by pushes (flowProgress), not by polling, and "Test this step" runs one
// step with its inputs evaluated by the server against the last test run.

/** Step a takes a while (so the test can watch a run that does not change), then b reads results.a. */
const FLOW = {
  summary: 'Two steps',
  value: {
    modules: [
      {
        id: 'a',
        value: {
          type: 'rawscript',
          language: 'bun',
          content:
            'export async function main(n: number) {\n  await new Promise((r) => setTimeout(r, 8000));\n  return { count: n * 2 };\n}\n',
          input_transforms: { n: { type: 'javascript', expr: 'flow_input.n' } },
        },
      },
      {
        id: 'b',
        value: {
          type: 'rawscript',
          language: 'bun',
          content: 'export function main(c: number) {\n  return c + 1;\n}\n',
          input_transforms: { c: { type: 'javascript', expr: 'results.a.count' } },
        },
      },
    ],
  },
  schema: { type: 'object', properties: { n: { type: 'integer', default: 5 } }, required: [], order: ['n'] },
};

const statusOf = (page: Page, id: string, status: string) =>
  page.getByRole('list', { name: 'Step statuses' }).locator(`li[data-step-id="${id}"][data-status="${status}"]`);

async function importFlow(page: Page, app: App): Promise<void> {
  await page.goto(`${app.up.url}/flows/add`);
  await page.getByRole('button', { name: 'Import' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import a flow' });
  await dialog.getByLabel('Flow JSON or YAML').fill(JSON.stringify(FLOW));
  await dialog.getByRole('button', { name: 'Import flow' }).click();
  await dialog.waitFor({ state: 'hidden' });
}

describe("the flow editor's tests", () => {
  let app: App;

  before(async () => {
    app = await startApp();
  });
  after(async () => {
    await app?.browser.close();
    await app?.up.stop();
  });

  async function api(path: string): Promise<Record<string, unknown>> {
    const res = await fetch(`${app.up.url}${path}`, { headers: { authorization: `Bearer ${app.token}` } });
    return (await res.json()) as Record<string, unknown>;
  }

  it('follows a test run by pushes, then tests step b alone against the last run after its code changed', async (t) => {
    const page = await signedInPage(app);
    await importFlow(page, app);
    let reads = 0;
    const count = (request: { url(): string }) => {
      if (request.url().includes('/jobs_u/get/')) reads++;
    };

    let allReads = 0;
    const countAll = (request: { url(): string }) => {
      if (request.url().includes('/jobs_u/get/')) allReads++;
    };
    page.on('request', countAll);
    await page.getByRole('button', { name: 'Test flow' }).click();
    await statusOf(page, 'a', 'running').waitFor({ timeout: 60_000 });
    // While a runs and nothing changes, nothing is read: the progress is pushed.
    page.on('request', count);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    page.off('request', count);
    const stepA = await page.getByRole('link', { name: 'Step a: its run' }).getAttribute('href');
    const aJob = await api(`/api/w/main/jobs_u/get/${stepA!.split('/').pop()}`);
    assert.equal(aJob.status, 'running', 'step a was still running when the counting ended');
    assert.equal(reads, 0, `the editor read jobs ${reads} times in 3 s while the test run did not change`);

    await statusOf(page, 'b', 'success').waitFor({ timeout: 60_000 });
    await page.getByRole('region', { name: 'Result' }).getByText('11', { exact: true }).waitFor({ timeout: 30_000 });
    page.off('request', countAll);
    // Over the whole run: each step job's result once, and the flow's once at its end.
    t.diagnostic(`jobs_u/get reads during a 2-step test run of ~10 s: ${allReads}`);
    assert.equal(allReads, 3);

    // Select b by its id (the outline's and the graph's button), change its code, test it alone.
    await page.getByRole('button', { name: 'b', exact: true }).first().click();
    await page.getByRole('heading', { name: 'Step b', exact: true }).waitFor();
    await page.getByRole('textbox', { name: 'Code of step b' }).click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.press('Delete');
    // Short lines: a long one would scroll sideways.
    for (const line of [
      'export function main(c: number) {',
      'console.log("c is " + c);',
      'return "from a: " + c * 3;',
    ]) {
      await page.keyboard.type(line);
      await page.keyboard.press('Enter');
    }
    await page.keyboard.type('}');
    const runsBefore = ((await api('/api/w/main/jobs/list?per_page=1000')) as unknown as unknown[]).length;
    const panel = page.getByRole('region', { name: 'Test this step' });
    await panel.getByRole('button', { name: 'Test this step' }).click();
    // The server evaluated results.a.count against the last test's result of a ({count: 10}).
    await panel
      .getByRole('list', { name: 'Evaluated inputs of step b' })
      .getByText('10')
      .waitFor()
      .catch(async (err: Error) => {
        throw new Error(`${err.message}\nThe panel says: ${await panel.innerText()}`);
      });
    await panel
      .getByRole('region', { name: 'Result' })
      .getByText(/from a: 30/)
      .waitFor({ timeout: 60_000 });
    await panel.getByText('c is 10').waitFor();
    // One job ran: step b's, not a's again.
    const runs = (await api('/api/w/main/jobs/list?per_page=1000')) as unknown as { kind: string }[];
    assert.equal(runs.length, runsBefore + 1);
    assert.equal(runs[0]!.kind, 'preview');
    await checkPage(page, 'flow-editor-step-test');

    // An expression that fails is named, with the engine's message.
    await page.getByRole('combobox', { name: 'c expression' }).fill('results.nothing.count');
    await panel.getByRole('button', { name: 'Test this step' }).click();
    await panel
      .getByRole('alert')
      .getByText(/input "c".*results\.nothing\.count/)
      .waitFor();
    await page.context().close();
  });

  it('falls back to polling when the live connection is refused, and still shows every step', async () => {
    const page = await signedInPage(app);
    await page.routeWebSocket(/\/graphql$/, (ws) => ws.close({ code: 4403, reason: 'refused by the test' }));
    await importFlow(page, app);
    await page.getByRole('button', { name: 'Test flow' }).click();
    await page.getByRole('status').filter({ hasText: 'Not live' }).waitFor({ timeout: 30_000 });
    await statusOf(page, 'b', 'success').waitFor({ timeout: 60_000 });
    await page.getByRole('region', { name: 'Result' }).getByText('11', { exact: true }).waitFor({ timeout: 30_000 });
    await page.context().close();
  });
});
