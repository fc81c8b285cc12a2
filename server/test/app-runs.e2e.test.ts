import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { checkPage, signedInPage, startApp, WIDE, type App } from './app-browser.js';
import { repoRoot } from './up-platform.js';

type JobView = { id: string; status: string; args: Record<string, unknown> };

describe('the runs list and the run page', () => {
  let app: App;
  let page: Page;

  const api = async (path: string, body?: unknown): Promise<Response> =>
    fetch(app.up.url + path, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${app.token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const deploy = async (path: string, language: string, content: string) => {
    const res = await api('/api/w/main/scripts/create', { path, language, content });
    assert.equal(res.status, 201, await res.text());
  };
  const run = async (path: string, args: Record<string, unknown> = {}): Promise<string> => {
    const res = await api(`/api/w/main/jobs/run/p/${path}`, args);
    const text = await res.text();
    assert.equal(res.status, 201, text);
    return text.replace(/"/g, '');
  };
  const job = async (id: string): Promise<JobView> =>
    (await api(`/api/w/main/jobs_u/get/${id}`)).json() as Promise<JobView>;
  const waitFor = async (id: string, statuses: string[]): Promise<JobView> => {
    for (const deadline = Date.now() + 60_000; Date.now() < deadline;) {
      const j = await job(id);
      if (statuses.includes(j.status)) return j;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`job ${id} never reached ${statuses.join('/')}`);
  };
  const badge = (status: string) => page.locator('.badge', { hasText: status }).first();

  before(async () => {
    app = await startApp();
    page = await signedInPage(app);
    await deploy(
      'f/runs/hello',
      'python3',
      [
        'def main(name: str = "world", n: int = 1):',
        '    for i in range(n):',
        '        print(f"\\033[32mgreeting\\033[0m {name} ({i + 1} of {n})")',
        '    return {"greeting": f"hello {name}", "n": n}',
      ].join('\n'),
    );
    await deploy('f/runs/fail', 'python3', 'def main():\n    raise ValueError("bad value")');
    await deploy('f/runs/ticker', 'bash', 'for i in $(seq 1 30); do echo "tick $i"; sleep 0.1; done');
    await deploy('f/runs/sleeper', 'bash', 'echo "going to sleep"; sleep 120');
    const line = 'x'.repeat(90);
    await deploy('f/runs/big', 'bash', `for i in $(seq 1 55000); do echo "line $i ${line}"; done`);
  });
  after(async () => {
    await app?.browser.close();
    await app?.up.stop();
  });

  it('says "No runs yet", lists runs with their Status live, keeps every filter in the URL and applies it on the server', async () => {
    await page.goto(`${app.up.url}/runs`);
    await page.getByText('No runs yet').waitFor();
    // Live: no polling goes on, so what appears below came over runsChanged.
    await page
      .getByRole('status')
      .filter({ hasText: /^Live$/ })
      .waitFor();

    const hello = await run('f/runs/hello', { name: 'Ada', n: 2 });
    const fail = await run('f/runs/fail');
    await page.getByRole('link', { name: 'f/runs/hello' }).waitFor();
    await waitFor(hello, ['success']);
    await waitFor(fail, ['failure']);
    const row = (path: string) => page.getByRole('row').filter({ has: page.getByRole('link', { name: path }) });
    await row('f/runs/hello').getByText('success').waitFor();
    await row('f/runs/fail').getByText('failure').waitFor();
    await page.getByRole('columnheader', { name: 'Status' }).waitFor();
    for (const name of ['Path', 'Started', 'Duration', 'Trigger']) {
      await page.getByRole('columnheader', { name }).waitFor();
    }
    assert.equal(await row('f/runs/hello').getByRole('cell', { name: 'API or app' }).count(), 1);
    await checkPage(page, 'runs');

    await page.getByLabel('Status').selectOption('failure');
    await page.waitForURL(/\/runs\?status=failure$/);
    await page.getByRole('link', { name: 'f/runs/fail' }).waitFor();
    await page.getByRole('link', { name: 'f/runs/hello' }).waitFor({ state: 'detached' });
    await page.reload();
    assert.equal(await page.getByLabel('Status').inputValue(), 'failure');
    await page.getByRole('link', { name: 'f/runs/fail' }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'f/runs/hello' }).count(), 0);
    // A live change that does not match the filter stays out.
    await waitFor(await run('f/runs/hello'), ['success']);
    await page.getByLabel('Status').selectOption('');
    await page.waitForURL(/\/runs$/);

    // The trigger filter speaks the server's words: these runs came through the API, none by schedule.
    await page.getByLabel('Trigger').selectOption('schedule');
    await page.waitForURL(/\/runs\?trigger=schedule$/);
    await page.getByText('No runs match these filters.').waitFor();
    await page.getByLabel('Trigger').selectOption({ label: 'API or app' });
    await page.getByLabel('Kind').selectOption('script');
    await page.getByLabel('Time range').selectOption('1h');
    await page.getByLabel('Path filter').fill('f/runs/fa');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/\/runs\?path=f%2Fruns%2Ffa&kind=script&trigger=api&range=1h$/);
    await page.getByRole('link', { name: 'f/runs/fail' }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'f/runs/hello' }).count(), 0);
    await page.reload();
    assert.equal(await page.getByLabel('Path filter').inputValue(), 'f/runs/fa');
    assert.equal(await page.getByLabel('Time range').inputValue(), '1h');
    await page.getByRole('link', { name: 'f/runs/fail' }).waitFor();

    await page.getByLabel('Path filter').fill('f/runs/nothing');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByText('No runs match these filters.').waitFor();
  });

  it("Home's recent runs show a new run and its end without a reload", async () => {
    await page.goto(`${app.up.url}/`);
    const recent = page.getByRole('region', { name: 'Recent runs' });
    await recent
      .getByRole('status')
      .filter({ hasText: /^Live$/ })
      .waitFor();
    const before = await recent.getByRole('listitem').count();
    const id = await run('f/runs/ticker');
    const item = recent.getByRole('listitem').filter({ has: page.locator(`a[href="/runs/${id}"]`) });
    await item.waitFor();
    assert.ok(['queued', 'running'].includes(await item.locator('.badge').innerText()));
    await waitFor(id, ['success']);
    await item.getByText('success').waitFor();
    assert.equal(await recent.getByRole('listitem').count(), Math.min(before + 1, 10));
  });

  it('says the list is not live when the socket is refused, and still shows new runs by polling', async () => {
    const other = await signedInPage(app);
    await other.routeWebSocket(/\/graphql$/, (ws) => ws.close({ code: 4403, reason: 'refused by the test' }));
    await other.goto(`${app.up.url}/runs`);
    await other
      .getByRole('status')
      .filter({ hasText: /^Not live/ })
      .waitFor();
    const id = await run('f/runs/fail');
    await waitFor(id, ['failure']);
    await other.locator(`a[href="/runs/${id}"]`).waitFor({ timeout: 15_000 });
    await other.context().close();
  });

  it('shows a finished job: its result in the Result region, the error with its stack, and a Re-run link with the same args', async () => {
    const hello = await run('f/runs/hello', { name: 'Grace', n: 7 });
    await waitFor(hello, ['success']);
    await page.goto(`${app.up.url}/runs/${hello}`);
    await page.getByRole('region', { name: 'Result' }).getByText('hello Grace').waitFor();
    const href = await page.getByRole('link', { name: 'Re-run' }).getAttribute('href');
    assert.match(href ?? '', /^\/scripts\/get\/f\/runs\/hello\?args=[A-Za-z0-9_-]+$/);
    const args = JSON.parse(Buffer.from(href!.split('args=')[1]!, 'base64url').toString('utf8')) as unknown;
    assert.deepEqual(args, { name: 'Grace', n: 7 });
    const logs = page.getByRole('region', { name: 'Logs' });
    await logs.getByText('Grace (7 of 7)').waitFor();
    // ANSI colours become styled spans, the escape codes themselves are not shown.
    assert.match((await logs.getByText('greeting', { exact: true }).first().getAttribute('style')) ?? '', /color/);
    assert.doesNotMatch(await logs.innerText(), /\[32m/);
    assert.equal(await page.getByRole('button', { name: 'Cancel' }).count(), 0, 'a finished job has no Cancel');
    await checkPage(page, 'run');
    await page.setViewportSize(WIDE);
    await page.screenshot({ path: join(repoRoot, 'docs/screenshots/run.png') });

    const fail = await run('f/runs/fail');
    await waitFor(fail, ['failure']);
    await page.goto(`${app.up.url}/runs/${fail}`);
    const error = page.getByRole('region', { name: 'Error' });
    await error.getByText('ValueError: bad value', { exact: true }).waitFor();
    assert.match(await error.innerText(), /ValueError/);
  });

  it("streams a running job's logs live, before it finishes", async () => {
    const id = await run('f/runs/ticker');
    const sockets: string[] = [];
    page.on('websocket', (ws) => sockets.push(ws.url()));
    await page.goto(`${app.up.url}/runs/${id}`);
    const logs = page.getByRole('region', { name: 'Logs' });
    await logs.getByText('tick 3').first().waitFor({ timeout: 20_000 });
    const seen = await job(id);
    assert.ok(['queued', 'running'].includes(seen.status), `lines appeared only after the job ended (${seen.status})`);
    await logs.getByText('tick 30').waitFor();
    // Streamed over the jobLogs subscription, not the polling fallback.
    assert.deepEqual(sockets, [`${app.up.url.replace(/^http/, 'ws')}/graphql`]);
    assert.equal(await page.getByText('Live updates are unavailable').count(), 0);
    await waitFor(id, ['success']);
    await badge('success').waitFor();
  });

  it('falls back to polling the logs when the live socket is refused', async () => {
    const other = await signedInPage(app);
    await other.routeWebSocket(/\/graphql$/, (ws) => ws.close({ code: 4403, reason: 'refused by the test' }));
    const id = await run('f/runs/ticker');
    await other.goto(`${app.up.url}/runs/${id}`);
    await other.getByText('Live updates are unavailable').waitFor();
    const logs = other.getByRole('region', { name: 'Logs' });
    await logs.getByText('tick 30').waitFor({ timeout: 20_000 });
    assert.equal(await logs.getByText(/^\d+tick 1$/).count(), 1, 'each line once');
    await other.context().close();
  });

  it('cancels a running job from its page, after asking', async () => {
    const id = await run('f/runs/sleeper');
    await waitFor(id, ['running']);
    await page.goto(`${app.up.url}/runs/${id}`);
    await page.getByRole('region', { name: 'Logs' }).getByText('going to sleep').waitFor();
    // While nothing changes, nothing is asked: the status is pushed (jobUpdated), not polled.
    await badge('running').waitFor();
    let reads = 0;
    const count = (request: { url(): string }) => {
      if (request.url().includes(`/jobs_u/get/${id}`)) reads++;
    };
    page.on('request', count);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    page.off('request', count);
    assert.equal(reads, 0, `the page read the running job ${reads} times in 3 s`);
    let asked = '';
    page.once('dialog', (dialog) => {
      asked = dialog.message();
      void dialog.accept();
    });
    await page.getByRole('button', { name: 'Cancel' }).click();
    await badge('canceled').waitFor({ timeout: 20_000 });
    assert.match(asked, /Cancel this run of f\/runs\/sleeper/);
    assert.equal((await job(id)).status, 'canceled');
  });

  it('shows a real 5 MB log whole, stays responsive, and downloads all of it', async (t) => {
    const id = await run('f/runs/big');
    await waitFor(id, ['success']);
    const full = await (await api(`/api/w/main/jobs_u/get_logs/${id}`)).text();
    // Nothing is cut: the worker keeps 8 MiB of a job's output (WORKER_LOG_MAX_BYTES).
    assert.ok(full.length > 5_000_000, `the log is ${full.length} bytes`);
    assert.doesNotMatch(full, /log truncated/);
    const opened = Date.now();
    await page.goto(`${app.up.url}/runs/${id}`);
    const logs = page.getByRole('region', { name: 'Logs' });
    await logs.getByText('55,000 lines · 5.').waitFor({ timeout: 60_000 });
    t.diagnostic(
      `5 MB log (${(full.length / 1e6).toFixed(2)} MB): all 55,000 lines held ${Date.now() - opened} ms after opening the run page`,
    );
    await logs.getByText(`line 55000 ${'x'.repeat(90)}`).waitFor();
    assert.ok((await logs.locator('.line').count()) < 200, 'only the rows in view are drawn');

    // Interactions timed in the page, from the input to the next painted frame.
    const scroller = logs.locator('.scroller');
    // Runs in the page; this file is compiled without the DOM's types, hence the narrow ones here.
    const scrollMs = await scroller.evaluate(
      (el: { scrollTop: number; scrollHeight: number }) =>
        new Promise<number>((resolve) => {
          const { requestAnimationFrame: frame } = globalThis as unknown as {
            requestAnimationFrame(callback: () => void): void;
          };
          const t0 = performance.now();
          el.scrollTop = el.scrollHeight / 2;
          frame(() => frame(() => resolve(performance.now() - t0)));
        }),
    );
    await logs
      .getByText(/^\d+line 27\d{3} x+$/)
      .first()
      .waitFor();
    /** Clicks, and answers how long the page took from the click to the next painted frame. */
    const clickToPaint = async (target: Locator): Promise<number> => {
      await page.evaluate(`document.addEventListener('click', () => {
        const t0 = performance.now();
        window.__paint = undefined;
        requestAnimationFrame(() => setTimeout(() => (window.__paint = performance.now() - t0)));
      }, { capture: true, once: true })`);
      await target.click();
      await page.waitForFunction('window.__paint !== undefined');
      return page.evaluate<number>('window.__paint');
    };
    const followMs = await clickToPaint(logs.getByRole('button', { name: 'Follow' }));
    await logs.getByText(`line 55000 ${'x'.repeat(90)}`).waitFor();
    // Keyboard: the log scrolls with Home and End once focused.
    await scroller.focus();
    const started = performance.now();
    await page.keyboard.press('Home');
    await logs.getByText(/^1line 1 x+$/).waitFor();
    const homeRoundTrip = performance.now() - started;

    const [file, downloadMs] = await Promise.all([
      page.waitForEvent('download'),
      clickToPaint(logs.getByRole('button', { name: 'Download log' })),
    ]);
    const saved = await readFile((await file.path())!, 'utf8');
    assert.equal(saved.length, full.length, 'the download is the whole log');
    assert.equal(saved, full);
    t.diagnostic(
      `5 MB log: scroll to the middle drawn in ${scrollMs.toFixed(0)} ms; click "Follow" → next frame ${followMs.toFixed(0)} ms; ` +
        `Home key → line 1 shown ${homeRoundTrip.toFixed(0)} ms (test round trip); click "Download log" → next frame ${downloadMs.toFixed(0)} ms; ` +
        `download ${(saved.length / 1e6).toFixed(2)} MB, equal to get_logs`,
    );
    for (const [what, ms] of [
      ['scroll', scrollMs],
      ['Follow', followMs],
      ['Download', downloadMs],
    ] as const) {
      assert.ok(ms < 2000, `${what} took ${ms} ms to paint`);
    }
  });
});
