import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { checkPage, signedInPage, signInWithPassword, startApp, WIDE, type App } from './app-browser.js';

type JobView = {
  id: string;
  status: string;
  result: unknown;
  flow_status?: { modules: { status: string; job?: string }[] };
};

/** An approval step whose resume form asks for a reason and a flag, then a step that returns them (flat, so the run page's result shows them unfolded). */
const approvalFlow = (suspend: Record<string, unknown> = {}) => ({
  summary: 'ship with approval',
  value: {
    modules: [
      {
        id: 'ask',
        value: { type: 'identity' },
        suspend: {
          timeout: 3600,
          resume_form: {
            schema: {
              type: 'object',
              required: ['reason'],
              properties: {
                reason: { type: 'string', minLength: 3, description: 'Why this may ship.' },
                urgent: { type: 'boolean', default: false },
              },
            },
          },
          ...suspend,
        },
      },
      {
        id: 'ship',
        value: {
          type: 'rawscript',
          language: 'bash',
          content: 'got="$1"\necho "$got"',
          input_transforms: {
            got: { type: 'javascript', expr: "JSON.stringify({ ...resume, approvers: approvers.join(',') })" },
          },
        },
      },
    ],
  },
});

describe('approvals in the app: the run page and the page of a signed link', () => {
  let app: App;

  const api = async (path: string, body?: unknown): Promise<Response> =>
    fetch(app.up.url + path, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${app.token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const job = async (id: string): Promise<JobView> =>
    (await api(`/api/w/main/jobs_u/get/${id}`)).json() as Promise<JobView>;
  const waitFor = async (id: string, done: (j: JobView) => boolean): Promise<JobView> => {
    for (const deadline = Date.now() + 60_000; Date.now() < deadline;) {
      const j = await job(id);
      if (done(j)) return j;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`job ${id} never got there`);
  };
  /** Runs the flow; resolves once its approval step waits, with the flow and step job ids. */
  const runSuspended = async (path: string) => {
    const res = await api(`/api/w/main/jobs/run/f/${path}`, {});
    const flow = (await res.text()).replace(/"/g, '');
    assert.equal(res.status, 201, flow);
    const j = await waitFor(flow, (x) => x.flow_status?.modules[0]?.status === 'suspended');
    return { flow, step: j.flow_status!.modules[0]!.job! };
  };
  const links = async (step: string, resumeId: number, approver?: string) => {
    const q = approver ? `?approver=${approver}` : '';
    return (await api(`/api/w/main/jobs/resume_urls/${step}/${resumeId}${q}`)).json() as Promise<{
      approvalPage: string;
      resume: string;
      cancel: string;
    }>;
  };
  /** The flow's last step printed JSON; the platform may hand it back parsed or as text. */
  const shipped = (result: unknown) => (typeof result === 'string' ? (JSON.parse(result) as unknown) : result);
  const signedOutPage = async (): Promise<Page> => (await app.browser.newContext({ viewport: WIDE })).newPage();

  before(async () => {
    app = await startApp();
    for (const [path, suspend] of [
      ['f/appr/ship', {}],
      ['f/appr/members', { user_auth_required: true }],
      ['f/appr/others', { self_approval_disabled: true }],
    ] as const) {
      const res = await api('/api/w/main/flows/create', { path, ...approvalFlow(suspend) });
      assert.equal(res.status, 201, await res.text());
    }
  });
  after(async () => {
    await app?.browser.close();
    await app?.up.stop();
  });

  it('approves on the run page through the resume form; the next step receives the values', async () => {
    const { flow } = await runSuspended('f/appr/ship');
    const page = await signedInPage(app);
    await page.goto(`${app.up.url}/runs/${flow}`);
    const panel = page.getByRole('region', { name: 'Approval of step ask' });
    await panel.waitFor();
    await panel.getByText('0 of 1 approval so far').waitFor();
    await panel.getByText('Members with the operator role or above, and anyone holding an approval link.').waitFor();
    await panel.getByText(/\(in 60 min\)/).waitFor();
    await checkPage(page, 'approval-run-page');

    // An invalid value is said at its field, and nothing is sent.
    await panel.getByLabel(/^reason/).fill('no');
    await panel.getByRole('button', { name: 'Approve' }).click();
    await panel.getByText('must NOT have fewer than 3 characters').waitFor();
    assert.equal(await panel.getByLabel(/^reason/).getAttribute('aria-invalid'), 'true');
    assert.equal((await job(flow)).status, 'running');
    await checkPage(page, 'approval-run-page-invalid');

    await panel.getByLabel(/^reason/).fill('tests pass');
    await panel.getByRole('switch', { name: 'urgent' }).check();
    await panel.getByRole('button', { name: 'Approve' }).click();
    await page.getByText('Step ask approved as admin.').waitFor();
    // The flow goes on and the page follows it to the end.
    await page.locator('.badge', { hasText: 'success' }).first().waitFor({ timeout: 30_000 });
    await page.getByRole('heading', { name: 'Result' }).waitFor();
    await page.getByText('tests pass').first().waitFor();
    assert.equal(await page.getByRole('region', { name: 'Approval of step ask' }).count(), 0);
    const done = await job(flow);
    assert.deepEqual(shipped(done.result), { reason: 'tests pass', urgent: true, approvers: 'admin' });
    await checkPage(page, 'approval-run-page-done');
  });

  it('refuses self-approval on the run page, saying why', async () => {
    const { flow, step } = await runSuspended('f/appr/others');
    const page = await signedInPage(app);
    await page.goto(`${app.up.url}/runs/${flow}`);
    const panel = page.getByRole('region', { name: 'Approval of step ask' });
    await panel.getByText(/self-approval is disabled for step ask: admin started this run/).waitFor();
    assert.equal(await panel.getByRole('button', { name: 'Approve' }).isDisabled(), true);
    assert.equal(await panel.getByRole('button', { name: 'Reject' }).isDisabled(), true);
    await checkPage(page, 'approval-run-page-self');
    // Someone else, by a link, may.
    const res = await fetch((await links(step, 1, 'ann')).resume, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'ann says yes' }),
    });
    assert.equal(res.status, 200, await res.text());
    assert.equal((await waitFor(flow, (j) => j.status !== 'running')).status, 'success');
  });

  it('approves through a signed link signed out, with the same form; says it was answered afterwards', async () => {
    const { flow, step } = await runSuspended('f/appr/ship');
    const link = await links(step, 1, 'ann');
    const page = await signedOutPage();
    // The link people receive is the resume link: opening it leads to the page and approves nothing.
    await page.goto(link.resume);
    await page.waitForURL(/\/approve\/main\//);
    assert.equal(new URL(page.url()).href, link.approvalPage);
    await page.getByRole('heading', { name: 'Approval requested' }).waitFor();
    const panel = page.getByRole('region', { name: 'Approval of step ask' });
    await panel.getByText('ann', { exact: true }).waitFor();
    assert.equal((await job(flow)).status, 'running');
    await checkPage(page, 'approval-link-page');

    await panel.getByRole('button', { name: 'Approve' }).click();
    await panel.getByText('reason is required').waitFor();
    await panel.getByLabel(/^reason/).fill('from the link');
    await panel.getByRole('button', { name: 'Approve' }).click();
    await panel.getByText('Approved as ann.').waitFor();
    const done = await waitFor(flow, (j) => j.status !== 'running');
    assert.equal(done.status, 'success');
    assert.deepEqual(shipped(done.result), { reason: 'from the link', urgent: false, approvers: 'ann' });

    await page.reload();
    await page.getByText('Already approved by ann: the flow went on.').waitFor();
    await checkPage(page, 'approval-link-page-answered');
  });

  it('rejects through a link; a link that was altered says so', async () => {
    const { flow, step } = await runSuspended('f/appr/ship');
    const link = await links(step, 2);
    const page = await signedOutPage();
    await page.goto(link.approvalPage);
    const panel = page.getByRole('region', { name: 'Approval of step ask' });
    await panel.getByLabel('Reason, if you reject').fill('not today');
    page.once('dialog', (d) => void d.accept());
    await panel.getByRole('button', { name: 'Reject' }).click();
    await panel.getByText('Rejected as anonymous.').waitFor();
    const done = await waitFor(flow, (j) => j.status !== 'running');
    assert.equal(done.status, 'failure');
    assert.match(JSON.stringify(done.result), /step ask was rejected by anonymous: not today/);
    await page.reload();
    await page.getByText('Already rejected: step ask was rejected by anonymous: not today.').waitFor();

    const altered = link.approvalPage.replace(/[0-9a-f]$/, (c) => (c === '0' ? '1' : '0'));
    await page.goto(altered);
    await page.getByRole('heading', { name: 'This approval link does not work' }).waitFor();
    await page.getByText('this approval link is not valid (bad signature)').waitFor();
    await checkPage(page, 'approval-link-page-bad');
  });

  it('a step that needs a sign-in offers one, then answers as the member', async () => {
    const { flow, step } = await runSuspended('f/appr/members');
    const link = await links(step, 3);
    const page = await signedOutPage();
    await page.goto(link.approvalPage);
    const panel = page.getByRole('region', { name: 'Approval of step ask' });
    await panel
      .getByText('Only a signed-in member of the workspace (operator or above) may answer this step.')
      .waitFor();
    assert.equal(await panel.getByRole('button', { name: 'Approve' }).isDisabled(), true);
    await checkPage(page, 'approval-link-page-sign-in');
    await panel.getByRole('link', { name: 'Sign in to answer' }).click();
    await signInWithPassword(page, app.password);
    await page.waitForURL(/\/approve\/main\//);
    await page.getByText('Signed in as admin.').waitFor();
    await panel.getByLabel(/^reason/).fill('signed in');
    await panel.getByRole('button', { name: 'Approve' }).click();
    await panel.getByText('Approved as admin.').waitFor();
    const done = await waitFor(flow, (j) => j.status !== 'running');
    assert.equal(done.status, 'success');
    assert.deepEqual(shipped(done.result), { reason: 'signed in', urgent: false, approvers: 'admin' });
  });
});
