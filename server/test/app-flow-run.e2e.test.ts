import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { checkPage, NARROW, signedInPage, startApp, WIDE, type App } from './app-browser.js';
import { bigFlow } from './big-flow.js';
import { until } from './harness.js';
import { repoRoot } from './up-platform.js';

const bash = (content: string, input_transforms: Record<string, unknown> = {}) => ({
  type: 'rawscript',
  language: 'bash',
  content: [...Object.keys(input_transforms).map((name, i) => `${name}="$${i + 1}"`), content].join('\n'),
  input_transforms,
});
const js = (expr: string) => ({ type: 'javascript', expr });

/** A flow with a loop and a branch; its steps sleep, so there is time to watch them run. */
const DEMO = {
  path: 'f/graph/demo',
  summary: 'Loop and branch',
  description: 'Doubles each number, then says whether n was big.',
  schema: {
    type: 'object',
    properties: { n: { type: 'integer', default: 3, description: 'How many numbers' } },
    required: ['n'],
  },
  value: {
    modules: [
      { id: 'start', value: bash('sleep 1; echo "$n"', { n: js('flow_input.n') }) },
      {
        id: 'each',
        value: {
          type: 'forloopflow',
          iterator: js('Array.from({ length: flow_input.n }, (_, i) => i + 1)'),
          modules: [
            {
              id: 'double',
              value: bash('echo "doubling $x"; sleep 1; echo $(( x * 2 ))', { x: js('flow_input.iter.value') }),
            },
          ],
        },
      },
      {
        id: 'pick',
        value: {
          type: 'branchone',
          branches: [{ summary: 'n > 2', expr: 'flow_input.n > 2', modules: [{ id: 'big', value: bash('echo big') }] }],
          default: [{ id: 'small', value: bash('echo small') }],
        },
      },
      { id: 'finish', value: bash('echo finished') },
    ],
  },
};

/** 200 steps: plain steps, for loops of two and branch-all steps of three, as the layout test makes. */
describe('a flow run on its graph', () => {
  let app: App;

  const api = (path: string, body: unknown) =>
    fetch(app.up.url + path, {
      method: 'POST',
      headers: { authorization: `Bearer ${app.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  before(async () => {
    app = await startApp();
    const child = {
      path: 'f/graph/child',
      summary: 'A sub-flow',
      value: { modules: [{ id: 'inner', value: bash('echo "from the child"') }] },
      schema: { type: 'object', properties: {} },
    };
    const parent = {
      path: 'f/graph/parent',
      summary: 'Calls a sub-flow',
      value: { modules: [{ id: 'sub', value: { type: 'flow', path: 'f/graph/child', input_transforms: {} } }] },
      schema: { type: 'object', properties: {} },
    };
    for (const flow of [DEMO, bigFlow('f/graph/big', 200), child, parent]) {
      const res = await api('/api/w/main/flows/create', flow);
      assert.equal(res.status, 201, await res.text());
    }
  });
  after(async () => {
    await app?.browser.close();
    await app?.up.stop();
  });

  const node = (page: Page, id: string) => page.locator(`[data-step-id="${id}"]`);
  const status = (page: Page, id: string, value: string) =>
    page.locator(`[data-step-id="${id}"][data-status="${value}"]`).waitFor({ timeout: 30_000 });

  it('runs the flow from its form page and shows each step’s status live on the graph', async () => {
    const page = await signedInPage(app);
    await page.goto(`${app.up.url}/forms/flow/f/graph/demo`);
    await page.getByRole('heading', { name: 'Loop and branch' }).waitFor();
    assert.equal(await page.getByRole('spinbutton', { name: 'n', exact: true }).inputValue(), '3');
    await checkPage(page, 'flow-form');

    await page.getByRole('button', { name: 'Run' }).click();
    await page.waitForURL(/\/runs\/[0-9a-f-]{36}$/);
    // The page is never reloaded from here on: what changes, changes live.
    await page.evaluate('window.__sameDocument = true');
    await node(page, 'start').waitFor();
    // Fitted whole, this flow (902 px tall) would be drawn at half size, its text unreadable: it
    // opens on its first steps at a readable zoom instead.
    // (xyflow starts at translate(0px, 0px) scale(1) and fits once the nodes are measured.)
    const transform = await until(async () => {
      const t = await page
        .locator('.svelte-flow__viewport')
        .first()
        .evaluate((el) => (el as { style: { transform: string } }).style.transform);
      return t && t !== 'translate(0px, 0px) scale(1)' ? t : undefined;
    });
    const zoom = Number(/scale\(([\d.]+)\)/.exec(transform)?.[1]);
    assert.ok(zoom >= 0.75, `the graph opened at ${transform}`);
    await page.getByText('Live', { exact: true }).waitFor();
    // The loop's body runs one iteration after another: seen running, then done, on the same node.
    await status(page, 'double', 'running');
    assert.equal(await node(page, 'finish').getAttribute('data-status'), 'waiting');
    await status(page, 'finish', 'success');
    for (const id of ['start', 'each', 'double', 'pick', 'big']) {
      assert.equal(await node(page, id).getAttribute('data-status'), 'success', id);
    }
    assert.equal(await node(page, 'small').getAttribute('data-status'), 'skipped');
    assert.equal(await page.evaluate('window.__sameDocument'), true);
    // Status in words, not colour alone.
    assert.match(await node(page, 'big').innerText(), /success/);

    // The loop: three iterations; pick the first and open its step.
    await node(page, 'each').getByText('3 iterations').waitFor();
    await page.getByLabel('Iteration of each').selectOption({ label: '1' });
    await page.getByRole('button', { name: 'double', exact: true }).click();
    const details = page.getByRole('region', { name: 'Step double' });
    await details.getByText('Iteration 1 of 3 of loop each is shown on the graph.').waitFor();
    await details.getByRole('region', { name: 'Result' }).getByText('2', { exact: true }).waitFor();
    await details.getByText('doubling 1').waitFor();
    await page.getByLabel('Iteration of each').selectOption({ label: '3' });
    await details.getByRole('region', { name: 'Result' }).getByText('6', { exact: true }).waitFor();
    await details.getByText('doubling 3').waitFor();

    // The list of step jobs stays, for those who do not use the graph.
    const list = page.getByRole('list', { name: 'Step jobs' });
    assert.equal(await list.getByRole('link', { name: 'double' }).count(), 3);

    // Narrowed after it opened, the graph fits itself again: its steps stay in view.
    await page.setViewportSize(NARROW);
    const graph = page.getByRole('group', { name: /^Steps of flow run/ });
    await graph.scrollIntoViewIfNeeded();
    await until(async () => {
      const [box, step] = [await graph.boundingBox(), await node(page, 'start').boundingBox()];
      return box && step && step.x >= box.x && step.x + step.width <= box.x + box.width ? true : undefined;
    });

    await page.setViewportSize(WIDE);
    await checkPage(page, 'flow-run');
    mkdirSync(join(repoRoot, 'docs/screenshots'), { recursive: true });
    await page.setViewportSize({ width: 1280, height: 1500 });
    await page.evaluate(`document.querySelector('.flow-run').scrollIntoView()`);
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(repoRoot, 'docs/screenshots/flow-run.png') });

    // Zoomed in, the last step is out of view; picked from the list, the graph brings it into view.
    await page.setViewportSize(WIDE);
    await graph.scrollIntoViewIfNeeded();
    const inView = async (id: string) => {
      const [box, step] = [await graph.boundingBox(), await node(page, id).boundingBox()];
      return !!box && !!step && step.y >= box.y && step.y + step.height <= box.y + box.height;
    };
    for (let i = 0; i < 6 && (await inView('finish')); i++) await page.getByRole('button', { name: 'Zoom In' }).click();
    assert.equal(await inView('finish'), false, 'zoomed in, the last step is out of view');
    await page.getByRole('button', { name: 'Show finish on the graph' }).click();
    await until(async () => ((await inView('finish')) ? true : undefined));
  });

  it('shows the flow page: summary, its steps on the graph, its form and recent runs', async () => {
    const page = await signedInPage(app);
    await page.goto(`${app.up.url}/flows/get/f/graph/demo`);
    await page.getByRole('heading', { name: 'f/graph/demo' }).waitFor();
    await page.getByText('Doubles each number').waitFor();
    for (const id of ['start', 'each', 'double', 'pick', 'big', 'small', 'finish']) await node(page, id).waitFor();
    // No run here: the nodes carry no status.
    assert.equal(await node(page, 'start').getAttribute('data-status'), null);
    await page
      .getByRole('region', { name: 'Recent runs' })
      .getByRole('link', { name: 'f/graph/demo' })
      .first()
      .waitFor();
    assert.equal(await page.getByRole('link', { name: 'Form page' }).getAttribute('href'), '/forms/flow/f/graph/demo');
    await checkPage(page, 'flow-page');

    const missing = await signedInPage(app);
    await missing.goto(`${app.up.url}/flows/get/f/graph/none`);
    await missing.getByRole('alert').getByText('There is no flow at').waitFor();
  });

  it('opens a sub-flow step’s own steps below it', async () => {
    const res = await api('/api/w/main/jobs/run/f/f/graph/parent', {});
    assert.equal(res.status, 201, await res.clone().text());
    const id = (await res.text()).trim();
    const page = await signedInPage(app);
    await page.goto(`${app.up.url}/runs/${id}`);
    await status(page, 'sub', 'success');
    await page.getByRole('button', { name: 'sub', exact: true }).click();
    const details = page.getByRole('region', { name: 'Step sub' });
    await details.getByText('Steps of the sub-flow').click();
    // The sub-flow's graph, with its own step's status, and its result and logs on a click.
    await status(page, 'inner', 'success');
    await page.getByRole('button', { name: 'inner', exact: true }).click();
    await page.getByRole('region', { name: 'Step inner' }).getByText('from the child').first().waitFor();
  });

  it('opens a generated 200-step flow', async (t) => {
    const page = await signedInPage(app);
    const started = Date.now();
    await page.goto(`${app.up.url}/flows/get/f/graph/big`);
    await node(page, 's1').waitFor();
    const opened = Date.now() - started;
    await page
      .getByRole('img', { name: 'Minimap of the flow' })
      .or(page.getByLabel('Minimap of the flow'))
      .first()
      .waitFor();
    // Only what is in view is rendered.
    const rendered = await page.locator('[data-step-id]').count();
    t.diagnostic(`200-step flow: first step drawn ${opened} ms after navigation; ${rendered} step nodes in the DOM`);
    assert.ok(rendered > 0 && rendered <= 200, `${rendered} step nodes rendered`);
  });
});
