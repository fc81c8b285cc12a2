import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { TOKEN, json, startHarness, type Harness } from './harness.js';

const NATS_URL = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('NATS subject triggers', () => {
  let h: Harness;
  let nc: NatsConnection;
  /** A relative subject's first token, for readability: the namespace below keeps runs apart. */
  const base = 'ev';
  /** Where main's triggers listen: publishers prepend it to the trigger's subject. */
  let ns: string;
  before(async () => {
    h = await startHarness();
    ns = `${h.prefix}.ws.main`;
    nc = await connect({ servers: NATS_URL });
    await h.startWorker();
    await h.deploy('f/nats/echo', 'bun', 'export function main(n: number, who = "nobody") { return { n, who } }');
  });
  after(async () => {
    await nc?.close();
    await h?.close();
  });

  const createTrigger = (body: Record<string, unknown>) =>
    h.api('/api/w/main/nats_triggers/create', { method: 'POST', json: body });
  const mustCreate = async (body: Record<string, unknown>) => {
    const res = await createTrigger(body);
    assert.equal(res.status, 201, await res.clone().text());
  };
  /** Jobs started by one trigger, oldest first. */
  const jobsOf = async (triggerPath: string, scriptPath = 'f/nats/echo') => {
    const jobs = (await json(h.api(`/api/w/main/jobs/list?script_path=${scriptPath}&per_page=1000`))) as Record<
      string,
      unknown
    >[];
    return jobs.filter((j) => j.trigger_path === triggerPath).reverse();
  };
  /** Waits until the trigger has `n` jobs, then a little longer to see that no more come. */
  const expectJobs = async (triggerPath: string, n: number, scriptPath?: string) => {
    const deadline = Date.now() + 15_000;
    let jobs = await jobsOf(triggerPath, scriptPath);
    while (jobs.length < n && Date.now() < deadline) {
      await sleep(50);
      jobs = await jobsOf(triggerPath, scriptPath);
    }
    await sleep(400);
    jobs = await jobsOf(triggerPath, scriptPath);
    assert.equal(jobs.length, n, `trigger ${triggerPath}: ${jobs.length} jobs, expected ${n}`);
    return jobs;
  };

  it('creates, reads, lists, updates and deletes triggers, validating subjects', async () => {
    await mustCreate({ path: 'f/nats/crud', subject: `${base}.crud.*`, script_path: 'f/nats/echo', is_flow: false });
    const got = await json(h.api('/api/w/main/nats_triggers/get/f/nats/crud'));
    assert.equal(got.subject, `${base}.crud.*`);
    assert.deepEqual(got.subjects, [`${base}.crud.*`]);
    assert.deepEqual(got.full_subjects, [`${ns}.${base}.crud.*`]);
    assert.equal(got.enabled, true);
    assert.equal(got.created_by, 'admin');
    assert.equal(await json(h.api('/api/w/main/nats_triggers/exists/f/nats/crud')), true);
    const list = (await json(h.api('/api/w/main/nats_triggers/list'))) as { path: string }[];
    assert.ok(list.some((t) => t.path === 'f/nats/crud'));

    const dup = await createTrigger({ path: 'f/nats/crud', subject: `${base}.x`, script_path: 'f/nats/echo' });
    assert.equal(dup.status, 409);
    await mustCreate({ path: 'f/nats/other', subject: `${base}.other`, script_path: 'f/nats/echo' });
    const onto = await h.api('/api/w/main/nats_triggers/update/f/nats/crud', {
      method: 'POST',
      json: { path: 'f/nats/other' },
    });
    assert.equal(onto.status, 409, 'a rename onto another trigger');
    assert.equal((await h.api('/api/w/main/nats_triggers/delete/f/nats/other', { method: 'DELETE' })).status, 200);

    const upd = await h.api('/api/w/main/nats_triggers/update/f/nats/crud', {
      method: 'POST',
      json: { path: 'f/nats/crud2', subjects: [`${base}.crud.a`, `${base}.crud.b.>`], summary: 'two' },
    });
    assert.equal(upd.status, 200, await upd.clone().text());
    const renamed = await json(h.api('/api/w/main/nats_triggers/get/f/nats/crud2'));
    assert.deepEqual(renamed.subjects, [`${base}.crud.a`, `${base}.crud.b.>`]);
    assert.equal(renamed.summary, 'two');
    assert.equal((await h.api('/api/w/main/nats_triggers/get/f/nats/crud')).status, 404);

    const del = await h.api('/api/w/main/nats_triggers/delete/f/nats/crud2', { method: 'DELETE' });
    assert.equal(del.status, 200);
    assert.equal(await del.text(), 'NATS trigger f/nats/crud2 deleted');
    assert.equal((await h.api('/api/w/main/nats_triggers/get/f/nats/crud2')).status, 404);
    assert.equal(await json(h.api('/api/w/main/nats_triggers/exists/f/nats/crud2')), false);

    const bad: [Record<string, unknown>, RegExp][] = [
      [{ subject: 'a..b' }, /empty token/],
      [{ subject: `${base}.a b` }, /whitespace/],
      [{ subject: `${base}.>.x` }, /only be the last token/],
      [{ subject: `${base}.ab*` }, /must be a whole token/],
      [{ subject: `${h.prefix}.jobs.default` }, /Runnel's own namespace/],
      [{ subject: `${ns}.${base}.a` }, /relative to this workspace's namespace "t[0-9a-f]+\.ws\.main\."/],
      [{ subject: '$JS.API.INFO' }, /reserves/],
      [{ subject: '_INBOX.x' }, /reserves/],
      [{ subjects: [`${base}.o.*`, `${base}.o.new`] }, /overlap/],
      [{ subject: `${base}.a`, subjects: [`${base}.b`] }, /not both/],
      [{}, /subject is required/],
      [{ subject: `${base}.a`, script_path: 'f/nats/missing' }, /script_path: script "f\/nats\/missing" not found/],
      [{ subject: `${base}.a`, path: 'not/a path' }, /invalid path/],
      [{ subject: `${base}.a`, nats_resource_path: 'u/x/nats' }, /unknown property "nats_resource_path"/],
    ];
    for (const [body, message] of bad) {
      const res = await createTrigger({ path: 'f/nats/bad', script_path: 'f/nats/echo', ...body });
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.match((await json(res)).error.message, message, JSON.stringify(body));
    }
  });

  it('starts one job per message, with the message as arguments, as the trigger creator', async () => {
    await mustCreate({
      path: 'f/nats/orders',
      subject: `${base}.orders.*`,
      script_path: 'f/nats/echo',
      is_flow: false,
    });
    nc.publish(`${ns}.${base}.orders.new`, JSON.stringify({ n: 1, who: 'ada' }));
    nc.publish(`${ns}.${base}.orders.old`, JSON.stringify({ n: 2 }));
    nc.publish(`${ns}.${base}.orders.new.too.deep`, JSON.stringify({ n: 3 }));
    // The trigger's subject outside the workspace's namespace is nobody's.
    nc.publish(`${base}.orders.bare`, JSON.stringify({ n: 5 }));
    const jobs = await expectJobs('f/nats/orders', 2);
    const me = await json(h.api('/api/auth/whoami'));
    const done = await Promise.all(jobs.map((j) => h.waitJob(j.id as string)));
    assert.deepEqual(
      done.map((j) => j.result).sort((a, b) => (a as { n: number }).n - (b as { n: number }).n),
      [
        { n: 1, who: 'ada' },
        { n: 2, who: 'nobody' },
      ],
    );
    for (const job of done) {
      assert.equal(job.status, 'success');
      assert.equal(job.trigger_kind, 'nats');
      assert.equal(job.trigger_path, 'f/nats/orders');
      assert.equal(job.created_by, me.user_id);
    }

    // A request gets the job id as its reply.
    const reply = await nc.request(`${ns}.${base}.orders.req`, JSON.stringify({ n: 4 }), { timeout: 5000 });
    const job = await h.waitJob(reply.string());
    assert.deepEqual(job.result, { n: 4, who: 'nobody' });
  });

  it('records a failed job for a message that is not a JSON object or does not fit the script', async () => {
    await mustCreate({ path: 'f/nats/strict', subject: `${base}.strict`, script_path: 'f/nats/echo' });
    nc.publish(`${ns}.${base}.strict`, 'not json at all');
    await expectJobs('f/nats/strict', 1);
    nc.publish(`${ns}.${base}.strict`, '[1, 2]');
    await expectJobs('f/nats/strict', 2);
    nc.publish(`${ns}.${base}.strict`, JSON.stringify({ n: 'five' }));
    const jobs = await expectJobs('f/nats/strict', 3);
    for (const job of jobs) {
      assert.equal(job.kind, 'trigger_error');
      assert.equal(job.status, 'failure');
      assert.equal(job.trigger_kind, 'nats');
      assert.equal(job.trigger_path, 'f/nats/strict');
    }
    const errors = jobs.map((j) => (j.result as { error: { name: string; message: string } }).error);
    assert.equal(errors[0]!.name, 'InvalidTriggerMessage');
    assert.match(errors[0]!.message, /is not JSON/);
    assert.deepEqual(jobs[0]!.args, { subject: `${ns}.${base}.strict`, raw: 'not json at all' });
    assert.equal(errors[1]!.name, 'InvalidTriggerMessage');
    assert.match(errors[1]!.message, /JSON but an array, not an object/);
    assert.equal(errors[2]!.name, 'InvalidArguments');
    assert.match(errors[2]!.message, /n/);
  });

  it('stops when disabled or deleted, and follows a changed subject', async () => {
    await mustCreate({ path: 'f/nats/toggle', subject: `${base}.toggle.one`, script_path: 'f/nats/echo' });
    const off = await h.api('/api/w/main/nats_triggers/setenabled/f/nats/toggle', {
      method: 'POST',
      json: { enabled: false },
    });
    assert.equal(off.status, 200);
    nc.publish(`${ns}.${base}.toggle.one`, JSON.stringify({ n: 1 }));
    await expectJobs('f/nats/toggle', 0);

    await h.api('/api/w/main/nats_triggers/update/f/nats/toggle', {
      method: 'POST',
      json: { enabled: true, subject: `${base}.toggle.two` },
    });
    nc.publish(`${ns}.${base}.toggle.one`, JSON.stringify({ n: 2 }));
    nc.publish(`${ns}.${base}.toggle.two`, JSON.stringify({ n: 3 }));
    const [job] = await expectJobs('f/nats/toggle', 1);
    assert.deepEqual(job!.args, { n: 3, who: 'nobody' });

    await h.api('/api/w/main/nats_triggers/delete/f/nats/toggle', { method: 'DELETE' });
    nc.publish(`${ns}.${base}.toggle.two`, JSON.stringify({ n: 4 }));
    await expectJobs('f/nats/toggle', 1);
  });

  it('starts flows', async () => {
    const flow = await h.api('/api/w/main/flows/create', {
      method: 'POST',
      json: {
        path: 'f/nats/flow',
        summary: '',
        value: {
          modules: [
            {
              id: 'a',
              value: {
                type: 'script',
                path: 'f/nats/echo',
                input_transforms: { n: { type: 'javascript', expr: 'flow_input.n * 10' } },
              },
            },
          ],
        },
      },
    });
    assert.equal(flow.status, 201, await flow.text());
    await mustCreate({
      path: 'f/nats/flowtrigger',
      subject: `${base}.flow`,
      script_path: 'f/nats/flow',
      is_flow: true,
    });
    nc.publish(`${ns}.${base}.flow`, JSON.stringify({ n: 7 }));
    const [job] = await expectJobs('f/nats/flowtrigger', 1, 'f/nats/flow');
    const done = await h.waitJob(job!.id as string);
    assert.equal(done.kind, 'flow');
    assert.equal(done.status, 'success', JSON.stringify(done.result));
    assert.deepEqual(done.result, { n: 70, who: 'nobody' });
    assert.equal(done.trigger_kind, 'nats');
  });

  it('starts each message once with two server replicas, and every replica follows changes', async () => {
    await mustCreate({ path: 'f/nats/once', subject: `${base}.once`, script_path: 'f/nats/echo' });
    // The second replica loads the table before it listens: both serve the trigger from here on.
    const second = await h.spawnServer();
    for (let n = 0; n < 30; n++) nc.publish(`${ns}.${base}.once`, JSON.stringify({ n }));
    const jobs = await expectJobs('f/nats/once', 30);
    assert.deepEqual(
      jobs.map((j) => (j.args as { n: number }).n).sort((a, b) => a - b),
      Array.from({ length: 30 }, (_, n) => n),
    );

    // A trigger created on the second replica reaches this one without a restart: once the second
    // is gone, only this replica can start the job.
    const created = await fetch(`${second.url}/api/w/main/nats_triggers/create`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ path: 'f/nats/later', subject: `${base}.later`, script_path: 'f/nats/echo' }),
    });
    assert.equal(created.status, 201, await created.clone().text());
    const exited = new Promise((r) => second.child.once('exit', r));
    second.child.kill('SIGKILL');
    await exited;
    // The announcement reached NATS before the 201; this replica subscribes a moment after it
    // arrives. Until then a request finds no responder (and starts nothing), so it is repeated.
    const deadline = Date.now() + 10_000;
    let served: string | undefined;
    while (served === undefined && Date.now() < deadline) {
      try {
        served = (await nc.request(`${ns}.${base}.later`, JSON.stringify({ n: 1 }), { timeout: 10_000 })).string();
      } catch (err) {
        assert.ok((err as { isNoResponders?: () => boolean }).isNoResponders?.(), String(err));
        await sleep(20);
      }
    }
    assert.ok(served, 'the surviving replica never subscribed to the trigger created on the other one');
    const [job] = await expectJobs('f/nats/later', 1);
    assert.equal(job?.id, served);
  });
});
