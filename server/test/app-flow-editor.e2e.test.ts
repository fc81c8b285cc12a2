import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { checkPage, NARROW, signedInPage, startApp, WIDE, type App } from './app-browser.js';
import { bigFlow } from './big-flow.js';
import { repoRoot } from './up-platform.js';

// The flow editor (/flows/add, /flows/edit/{path}) in Chromium against the platform started the
// README's way: flows built by clicking and typing, imported from a Windmill YAML export, tested,
// deployed and run; undo and redo across the kinds of change.

/** A Windmill flow export in YAML as Windmill writes it (editor fields Runnel ignores included). */
const WINDMILL_YAML = `summary: Tens of the big ones
description: ''
value:
  modules:
    - id: a
      value:
        type: rawscript
        content: |
          def main(n: int):
              return list(range(1, n + 1))
        language: python3
        input_transforms:
          n:
            type: javascript
            expr: flow_input.n
        lock: ''
        is_trigger: false
        assets: []
      summary: Numbers
      continue_on_error: false
    - id: b
      value:
        type: forloopflow
        modules:
          - id: c
            value:
              type: branchone
              branches:
                - summary: Big
                  expr: flow_input.iter.value > 2
                  modules:
                    - id: d
                      value:
                        type: rawscript
                        content: |
                          def main(v: int):
                              return v * 10
                        language: python3
                        input_transforms:
                          v:
                            type: javascript
                            expr: flow_input.iter.value
              default:
                - id: e
                  value:
                    type: identity
        iterator:
          type: javascript
          expr: results.a
        skip_failures: false
        parallel: false
      summary: Each number
    - id: f
      value:
        type: branchall
        branches:
          - summary: count
            skip_failure: false
            modules:
              - id: g
                value:
                  type: rawscript
                  content: |
                    def main(xs: list):
                        return len(xs)
                  language: python3
                  input_transforms:
                    xs:
                      type: javascript
                      expr: results.b
          - summary: pass on
            skip_failure: false
            modules:
              - id: h
                value:
                  type: identity
        parallel: true
schema:
  $schema: https://json-schema.org/draft/2020-12/schema
  type: object
  order:
    - n
  properties:
    n:
      type: integer
      description: How many numbers
      default: 4
  required: []
`;

/** The graph of the editor (the default view on a wide screen). */
const graph = (page: Page) => page.getByRole('group', { name: 'Steps of the flow' });
/** A step's node on the graph (not the test panel's entry). */
const node = (page: Page, id: string) => graph(page).locator(`[data-step-id="${id}"]`);
/** The outline's entry for a step. */
const step = (page: Page, id: string) => page.locator(`li.step[data-step-id="${id}"]`);

/** "Add step" on the graph's edge at `gap` ("before b in the flow", "in branch 1 of b, empty"), then a kind. */
async function addOnGraph(page: Page, gap: string, kind: string): Promise<void> {
  await graph(page)
    .getByRole('button', { name: 'Add step' })
    .and(page.locator(`[data-gap="${gap}"]`))
    .click();
  await page.getByRole('menuitem', { name: kind, exact: true }).click();
}

/** "Add step" in the outline's gap `gap`, then a kind. */
async function addStep(page: Page, gap: string, kind: string): Promise<void> {
  await page.locator(`[data-gap="${gap}"]`).getByRole('button', { name: 'Add step' }).click();
  await page.getByRole('menuitem', { name: kind, exact: true }).click();
}

/** Sets input `name` of the selected step to an expression, by the "Expression" switch and typing. */
async function setExpression(page: Page, name: string, expr: string): Promise<void> {
  const input = page.locator(`[data-input="${name}"]`);
  await input.getByRole('switch', { name: 'Expression' }).check();
  await input.getByRole('combobox', { name: `${name} expression` }).fill(expr);
}

async function waitForStatuses(page: Page, statuses: Record<string, string>): Promise<void> {
  for (const [id, status] of Object.entries(statuses)) {
    await graph(page).locator(`[data-step-id="${id}"][data-status="${status}"]`).waitFor({ timeout: 90_000 });
  }
}

describe('the flow editor', () => {
  let app: App;

  before(async () => {
    app = await startApp();
  });
  after(async () => {
    await app?.browser.close();
    await app?.up.stop();
  });

  async function api(path: string, body?: unknown): Promise<Response> {
    return fetch(`${app.up.url}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${app.token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  /** Runs the deployed flow and waits for its end; resolves with the job. */
  async function runDeployed(path: string, args: Record<string, unknown>) {
    const id = (await (await api(`/api/w/main/jobs/run/f/${path}`, args)).text()).trim();
    for (let i = 0; i < 300; i++) {
      const job = (await (await api(`/api/w/main/jobs_u/get/${id}`)).json()) as { status: string; result: unknown };
      if (job.status === 'success' || job.status === 'failure') return { id, ...job };
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`flow run ${id} did not end`);
  }

  it('builds a 3-step flow with a branch on the graph by clicking and typing, tests it step by step, deploys and runs it', async () => {
    const page = await signedInPage(app);
    await page.goto(`${app.up.url}/flows/add`);
    await page.getByRole('heading', { name: 'New flow' }).waitFor();
    await page.getByRole('status').filter({ hasText: 'No steps yet' }).waitFor();
    // A wide screen opens on the graph; the outline is not rendered beside it.
    assert.equal(await page.getByRole('button', { name: 'Graph', pressed: true }).count(), 1);
    await graph(page).getByRole('button', { name: 'Add step' }).first().waitFor();
    assert.equal(await page.locator('li.step, [data-gap] > button').count(), 0);
    await checkPage(page, 'flow-editor-empty');

    await page.getByLabel('Path', { exact: true }).fill('f/demo/branchy');
    await page.getByLabel('Summary', { exact: true }).fill('Greets, if it is Ada');

    // The flow's input: name, default "Ada".
    await page.getByRole('button', { name: 'Add input' }).click();
    const field = page.locator('fieldset[data-field="input1"]');
    await field.getByLabel('Name').fill('name');
    await field.getByLabel('Name').press('Tab');
    const named = page.locator('fieldset[data-field="name"]');
    await named.getByLabel('Default').fill('Ada');

    // a: an inline Python script reading the flow's input. The graph's menu is a menu: focus on
    // its first kind, Escape gives focus back to the edge's button.
    const first = graph(page)
      .getByRole('button', { name: 'Add step' })
      .and(page.locator('[data-gap="in the flow, empty"]'));
    await first.click();
    const focused = () => page.evaluate<string>('document.activeElement?.textContent ?? ""');
    assert.equal(await focused(), 'Inline script');
    assert.equal(await first.getAttribute('aria-expanded'), 'true');
    await page.keyboard.press('Escape');
    assert.equal(await page.evaluate<string | undefined>('document.activeElement?.dataset.gap'), 'in the flow, empty');
    await addOnGraph(page, 'in the flow, empty', 'Inline script');
    await page.getByRole('heading', { name: 'Step a' }).waitFor();
    await page.getByLabel('Language').selectOption('python3');
    await page.locator('[data-input="x"]').waitFor();
    await setExpression(page, 'x', 'flow_in');
    // Autocompletion offers the flow's input; Enter takes it.
    await page.getByRole('option', { name: /flow_input\.name/ }).waitFor();
    await page.getByRole('combobox', { name: 'x expression' }).press('Enter');
    assert.equal(await page.getByRole('combobox', { name: 'x expression' }).inputValue(), 'flow_input.name');

    // b: branch one, its first branch when a said "Ada".
    await addOnGraph(page, 'at the end of the flow', 'Branch one');
    await page.getByRole('heading', { name: 'Step b' }).waitFor();
    await page.getByRole('combobox', { name: 'Branch 1 condition' }).fill('results.a == "Ada"');

    // c: inside the branch, an inline script reading a's result.
    await addOnGraph(page, 'in branch 1 of b, empty', 'Inline script');
    await page.getByRole('heading', { name: 'Step c' }).waitFor();
    await page.getByLabel('Language').selectOption('python3');
    await page.locator('[data-input="x"]').waitFor();
    await setExpression(page, 'x', 'results.a + "!"');

    // Each gap has its own "+", none hidden under another (both branches end at b's join; a click
    // on a covered button would fail).
    await graph(page)
      .getByRole('button', { name: 'Add step' })
      .and(page.locator('[data-gap="at the end of branch 1 of b"]'))
      .click();
    await page.getByRole('menuitem', { name: 'Inline script' }).waitFor();
    await page.keyboard.press('Escape');
    await graph(page)
      .getByRole('button', { name: 'Add step' })
      .and(page.locator('[data-gap="in the default branch of b, empty"]'))
      .click();
    await page.keyboard.press('Escape');
    await page.getByRole('menu').waitFor({ state: 'detached' });

    // A node is a button named by its step id: a click opens its panel.
    await graph(page).getByRole('button', { name: 'a', exact: true }).click();
    await page.getByRole('heading', { name: 'Step a' }).waitFor();
    assert.equal(
      await graph(page).getByRole('button', { name: 'a', exact: true }).getAttribute('aria-pressed'),
      'true',
    );
    await graph(page).getByRole('button', { name: 'c', exact: true }).click();
    await page.getByRole('heading', { name: 'Step c' }).waitFor();

    await page.getByRole('button', { name: 'Test flow' }).click();
    await waitForStatuses(page, { a: 'success', b: 'success', c: 'success' });
    await page
      .getByRole('region', { name: 'Test', exact: true })
      .getByRole('region', { name: 'Result' })
      .getByText('"Ada!"')
      .waitFor({ timeout: 30_000 });
    // The step's status is said in words, not by colour alone.
    assert.match((await node(page, 'c').textContent()) ?? '', /success/);
    // The selected step's last test, under its panel: its arguments and result, as on a run page.
    const lastTest = page.getByRole('region', { name: 'Last test of step c' });
    await lastTest.getByRole('heading', { name: 'Arguments' }).waitFor();
    await lastTest.getByRole('heading', { name: 'Result' }).waitFor();
    assert.match((await lastTest.textContent()) ?? '', /Ada!/);
    mkdirSync(join(repoRoot, 'docs/screenshots'), { recursive: true });
    await page.screenshot({ path: join(repoRoot, 'docs/screenshots/flow-editor.png') });
    await checkPage(page, 'flow-editor');

    await page.getByRole('button', { name: 'Deploy' }).click();
    await page.getByRole('heading', { name: 'Edit flow f/demo/branchy' }).waitFor();
    await node(page, 'c').waitFor();
    // Deploying again makes a new version only when something changed.
    await page.getByLabel('Summary', { exact: true }).fill('Greets Ada, loudly');
    await page.getByRole('button', { name: 'Deploy' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /^Deployed version [0-9a-f]+\.$/ })
      .waitFor();
    await page.getByRole('button', { name: 'Deploy' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /^Unchanged: version [0-9a-f]+ is already deployed\.$/ })
      .waitFor();
    assert.equal(await page.getByText('Unsaved edits').count(), 0);

    // Dedicated runtimes for the inline steps: a switch of the flow, deployed with it.
    await page.getByRole('checkbox', { name: 'Dedicated runtimes' }).check();
    await page.getByRole('button', { name: 'Deploy' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /^Deployed version [0-9a-f]+\.$/ })
      .waitFor();
    const deployedFlow = (await (await api('/api/w/main/flows/get/f/demo/branchy')).json()) as {
      value: { dedicated?: boolean };
    };
    assert.equal(deployedFlow.value.dedicated, true);

    // Run from its form page: the input's default is Ada; the answer shows in the form or on the run's page.
    await page.goto(`${app.up.url}/forms/flow/f/demo/branchy`);
    assert.equal(await page.getByRole('textbox', { name: 'name', exact: true }).inputValue(), 'Ada');
    await page.getByRole('button', { name: 'Run' }).click();
    await page.getByText('"Ada!"').first().waitFor({ timeout: 90_000 });

    const run = await runDeployed('f/demo/branchy', { name: 'Ada' });
    assert.equal(run.status, 'success');
    assert.equal(run.result, 'Ada!');
    const other = await runDeployed('f/demo/branchy', { name: 'Bob' });
    assert.equal(other.status, 'success');
    await page.goto(`${app.up.url}/runs/${run.id}`);
    await page.getByRole('heading', { name: 'Steps' }).waitFor();
    await page.getByRole('link', { name: 'a', exact: true }).waitFor();
  });

  it('imports a Windmill YAML export with a loop and branches, tests, deploys and runs it', async () => {
    const page = await signedInPage(app);
    await page.goto(`${app.up.url}/flows/add`);
    await page.getByRole('button', { name: 'Import' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import a flow' });
    // A broken export is refused with the path of the problem.
    await dialog.getByLabel('Flow JSON or YAML').fill(WINDMILL_YAML.replace('expr: results.a\n', 'exp: results.a\n'));
    await dialog.getByRole('button', { name: 'Import flow' }).click();
    await dialog.getByRole('alert').getByText('value.modules[1].value.iterator.expr: is required').waitFor();
    await checkPage(page, 'flow-editor-import');

    await dialog.getByLabel('Flow JSON or YAML').fill(WINDMILL_YAML);
    await dialog.getByRole('button', { name: 'Import flow' }).click();
    await dialog.waitFor({ state: 'hidden' });
    for (const id of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']) await node(page, id).waitFor();
    assert.equal(await page.getByLabel('Summary', { exact: true }).inputValue(), 'Tens of the big ones');

    await page.getByRole('button', { name: 'Test flow' }).click();
    await waitForStatuses(page, { a: 'success', b: 'success', d: 'success', f: 'success', g: 'success' });
    await node(page, 'b').getByText('4 iterations').waitFor();
    // An iteration of the loop can be picked, as on a run page: its steps' states and jobs show.
    await page.getByLabel('Iteration of b').selectOption({ label: '3' });
    const lastTest = page.getByRole('region', { name: 'Last test of step d' });
    const shown = lastTest.getByText('Iteration 3 of 4 of loop b is shown on the graph.');
    // The graph may still move under the pointer as the run's last updates land (a busy machine
    // failed this once in four runs): a click that missed is clicked again, three times at most.
    for (let attempt = 1; ; attempt++) {
      await node(page, 'd').click();
      try {
        await shown.waitFor({ timeout: 10_000 });
        break;
      } catch (err) {
        if (attempt === 3) throw err;
      }
    }
    // Item 3 (30) is big: d ran on it and gave 30.
    await lastTest.getByRole('heading', { name: 'Result' }).waitFor();
    assert.match((await lastTest.textContent()) ?? '', /\b30\b/);

    // The raw view shows the document; an edit there that breaks it names the path.
    await page.getByText('Raw YAML / JSON').click();
    const raw = page.getByLabel('The flow as YAML');
    assert.match(await raw.inputValue(), /type: forloopflow/);
    await raw.fill((await raw.inputValue()).replace('type: forloopflow', 'type: forloop'));
    await page.getByRole('alert').getByText('unknown module type "forloop"').waitFor();
    await raw.fill(WINDMILL_YAML.replace('Tens of the big ones', 'Tens of the big ones, edited'));
    await page.getByRole('status').filter({ hasText: 'Valid flow.' }).waitFor();
    assert.equal(await page.getByLabel('Summary', { exact: true }).inputValue(), 'Tens of the big ones, edited');

    await page.getByLabel('Path', { exact: true }).fill('f/demo/imported');
    await page.getByRole('button', { name: 'Deploy' }).click();
    await page.getByRole('heading', { name: 'Edit flow f/demo/imported' }).waitFor();

    const run = await runDeployed('f/demo/imported', { n: 4 });
    assert.equal(run.status, 'success');
    // branch all: [g: how many results the loop gave, h: what it was given].
    console.log(`imported flow's result: ${JSON.stringify(run.result)}`);
    assert.ok(Array.isArray(run.result) && run.result.length === 2, JSON.stringify(run.result));
    assert.equal(run.result[0], 4);
    // The loop's big items went through d (×10); the small ones took the default branch.
    assert.deepEqual((run.result[1] as unknown[]).slice(2), [30, 40]);

    // Export gives back YAML that reads as the same flow.
    await page.getByRole('button', { name: 'Export' }).click();
    const exported = page
      .getByRole('dialog', { name: 'Export the flow' })
      .getByRole('textbox', { name: 'Exported flow' });
    await page.waitForFunction(`document.querySelector('dialog[open] textarea')?.value.includes('forloopflow')`);
    assert.match(await exported.inputValue(), /^summary: Tens of the big ones, edited/m);
    await page.keyboard.press('Escape');

    // The deployed flow's run, on its run page's graph.
    await page.goto(`${app.up.url}/runs/${run.id}`);
    const runGraph = page.getByRole('group', { name: `Steps of flow run ${run.id}` });
    for (const id of ['a', 'b', 'f', 'g', 'h']) {
      await runGraph.locator(`[data-step-id="${id}"][data-status="success"]`).waitFor({ timeout: 30_000 });
    }
    await runGraph.locator('[data-step-id="b"]').getByText('4 iterations').waitFor();
  });

  it('undoes and redoes across insert, delete and an input change; keeps a draft; asks before leaving', async () => {
    const page = await signedInPage(app);
    // A phone-sized screen opens on the outline, the view for phones, the keyboard and screen
    // readers; the graph is not rendered beside it.
    await page.setViewportSize(NARROW);
    await page.goto(`${app.up.url}/flows/add`);
    await page.getByRole('button', { name: 'Outline', pressed: true }).waitFor();
    assert.equal(await graph(page).count(), 0);
    await page.setViewportSize(WIDE);
    // Chosen, it stays the view after a reload on a wide screen.
    await page.getByRole('button', { name: 'Outline' }).click();
    // "Add step" works from the keyboard: Enter opens the menu on its first item, arrows move,
    // Escape gives focus back, Enter chooses.
    await page.locator('[data-gap="in the flow, empty"]').getByRole('button', { name: 'Add step' }).focus();
    await page.keyboard.press('Enter');
    const focused = () => page.evaluate<string>('document.activeElement?.textContent ?? ""');
    assert.equal(await focused(), 'Inline script');
    await page.keyboard.press('End');
    assert.equal(await focused(), 'Identity');
    await page.keyboard.press('Escape');
    assert.equal(await focused(), 'Add step');
    await page.keyboard.press('Enter');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Home');
    await page.keyboard.press('Enter');
    await page.locator('[data-input="x"]').waitFor();
    await addStep(page, 'at the end of the flow', 'Identity');
    await step(page, 'a').getByRole('button', { name: 'a', exact: true }).click();
    await page.getByLabel('x value').fill('hello');
    await step(page, 'b').getByRole('button', { name: 'b', exact: true }).click();
    await page.getByRole('button', { name: 'Delete step' }).click();
    await step(page, 'b').waitFor({ state: 'detached' });

    const undo = page.getByRole('button', { name: 'Undo' });
    const redo = page.getByRole('button', { name: 'Redo' });
    await undo.click();
    await step(page, 'b').waitFor();
    await undo.click();
    await step(page, 'a').getByRole('button', { name: 'a', exact: true }).click();
    assert.equal(await page.getByLabel('x value').inputValue(), '');
    // Ctrl-Z outside a text field is the flow's undo too.
    await page.getByRole('heading', { name: 'Steps' }).click();
    await page.keyboard.press('Control+z');
    await step(page, 'b').waitFor({ state: 'detached' });
    await undo.click();
    await step(page, 'a').waitFor({ state: 'detached' });
    assert.equal(await undo.isDisabled(), true);

    await redo.click();
    await step(page, 'a').waitFor();
    await page.keyboard.press('Control+Shift+z');
    await step(page, 'b').waitFor();
    await redo.click();
    await step(page, 'a').getByRole('button', { name: 'a', exact: true }).click();
    assert.equal(await page.getByLabel('x value').inputValue(), 'hello');
    await redo.click();
    await step(page, 'b').waitFor({ state: 'detached' });
    assert.equal(await redo.isDisabled(), true);

    // The draft survives a reload, and so does the choice of view.
    await page.reload();
    await page.getByRole('status').filter({ hasText: 'Restored your unsaved draft' }).waitFor();
    await step(page, 'a').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Outline', pressed: true }).count(), 1);
    assert.equal(await step(page, 'b').count(), 0);

    // Leaving with unsaved edits asks; dismissing stays.
    page.once('dialog', (d) => void d.dismiss());
    await page.getByRole('link', { name: 'Runs' }).click();
    await page.getByRole('heading', { name: 'New flow' }).waitFor();
    assert.match(page.url(), /\/flows\/add$/);

    // An approval step: its options include the resume form, edited like the flow's inputs.
    await addStep(page, 'at the end of the flow', 'Approval');
    await page.getByRole('heading', { name: 'Resume form' }).waitFor();
    await page.getByRole('button', { name: 'Add resume field' }).click();
    const resume = page.locator('fieldset[data-field="resume_field1"]');
    await resume.getByLabel('Name').fill('note');
    await resume.getByLabel('Name').press('Tab');
    await page.locator('fieldset[data-field="note"]').waitFor();
    await page.getByLabel('Approvals needed').fill('2');
    await checkPage(page, 'flow-editor-approval');

    // Back on the graph: the approval is a node, and a failure handler is added under "On failure".
    await page.getByRole('button', { name: 'Graph' }).click();
    await node(page, 'b').getByText('approval').waitFor();
    await page.getByRole('button', { name: 'Add a failure handler' }).click();
    await page.getByRole('heading', { name: 'Step c' }).waitFor();
    await node(page, 'c').waitFor();
    await graph(page).getByText('On failure').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Add a failure handler' }).count(), 0);
  });

  it('opens a generated 200-step flow and inserts steps through the graph (figures printed, not asserted)', async (t) => {
    const created = await api('/api/w/main/flows/create', bigFlow('f/editor/big', 200));
    assert.equal(created.status, 201, await created.text());
    const page = await signedInPage(app);
    const cdp = await page.context().newCDPSession(page);
    const heap = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      return (await cdp.send('Runtime.getHeapUsage')).usedSize;
    };
    const started = Date.now();
    await page.goto(`${app.up.url}/flows/edit/f/editor/big`);
    await node(page, 's1').waitFor();
    const opened = Date.now() - started;
    const rendered = await graph(page).locator('[data-step-id]').count();
    assert.ok(rendered > 0 && rendered < 200, `${rendered} step nodes rendered: only those in view`);

    // Each insert: "Add step" above s2 (everything below moves), "Identity"; timed from the
    // menu item's click to the next frame, in the page.
    // A click on "+" while the view still pans to the step inserted before (200 ms) can land on
    // an edge xyflow re-renders at that moment: then the menu does not open, and "+" is clicked
    // again. How often that happened is printed with the figures.
    let reclicks = 0;
    const openMenu = async (): Promise<void> => {
      for (let attempt = 0; ; attempt++) {
        await graph(page)
          .getByRole('button', { name: 'Add step' })
          .and(page.locator('[data-gap="before s2 in the flow"]'))
          .click();
        const opened = await page
          .getByRole('menuitem', { name: 'Identity', exact: true })
          .waitFor({ timeout: 5_000 })
          .then(() => true)
          .catch(() => false);
        if (opened) return;
        if (attempt === 2) throw new Error('"Add step" before s2 opened no menu in three clicks');
        reclicks++;
      }
    };
    const timedInsert = async (): Promise<{ id: string; ms: number }> => {
      await openMenu();
      await page.evaluate(`(() => {
        window.__insert = undefined;
        document.addEventListener('click', () => {
          const t0 = performance.now();
          requestAnimationFrame(() => setTimeout(() => (window.__insert = performance.now() - t0)));
        }, { capture: true, once: true });
      })()`);
      await page.getByRole('menuitem', { name: 'Identity', exact: true }).click();
      await page.waitForFunction('window.__insert !== undefined');
      const heading = await page.getByRole('heading', { name: /^Step / }).textContent();
      const id = (heading ?? '').replace(/^Step /, '');
      await node(page, id).waitFor();
      return { id, ms: await page.evaluate<number>('window.__insert') };
    };
    const times: number[] = [];
    for (let i = 0; i < 7; i++) times.push((await timedInsert()).ms);
    const sorted = [...times].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)]!;

    // Memory over 50 edits: 25 inserts, each deleted again (the flow ends as it was; the history keeps them).
    const before = await heap();
    for (let i = 0; i < 25; i++) {
      const { id } = await timedInsert();
      await page.getByRole('button', { name: 'Delete step' }).click();
      await node(page, id).waitFor({ state: 'detached' });
    }
    const after = await heap();
    const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
    t.diagnostic(
      `editor, 200-step flow: first step drawn ${opened} ms after navigation (${rendered} step nodes in the DOM); ` +
        `insert → next frame: median ${median.toFixed(0)} ms of ${times.map((x) => x.toFixed(0)).join(', ')}; ` +
        `JS heap after GC: ${mb(before)} before 50 edits, ${mb(after)} after (${mb(after - before)} more); ` +
        `"+" clicked again ${reclicks} times of 32 inserts`,
    );
    assert.equal(times.length, 7);
  });
});
