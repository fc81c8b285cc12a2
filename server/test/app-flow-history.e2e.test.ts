import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { checkPage, signedInPage, startApp, type App } from './app-browser.js';

/** A flow of two steps; `greeting` is what the first one says, `summary` the version's summary. */
const flow = (greeting: string, summary: string) => ({
  path: 'f/hist/flow',
  summary,
  schema: { type: 'object', properties: {} },
  value: {
    modules: [
      {
        id: 'hello',
        value: { type: 'rawscript', language: 'bash', content: `echo "${greeting}"`, input_transforms: {} },
      },
      { id: 'bye', value: { type: 'rawscript', language: 'bash', content: 'echo bye', input_transforms: {} } },
    ],
  },
});

/**
 * A flow's History on its page: the versions deployed through the API, the YAML diff of any two,
 * a version opened read-only — in Chromium against the platform started the README's way.
 */
describe("a flow's history in the app", () => {
  let app: App;

  before(async () => {
    app = await startApp();
  });
  after(async () => {
    await app?.browser.close();
    await app?.up.stop();
  });

  async function deploy(doc: Record<string, unknown>): Promise<string> {
    const res = await fetch(`${app.up.url}/api/w/main/flows/create`, {
      method: 'POST',
      headers: { authorization: `Bearer ${app.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(doc),
    });
    assert.equal(res.status, 201, await res.text());
    return res.headers.get('x-runnel-flow-version')!;
  }

  it('lists the versions, diffs any two as YAML, and opens an older one read-only', async () => {
    const v1 = await deploy(flow('hello', 'first'));
    const v2 = await deploy(flow('hello world', 'second'));
    assert.notEqual(v1, v2);

    const page = await signedInPage(app);
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(`${app.up.url}/flows/get/f/hist/flow`);
    await page.getByRole('heading', { name: 'f/hist/flow', level: 1 }).waitFor();
    await page.getByText(`Version ${v2.slice(0, 8)}, deployed`).waitFor();
    await page.waitForLoadState('networkidle');
    // The history is not part of the page's first load: its list, diff and YAML come on demand.
    assert.ok(!requests.some((url) => url.includes('/flows/history/')), 'no history fetched yet');
    const scripts = requests.filter((url) => url.endsWith('.js')).length;

    const history = page.getByRole('region', { name: 'History' });
    await history.getByRole('button', { name: 'Show history' }).click();
    const versions = history.getByRole('list', { name: 'Versions' }).getByRole('listitem');
    await versions.first().waitFor();
    assert.ok(requests.filter((url) => url.endsWith('.js')).length > scripts, 'the history loaded its own code');
    assert.equal(await versions.count(), 2);
    assert.match(
      (await versions.nth(0).innerText()).replace(/\s+/g, ' '),
      new RegExp(`^${v2.slice(0, 8)} .+ by admin current Open second$`),
    );
    assert.match((await versions.nth(1).innerText()).replace(/\s+/g, ' '), new RegExp(`^${v1.slice(0, 8)} .+ first$`));

    // By default: what changed last (v1 → v2), the summary and the first step's line.
    const diff = history.getByRole('region', { name: 'Diff' });
    await diff.getByText('content: echo "hello world"').waitFor();
    await history.getByText('+2 −2 lines').waitFor();
    const text = await diff.innerText();
    assert.match(text, /removed\s*summary: first/);
    assert.match(text, /added\s*summary: second/);
    assert.match(text, /removed\s*content: echo "hello"/);
    assert.match(text, /added\s*content: echo "hello world"/);
    // The unchanged step is context or folded, never marked.
    assert.doesNotMatch(text, /(added|removed)\s*content: echo bye/);
    await checkPage(page, 'flow-history');

    // Any two: the same version twice says so; the other way round swaps the marks.
    await history.getByLabel('From').selectOption(v2);
    await history.getByText('The two versions are the same.').waitFor();
    await history.getByLabel('To').selectOption(v1);
    await diff.getByText('content: echo "hello"').waitFor();
    assert.match(await diff.innerText(), /removed\s*content: echo "hello world"/);

    // The older version, read-only: its own steps, and a note that runs use the current one.
    await versions
      .nth(1)
      .getByRole('link', { name: `Open version ${v1.slice(0, 8)}` })
      .click();
    await page.waitForURL(`${app.up.url}/flows/version/${v1}/f/hist/flow`);
    await page.getByRole('heading', { name: `f/hist/flow @ ${v1.slice(0, 8)}` }).waitFor();
    await page.getByText('Not the current version').waitFor();
    const graph = page.getByRole('group', { name: `Steps of f/hist/flow at ${v1.slice(0, 8)}` });
    await graph.locator('[data-step-id="hello"]').waitFor();
    await graph.locator('[data-step-id="bye"]').waitFor();
    await page.getByText('The flow as YAML').click();
    const yaml = page.getByRole('region', { name: 'YAML of this version' });
    await yaml.getByText('echo "hello"', { exact: false }).waitFor();
    assert.doesNotMatch(await yaml.innerText(), /hello world/);
    await checkPage(page, 'flow-version');

    // The current one says so; a hash that is not a version of this path is "not found".
    await page.goto(`${app.up.url}/flows/version/${v2}/f/hist/flow`);
    await page.getByText('This is the current version.').waitFor();
    await page.goto(`${app.up.url}/flows/version/0123456789abcdef/f/hist/flow`);
    await page.getByRole('heading', { name: 'Version not found' }).waitFor();

    // The header's "History" link opens it, and so does a link to the page's #history.
    await page.goto(`${app.up.url}/flows/get/f/hist/flow`);
    await page.getByRole('link', { name: 'History', exact: true }).click();
    await page.getByRole('region', { name: 'History' }).getByRole('list', { name: 'Versions' }).waitFor();
    await page.goto(`${app.up.url}/`);
    await page.goto(`${app.up.url}/flows/get/f/hist/flow#history`);
    await page.getByRole('region', { name: 'History' }).getByRole('list', { name: 'Versions' }).waitFor();
    await page.context().close();
  });
});
