import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { checkPage, signedInPage, startApp, type App } from './app-browser.js';

describe('the Workers page, on npm run up', () => {
  let app: App;

  before(async () => {
    app = await startApp();
  });
  after(async () => {
    await app?.browser.close();
    await app?.up.stop();
  });

  const post = (path: string, body: unknown) =>
    fetch(app.up.url + path, {
      method: 'POST',
      headers: { authorization: `Bearer ${app.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  /** /workers, signed in, with the all-in-one's worker on it and that worker's process id. */
  async function workersPage() {
    const page = await signedInPage(app);
    await page.goto(`${app.up.url}/workers`);
    const name = (await page.getByRole('list', { name: 'Workers of default' }).locator('strong').textContent()) ?? '';
    // WORKER_NAME defaults to <hostname>-<pid>.
    const pid = Number(/-(\d+)$/.exec(name)?.[1]);
    assert.ok(pid > 0, `no pid in the worker's name ${name}`);
    return { page, name, pid };
  }

  it("shows the all-in-one's worker in each of its groups, its slots filling while a job runs", async () => {
    const page = await signedInPage(app);
    await page.goto(`${app.up.url}/workers`);
    await page.getByRole('heading', { name: 'Workers' }).waitFor();

    for (const group of ['default', 'heavy', 'gpu']) {
      const workers = page.getByRole('region', { name: group }).getByRole('list', { name: `Workers of ${group}` });
      await workers.getByText(/^0 of [1-9]\d* slots in use$/).waitFor();
      await workers.getByText('groups: default, heavy, gpu').waitFor();
      const heartbeat = workers.locator('time');
      assert.match((await heartbeat.textContent()) ?? '', /^(just now|\d+ s ago)$/);
      assert.ok(await heartbeat.getAttribute('title'), 'the heartbeat shows its absolute time on hover');
    }
    assert.equal(await page.getByText('No workers are running').count(), 0);
    await checkPage(page, 'workers');

    const created = await post('/api/w/main/scripts/create', {
      path: 'f/ops/slow',
      language: 'bash',
      content: 'sleep 12',
      tag: 'heavy',
    });
    assert.equal(created.status, 201, await created.text());
    const heavy = page.getByRole('region', { name: 'heavy' });
    // Refreshes replace the data, not the page: the same element stays on screen throughout.
    const row = await heavy.getByRole('listitem').elementHandle();
    const run = await post('/api/w/main/jobs/run/p/f/ops/slow', {});
    assert.equal(run.status, 201, await run.text());

    await heavy.getByText(/^[1-9]\d* of \d+ slots in use$/).waitFor({ timeout: 20_000 });
    await checkPage(page, 'workers-busy');
    await heavy.getByText(/^0 of \d+ slots in use$/).waitFor({ timeout: 30_000 });
    assert.equal(await row?.evaluate((el) => el.isConnected), true, 'the worker row was re-created');
    assert.equal(await page.getByText('Loading workers').count(), 0);
    await page.context().close();
  });

  it('says no workers are running while the only one is silent, and shows it again when it beats', async () => {
    const { page, name, pid } = await workersPage();
    // A stopped worker process sends no heartbeats.
    process.kill(pid, 'SIGSTOP');
    try {
      await page.getByText('No workers are running').waitFor({ timeout: 30_000 });
      await page.getByText('npm run worker').waitFor();
      await page.getByRole('region', { name: 'heavy' }).getByText('No live worker serves this group.').waitFor();
      await checkPage(page, 'workers-none');
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    await page.getByRole('list', { name: 'Workers of default' }).getByText(name).waitFor({ timeout: 20_000 });
    assert.equal(await page.getByText('No workers are running').count(), 0);
    await page.context().close();
  });

  it("shows the API's message while NATS does not answer, over the last answer, and recovers", async () => {
    const { page, pid } = await workersPage();
    // The all-in-one is the worker's parent; its nats-server is a sibling of the worker.
    const allInOne = Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ')[1]);
    const children = readFileSync(`/proc/${allInOne}/task/${allInOne}/children`, 'utf8').trim().split(' ');
    const nats = Number(children.find((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('nats-server')));
    assert.ok(nats > 0, 'no nats-server under the all-in-one');
    process.kill(nats, 'SIGSTOP');
    try {
      await page
        .getByRole('alert')
        .getByText(/Could not load workers: cannot read the queues from NATS/)
        .waitFor({ timeout: 30_000 });
      await page.getByRole('region', { name: 'default' }).waitFor();
      await checkPage(page, 'workers-error');
    } finally {
      process.kill(nats, 'SIGCONT');
    }
    await page.getByRole('alert').waitFor({ state: 'detached', timeout: 30_000 });
    await page.context().close();
  });
});
