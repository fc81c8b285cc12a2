import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { signedInPage, startApp, type App } from './app-browser.js';

/**
 * A result of a megabyte, where a person meets it: under the script's form (as they go on typing
 * in the form) and on the run page (as a table and as a JSON tree). Figures are printed, not
 * asserted: the assertions are that it shows, and that typing still reaches the field.
 */
describe('a 1 MB result in the app', () => {
  let app: App;
  let page: Page;
  const ROWS = 8000;

  before(async () => {
    app = await startApp();
    const res = await fetch(`${app.up.url}/api/w/main/scripts/create`, {
      method: 'POST',
      headers: { authorization: `Bearer ${app.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        path: 'f/big/rows',
        language: 'python3',
        content: [
          'def main(label: str = "row", rows: int = 10):',
          '    return [{"id": i, "label": f"{label} {i}", "note": "n" * 100} for i in range(rows)]',
        ].join('\n'),
      }),
    });
    assert.equal(res.status, 201, await res.text());
    page = await signedInPage(app);
  });
  after(async () => {
    await app?.browser.close();
    await app?.up.stop();
  });

  /** Types `text` into the focused field a key at a time; the slowest key-to-next-frame time in ms. */
  async function slowestKeystroke(text: string): Promise<number> {
    await page.evaluate(`window.__keys = [];
      window.__onKey = () => {
        const t0 = performance.now();
        requestAnimationFrame(() => setTimeout(() => window.__keys.push(performance.now() - t0)));
      };
      document.addEventListener('keydown', window.__onKey, { capture: true });`);
    for (const key of text) await page.keyboard.type(key);
    await page.waitForFunction(`window.__keys.length >= ${text.length}`);
    const slowest = await page.evaluate<number>('Math.max(...window.__keys)');
    await page.evaluate(`document.removeEventListener('keydown', window.__onKey, { capture: true })`);
    return slowest;
  }

  it('shows under the form while the form stays quick to type in, and on the run page', async (t) => {
    await page.goto(`${app.up.url}/scripts/get/f/big/rows`);
    await page.getByLabel('rows').fill(String(ROWS));
    const started = Date.now();
    await page.getByRole('button', { name: 'Run' }).click();
    const result = page.getByRole('region', { name: 'Result' });
    await result.waitFor({ timeout: 60_000 });
    const shownMs = Date.now() - started;
    const runLink = page.getByRole('link', { name: 'Open run' });
    const id = (await runLink.getAttribute('href'))!.split('/').pop()!;
    const stored = await fetch(`${app.up.url}/api/w/main/jobs_u/get/${id}`, {
      headers: { authorization: `Bearer ${app.token}` },
    });
    const job = (await stored.json()) as { result: unknown };
    const bytes = JSON.stringify(job.result).length;
    assert.ok(bytes > 1_000_000, `the result is ${bytes} bytes: ${JSON.stringify(job).slice(0, 300)}`);

    const field = page.getByLabel('label');
    await field.click();
    await field.fill('');
    const slowest = await slowestKeystroke('typed while a megabyte is shown');
    assert.equal(await field.inputValue(), 'typed while a megabyte is shown', 'every key reached the field');
    t.diagnostic(
      `1 MB result (${(bytes / 1e6).toFixed(2)} MB, ${ROWS} rows): run to shown under the form ${shownMs} ms; ` +
        `slowest keystroke to next frame while it is shown ${slowest.toFixed(0)} ms`,
    );

    const opened = Date.now();
    await runLink.click();
    await page.waitForURL(`**/runs/${id}`);
    const onRunPage = page.getByRole('region', { name: 'Result' });
    await onRunPage.waitFor({ timeout: 60_000 });
    await onRunPage.getByRole('cell', { name: 'row 0', exact: true }).waitFor({ timeout: 60_000 });
    const tableMs = Date.now() - opened;
    // The tree of the same megabyte, and back: each switch painted.
    const switchStarted = Date.now();
    await onRunPage.getByRole('button', { name: 'Tree' }).click();
    await onRunPage.getByRole('list', { name: 'Result tree' }).waitFor();
    await onRunPage.getByRole('button', { name: 'Table' }).click();
    await onRunPage.getByRole('cell', { name: 'row 0', exact: true }).waitFor();
    t.diagnostic(
      `1 MB result on the run page: table shown ${tableMs} ms after the click; to the tree and back ${Date.now() - switchStarted} ms`,
    );
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    assert.ok(overflow <= 0, `the run page scrolls ${overflow} px sideways`);
  });
  it('in the flow editor: a step that gave a megabyte in the last test does not slow typing elsewhere', async (t) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${app.up.url}/flows/add`);
    await page.getByRole('button', { name: 'Import' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import a flow' });
    await dialog
      .getByLabel('Flow JSON or YAML')
      .fill(
        [
          'summary: One big step',
          'value:',
          '  modules:',
          '    - id: big',
          '      value:',
          '        type: rawscript',
          '        language: python3',
          '        content: |',
          '          def main(rows: int):',
          '              return [{"id": i, "label": f"row {i}", "note": "n" * 100} for i in range(rows)]',
          '        input_transforms:',
          '          rows:',
          '            type: static',
          `            value: ${ROWS}`,
          'schema:',
          '  type: object',
          '  properties: {}',
        ].join('\n'),
      );
    await dialog.getByRole('button', { name: 'Import flow' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const started = Date.now();
    await page.getByRole('button', { name: 'Test flow' }).click();
    const node = page
      .getByRole('group', { name: 'Steps of the flow' })
      .locator('[data-step-id="big"][data-status="success"]');
    await node.waitFor({ timeout: 90_000 });
    await node.click();
    const lastTest = page.getByRole('region', { name: 'Last test of step big' });
    await lastTest.getByRole('heading', { name: 'Result' }).waitFor({ timeout: 60_000 });
    await lastTest.getByText('row 0').first().waitFor({ timeout: 60_000 });
    const shownMs = Date.now() - started;

    // The flow's summary and the step's summary, typed while the megabyte is on the page; typing
    // reads nothing from the server (once, each keystroke read the megabyte again).
    let reads = 0;
    const count = (request: { url(): string }) => {
      if (request.url().includes('/jobs_u/get/')) reads++;
    };
    page.on('request', count);
    const summary = page.getByLabel('Summary', { exact: true });
    await summary.click();
    await summary.fill('');
    const slowestFlow = await slowestKeystroke('typed beside a megabyte');
    assert.equal(await summary.inputValue(), 'typed beside a megabyte', 'every key reached the field');
    const stepSummary = page.getByLabel('Step summary');
    await stepSummary.click();
    const slowestStep = await slowestKeystroke('and here');
    assert.equal(await stepSummary.inputValue(), 'and here', 'every key reached the step summary');
    page.off('request', count);
    assert.equal(reads, 0, `typing read a job ${reads} times`);
    t.diagnostic(
      `flow editor, a step's 1 MB result in its last test: test to shown ${shownMs} ms; slowest keystroke ` +
        `to next frame ${slowestFlow.toFixed(0)} ms in the flow's summary, ${slowestStep.toFixed(0)} ms in the step's`,
    );
  });
});
