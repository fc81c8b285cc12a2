import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addUser, json, startHarness, type Harness } from './harness.js';

describe('public form pages: one script, signed out, rate-limited', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ RUNNEL_PUBLIC_FORM_RUNS_PER_MIN: '10' });
    await h.startWorker();
    await h.deploy('f/pub/greet', 'python3', 'def main(name: str):\n  return "hi " + name', {
      summary: 'Greeter',
      schema_overrides: { properties: { name: { title: 'Your name' } } },
    });
    await h.deploy('f/pub/secret', 'bash', 'echo secret');
  });
  after(async () => h?.close());

  const form = (path: string) => h.api(`/api/w/main/public/forms/script/${path}`, { token: null });
  const run = (path: string, args: unknown) =>
    h.api(`/api/w/main/public/forms/run_wait_result/script/${path}`, { method: 'POST', json: args, token: null });
  const setPublic = (path: string, value: unknown, token?: string) =>
    h.api(`/api/w/main/scripts/public_form/p/${path}`, { method: 'POST', json: { public_form: value }, token });

  it('is off by default: signed out, the form and its run are 404; the run routes 401', async () => {
    assert.equal((await json(h.api('/api/w/main/scripts/get/p/f/pub/greet'))).public_form, false);
    assert.equal((await form('f/pub/greet')).status, 404);
    const res = await run('f/pub/greet', { name: 'x' });
    assert.equal(res.status, 404);
    assert.equal((await json(res)).error.code, 'not_found');
    const webhook = await h.api('/api/w/main/jobs/run_wait_result/p/f/pub/greet', {
      method: 'POST',
      json: {},
      token: null,
    });
    assert.equal(webhook.status, 401);
  });

  it('a developer opens it (an operator may not); then it works signed out, for that script only', async () => {
    const operator = await addUser(h, 'operator');
    assert.equal((await setPublic('f/pub/greet', true, operator.token)).status, 403);
    assert.equal((await setPublic('f/pub/greet', 'yes')).status, 400);
    assert.equal((await setPublic('f/pub/nothing', true)).status, 404);
    assert.equal((await setPublic('f/pub/greet', true)).status, 200);
    assert.equal((await json(h.api('/api/w/main/scripts/get/p/f/pub/greet'))).public_form, true);

    const page = await json(form('f/pub/greet'));
    assert.equal(page.summary, 'Greeter');
    assert.equal(page.schema.properties.name.title, 'Your name');
    assert.equal('content' in page, false, 'the code is not shown');

    const res = await run('f/pub/greet', { name: 'ada' });
    assert.equal(res.status, 200);
    assert.equal(await json(res), 'hi ada');
    const id = res.headers.get('x-runnel-job-id')!;
    const job = await json(h.api(`/api/w/main/jobs_u/get/${id}`));
    assert.equal(job.trigger_kind, 'public_form');
    assert.equal(job.trigger_path, 'f/pub/greet');
    // Started on behalf of the developer who opened it.
    assert.ok(job.created_by);

    const bad = await run('f/pub/greet', { name: 3 });
    assert.equal(bad.status, 400);
    assert.equal((await json(bad)).error.details[0].field, 'name');

    // Nothing else runs through it: another script, a path made up to escape it, another workspace.
    for (const path of ['f/pub/secret', 'f/pub/greet/../secret', 'f/pub/greet%2F..%2Fsecret']) {
      assert.equal((await run(path, {})).status, 404, path);
      assert.equal((await form(path)).status, 404, path);
    }
    assert.equal(
      (
        await h.api('/api/w/other/public/forms/run_wait_result/script/f/pub/greet', {
          method: 'POST',
          json: {},
          token: null,
        })
      ).status,
      404,
    );
  });

  it('closes again, and an archived script is no public form', async () => {
    assert.equal((await setPublic('f/pub/greet', false)).status, 200);
    assert.equal((await form('f/pub/greet')).status, 404);
    await h.deploy('f/pub/old', 'bash', 'echo old');
    assert.equal((await setPublic('f/pub/old', true)).status, 200);
    assert.equal((await form('f/pub/old')).status, 200);
    await h.api('/api/w/main/scripts/archive/p/f/pub/old', { method: 'POST' });
    assert.equal((await form('f/pub/old')).status, 404);
    assert.equal((await run('f/pub/old', {})).status, 404);
  });

  it('limits runs per client address: 429 with Retry-After', async () => {
    assert.equal((await setPublic('f/pub/greet', true)).status, 200);
    // This address made 8 attempts in the tests above, of the 10 a minute it may; at most a burst
    // of RUNNEL_PUBLIC_FORM_RUNS_PER_MIN passes.
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let i = 0; i < 11 && !limited; i++) {
      const res = await run('f/pub/greet', { name: `n${i}` });
      statuses.push(res.status);
      if (res.status === 429) limited = res;
    }
    assert.ok(limited, `never limited: ${statuses.join(', ')}`);
    assert.ok(Number(limited.headers.get('retry-after')) >= 1);
    const body = await json(limited);
    assert.equal(body.error.code, 'rate_limited');
    assert.match(body.error.message, /retry in \d+ s/);
    // Signed-in routes are not counted against it.
    assert.equal(
      (await h.api('/api/w/main/jobs/run_wait_result/p/f/pub/greet', { method: 'POST', json: { name: 'a' } })).status,
      200,
    );
  });
});
