import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { AuthService } from '../src/auth/auth.service.js';
import { TOKEN, json, startHarness, until, type Harness } from './harness.js';

/** An approval step with a resume form, then a step that returns what the approval sent. */
const formFlow = (suspend: Record<string, unknown>) => ({
  summary: 'approval with a form',
  value: {
    modules: [
      {
        id: 'ask',
        value: { type: 'identity' },
        suspend: {
          timeout: 600,
          resume_form: {
            schema: {
              type: 'object',
              required: ['reason'],
              properties: {
                reason: { type: 'string', minLength: 3 },
                urgent: { type: 'boolean', default: false },
              },
            },
          },
          ...suspend,
        },
      },
      {
        id: 'after',
        value: {
          type: 'rawscript',
          language: 'bash',
          content: 'got="$1"\necho "$got"',
          input_transforms: { got: { type: 'javascript', expr: 'JSON.stringify([resume, approvers])' } },
        },
      },
    ],
  },
});

/** A bash step's answer: JSON it printed, parsed by the platform or not. */
const resultOf = (r: unknown) => (typeof r === 'string' ? (JSON.parse(r) as unknown) : r);

describe('approvals in the app: a signed-in member answers by step job', () => {
  let h: Harness;
  const tokens: Record<string, string> = {};

  before(async () => {
    h = await startHarness();
    await h.startWorker({ WORKER_GROUPS: 'default', WORKER_CONCURRENCY: '2' });
    const db = h.server.app.get(DataSource);
    await db.query(`INSERT INTO workspace (id, name) VALUES ('other', 'Other')`);
    for (const [name, role] of [
      ['olga', 'operator'],
      ['oscar', 'operator'],
      ['vera', 'viewer'],
    ]) {
      const id = randomUUID();
      await db.query('INSERT INTO app_user (id, email, username) VALUES ($1, $2, $3)', [id, `${name}@x.test`, name]);
      await db.query('INSERT INTO workspace_member (workspace_id, user_id, role) VALUES ($1, $2, $3)', [
        'main',
        id,
        role,
      ]);
      // olga is an operator of another workspace too: her role there opens nothing here.
      if (name === 'olga') {
        await db.query(`INSERT INTO workspace_member (workspace_id, user_id, role) VALUES ('other', $1, 'admin')`, [
          id,
        ]);
      }
      tokens[name!] = await h.server.app.get(AuthService).createToken(id, 'test');
    }
  });
  after(async () => h?.close());

  const deploy = async (path: string, doc: unknown) => {
    const res = await h.api('/api/w/main/flows/create', { method: 'POST', json: { path, ...(doc as object) } });
    assert.ok(res.status === 201 || res.status === 200, await res.text());
  };
  /** Starts the flow as `token`'s user; resolves once its approval is listed as waiting. */
  const startSuspended = async (path: string, token?: string) => {
    const res = await h.api(`/api/w/main/jobs/run/f/${path}`, { method: 'POST', json: {}, token });
    assert.equal(res.status, 201, await res.clone().text());
    const flow = await res.text();
    const waiting = await until(async () => {
      const list = await json(h.api(`/api/w/main/jobs/flow/approvals/${flow}`));
      return list.length ? list : undefined;
    });
    return { flow, step: waiting[0].job as string, listed: waiting[0] };
  };
  const answer = (step: string, how: 'approve' | 'reject', token: string, body: unknown = {}, ws = 'main') =>
    h.api(`/api/w/${ws}/jobs/approvals/${step}/${how}`, { method: 'POST', json: body, token });
  const refusal = async (res: Response, status: number, message: RegExp) => {
    const text = await res.text();
    assert.equal(res.status, status, text);
    assert.match(JSON.parse(text).error.message, message);
  };

  it('lists the waiting step with its form; checks the payload against it; the next step gets the values', async () => {
    await deploy('f/members/form', formFlow({}));
    const { flow, step, listed } = await startSuspended('f/members/form', tokens.olga);
    assert.equal(listed.step_id, 'ask');
    assert.equal(listed.state, 'waiting');
    assert.equal(listed.required_events, 1);
    assert.deepEqual(listed.resume_form.required, ['reason']);
    assert.equal(listed.answer_as, 'admin');
    assert.equal(listed.started_by, 'olga');
    assert.equal(listed.refusal, null);
    assert.ok(Date.parse(listed.timeout_at) > Date.now() + 500_000, listed.timeout_at);
    const asVera = await json(h.api(`/api/w/main/jobs/flow/approvals/${flow}`, { token: tokens.vera }));
    assert.match(asVera[0].refusal, /needs the operator role or above in "main"; you are viewer/);

    const bad = await answer(step, 'approve', tokens.oscar, { reason: 'no', urgent: 'yes' });
    assert.equal(bad.status, 400);
    const body = await json(bad);
    assert.match(body.error.message, /does not fit its resume form/);
    assert.deepEqual(body.error.details.map((d: { field: string }) => d.field).sort(), ['reason', 'urgent']);
    await refusal(await answer(step, 'approve', tokens.vera, { reason: 'fine' }), 403, /operator role/);

    const ok = await answer(step, 'approve', tokens.oscar, { reason: 'looks good' });
    assert.equal(ok.status, 200);
    const answered = await json(ok);
    assert.equal(answered.approver, 'oscar');
    assert.equal(answered.resumed, step);
    const done = await h.waitJob(flow);
    assert.equal(done.status, 'success');
    // The form's default was filled in: the next step sees what the form meant.
    assert.deepEqual(resultOf(done.result), [{ reason: 'looks good', urgent: false }, ['oscar']]);
    assert.deepEqual(await json(h.api(`/api/w/main/jobs/flow/approvals/${flow}`)), []);
    await refusal(await answer(step, 'approve', tokens.olga, { reason: 'late' }), 409, /not waiting for approval/);
  });

  it('counts each member once, refuses self-approval, and a step of another workspace', async () => {
    await deploy('f/members/two', formFlow({ required_events: 2, self_approval_disabled: true }));
    const { flow, step } = await startSuspended('f/members/two', tokens.olga);
    await refusal(
      await answer(step, 'approve', tokens.olga, { reason: 'mine' }),
      403,
      /self-approval is disabled for step ask: olga started this run/,
    );
    await refusal(await answer(step, 'reject', tokens.olga), 403, /self-approval is disabled/);
    // olga administers "other", but the step is not there: nothing is told of it.
    await refusal(
      await answer(step, 'approve', tokens.olga, { reason: 'there' }, 'other'),
      404,
      /not found in workspace "other"/,
    );
    await refusal(
      await h.api(`/api/w/other/jobs/flow/approvals/${flow}`, { token: tokens.olga }),
      404,
      /not found in workspace "other"/,
    );
    assert.equal((await answer(step, 'approve', tokens.oscar, { reason: 'first' })).status, 200);
    await refusal(await answer(step, 'approve', tokens.oscar, { reason: 'again' }), 403, /oscar already approved/);
    const [waiting] = await json(h.api(`/api/w/main/jobs/flow/approvals/${flow}`, { token: tokens.oscar }));
    assert.deepEqual(waiting.approvers, ['oscar']);
    assert.match(waiting.refusal, /oscar already approved step ask/);
    // A link made for oscar is still oscar: one approval.
    const link = await json(h.api(`/api/w/main/jobs/resume_urls/${step}/5?approver=oscar`));
    const viaLink = await fetch(link.resume.replace(/^http:\/\/[^/]+/, h.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'link' }),
    });
    await refusal(viaLink, 403, /oscar already approved/);
    assert.equal((await answer(step, 'approve', TOKEN, { reason: 'second', urgent: true })).status, 200);
    const done = await h.waitJob(flow);
    assert.equal(done.status, 'success', JSON.stringify(done));
    assert.deepEqual(resultOf(done.result), [{ reason: 'second', urgent: true }, ['oscar', 'admin']]);
  });

  it('rejects with a reason; the flow fails naming the member', async () => {
    await deploy('f/members/no', formFlow({}));
    const { flow, step } = await startSuspended('f/members/no');
    assert.equal((await json(answer(step, 'reject', tokens.oscar, { reason: 'not today' }))).approver, 'oscar');
    const done = await h.waitJob(flow);
    assert.equal(done.status, 'failure');
    assert.match(JSON.stringify(done.result), /step ask was rejected by oscar: not today/);
  });

  it('a step that timed out says so, to a member and by its link; answering it is a conflict', async () => {
    await deploy('f/members/late', formFlow({ timeout: 1 }));
    const { flow, step } = await startSuspended('f/members/late');
    const link = (await json(h.api(`/api/w/main/jobs/resume_urls/${step}/1`))).resume.replace(
      /^http:\/\/[^/]+/,
      h.url,
    ) as string;
    const done = await h.waitJob(flow);
    assert.equal(done.status, 'failure');
    const view = await json(fetch(link.replace('/jobs_u/resume/', '/jobs_u/approval/')));
    assert.equal(view.state, 'timed_out');
    assert.match(view.message, /step ask was not approved within 1s: 0 of 1 approvals/);
    assert.match(view.refusal, /was not approved in time/);
    assert.deepEqual(await json(h.api(`/api/w/main/jobs/flow/approvals/${flow}`)), []);
    await refusal(await answer(step, 'approve', tokens.oscar, { reason: 'late' }), 409, /not waiting for approval/);
  });

  it("a signed link answered with the app's session: under the CSRF rules, as the signed-in user", async () => {
    await deploy('f/members/cookie', formFlow({ user_auth_required: true }));
    const { flow, step } = await startSuspended('f/members/cookie');
    const signIn = await h.api('/api/auth/session', { method: 'POST', json: { token: tokens.oscar }, token: null });
    assert.equal(signIn.status, 200, await signIn.clone().text());
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
    const link = (await json(h.api(`/api/w/main/jobs/resume_urls/${step}/1`))).resume.replace(
      /^http:\/\/[^/]+/,
      h.url,
    ) as string;
    const view = await json(fetch(link.replace('/jobs_u/resume/', '/jobs_u/approval/'), { headers: { cookie } }));
    assert.equal(view.answer_as, 'oscar');
    assert.equal(view.refusal, null);
    const send = (headers: Record<string, string>) =>
      fetch(link, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, ...headers },
        body: JSON.stringify({ reason: 'by cookie' }),
      });
    await refusal(await send({}), 403, /needs the header "x-runnel-csrf: 1"/);
    await refusal(
      await send({ 'x-runnel-csrf': '1', origin: 'https://evil.example' }),
      403,
      /may not use this server's session cookie/,
    );
    // A session that ended is no sign-in, and this step needs one.
    await refusal(
      await fetch(link, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: 'runnel_session=rn_gone', 'x-runnel-csrf': '1' },
        body: JSON.stringify({ reason: 'x' }),
      }),
      401,
      /may only be answered by a signed-in member/,
    );
    const ok = await send({ 'x-runnel-csrf': '1' });
    assert.equal(ok.status, 200);
    assert.equal((await json(ok)).approver, 'oscar');
    assert.equal((await h.waitJob(flow)).status, 'success');
  });
});
