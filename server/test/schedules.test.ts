import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { json, startHarness, type Harness } from './harness.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface TickJob {
  id: string;
  status: string;
  scheduled_for: Date;
  created_at: Date;
  completed_at: Date | null;
  trigger_kind: string | null;
  args: Record<string, unknown>;
  result: unknown;
}

describe('schedules', () => {
  let h: Harness;
  let db: pg.Client;
  before(async () => {
    h = await startHarness();
    await h.startWorker({ WORKER_GROUPS: 'default', WORKER_CONCURRENCY: '4' });
    db = new pg.Client({ connectionString: h.databaseUrl });
    await db.connect();
    await h.deploy('f/s/tick', 'bash', 'n="${1:-0}"\necho "tick $n"');
  });
  after(async () => {
    await db?.end();
    await h?.close();
  });

  const create = (body: Record<string, unknown>) =>
    h.api('/api/w/main/schedules/create', {
      method: 'POST',
      json: { timezone: 'UTC', script_path: 'f/s/tick', is_flow: false, args: {}, enabled: true, ...body },
    });
  const created = async (body: Record<string, unknown>) => {
    const res = await create(body);
    assert.equal(res.status, 201, await res.clone().text());
  };
  const setEnabled = async (path: string, enabled: boolean) => {
    const res = await h.api(`/api/w/main/schedules/setenabled/${path}`, { method: 'POST', json: { enabled } });
    assert.equal(res.status, 200, await res.clone().text());
  };
  const jobsOf = async (schedule: string): Promise<TickJob[]> =>
    (
      await db.query<TickJob>(
        `SELECT id, status, scheduled_for, created_at, completed_at, trigger_kind, args, result FROM job
         WHERE workspace_id = 'main' AND schedule_path = $1 ORDER BY scheduled_for`,
        [schedule],
      )
    ).rows;
  /** Waits for the jobs of a schedule to finish (a tick may still be starting when it is disabled). */
  const settled = async (schedule: string) => {
    for (const job of await jobsOf(schedule)) await h.waitJob(job.id);
    return jobsOf(schedule);
  };

  it('rejects what could not run: bad cron, bad time zone, missing target, bad arguments, a taken path', async () => {
    await h.deploy('f/s/typed', 'python3', 'def main(n: int):\n    return n');
    const cases: [Record<string, unknown>, number, RegExp][] = [
      [{ path: 'f/s/v1', schedule: '61 * * * * *' }, 400, /not a valid cron expression.*Invalid value for second: 61/],
      [{ path: 'f/s/v2', schedule: '* * *' }, 400, /not a valid cron expression/],
      [{ path: 'f/s/v3', schedule: '* * * * *', timezone: 'Europe/Pariss' }, 400, /not an IANA time zone/],
      [
        { path: 'f/s/v4', schedule: '* * * * *', script_path: 'f/s/none' },
        400,
        /script_path: script "f\/s\/none" not found/,
      ],
      [{ path: 'f/s/v5', schedule: '* * * * *', is_flow: true }, 400, /script_path: flow "f\/s\/tick" not found/],
      [{ path: 'f/s/v6', schedule: '* * * * *', script_path: 'f/s/typed', args: { n: 'x' } }, 400, /n must be integer/],
      [{ path: 'f/s/v7', schedule: '* * * * *', on_failure: 'f/s/none' }, 400, /on_failure: script/],
      [{ path: 'bad path', schedule: '* * * * *' }, 400, /invalid path/],
      [{ path: 'f/s/v8' }, 400, /schedule is required/],
    ];
    for (const [body, status, message] of cases) {
      const res = await create(body);
      const text = await res.text();
      assert.equal(res.status, status, `${JSON.stringify(body)}: ${text}`);
      assert.match(JSON.parse(text).error?.message ?? text, message);
    }
    await created({ path: 'f/s/taken', schedule: '0 0 1 1 *', enabled: false });
    assert.equal((await create({ path: 'f/s/taken', schedule: '0 0 1 1 *' })).status, 409);
  });

  it('create, get, list, update, setenabled and delete in Windmill shapes', async () => {
    const res = await create({
      path: 'f/s/crud',
      schedule: '0 30 2 * * *',
      timezone: 'Europe/Paris',
      args: { n: '1' },
      no_flow_overlap: true,
      summary: 'nightly',
    });
    assert.equal(res.status, 201);
    assert.equal(await res.text(), 'f/s/crud');
    const got = await json(h.api('/api/w/main/schedules/get/f/s/crud'));
    assert.equal(got.path, 'f/s/crud');
    assert.equal(got.schedule, '0 30 2 * * *');
    assert.equal(got.timezone, 'Europe/Paris');
    assert.equal(got.script_path, 'f/s/tick');
    assert.equal(got.is_flow, false);
    assert.deepEqual(got.args, { n: '1' });
    assert.equal(got.enabled, true);
    assert.equal(got.no_overlap, true);
    assert.equal(got.no_flow_overlap, true);
    assert.equal(got.summary, 'nightly');
    assert.equal(got.edited_by, 'admin');
    assert.ok(new Date(got.next_fire_at).getTime() > Date.now());
    // 02:30 in Paris is 00:30 or 01:30 UTC.
    assert.match(got.next_fire_at, /T0[01]:30:00\.000Z$/);

    const up = await h.api('/api/w/main/schedules/update/f/s/crud', {
      method: 'POST',
      json: { schedule: '0 0 12 * * *', timezone: 'UTC', args: { n: '2' } },
    });
    assert.equal(up.status, 200, await up.clone().text());
    const updated = await json(h.api('/api/w/main/schedules/get/f/s/crud'));
    assert.equal(updated.schedule, '0 0 12 * * *');
    assert.deepEqual(updated.args, { n: '2' });
    assert.equal(updated.summary, 'nightly');
    assert.match(updated.next_fire_at, /T12:00:00\.000Z$/);
    const badUpdate = await h.api('/api/w/main/schedules/update/f/s/crud', {
      method: 'POST',
      json: { timezone: 'X/Y' },
    });
    assert.equal(badUpdate.status, 400);

    await setEnabled('f/s/crud', false);
    const disabled = await json(h.api('/api/w/main/schedules/get/f/s/crud'));
    assert.equal(disabled.enabled, false);
    assert.equal(disabled.next_fire_at, null);
    const list = await json(h.api('/api/w/main/schedules/list?enabled=false'));
    assert.ok(list.some((s: { path: string }) => s.path === 'f/s/crud'));
    await setEnabled('f/s/crud', true);
    assert.ok((await json(h.api('/api/w/main/schedules/get/f/s/crud'))).next_fire_at);

    const del = await h.api('/api/w/main/schedules/delete/f/s/crud', { method: 'DELETE' });
    assert.equal(del.status, 200);
    assert.equal(await del.text(), 'schedule f/s/crud deleted', 'all three trigger kinds answer delete alike');
    assert.equal((await h.api('/api/w/main/schedules/get/f/s/crud')).status, 404);
    assert.equal((await h.api('/api/w/main/schedules/delete/f/s/crud', { method: 'DELETE' })).status, 404);
  });

  it('an every-second schedule starts one job per tick, recording schedule_path and scheduled_for', async () => {
    await created({ path: 'f/s/every', schedule: '* * * * * *', args: { n: '7' } });
    await sleep(3200);
    await setEnabled('f/s/every', false);
    const jobs = await settled('f/s/every');
    assert.ok(jobs.length >= 2 && jobs.length <= 5, `${jobs.length} jobs`);
    for (const [i, job] of jobs.entries()) {
      assert.equal(job.status, 'success');
      assert.equal(job.trigger_kind, 'schedule');
      assert.deepEqual(job.args, { n: '7' });
      assert.equal(job.scheduled_for.getMilliseconds(), 0);
      if (i > 0) assert.equal(job.scheduled_for.getTime() - jobs[i - 1]!.scheduled_for.getTime(), 1000);
    }
    const view = await json(h.api(`/api/w/main/jobs_u/get/${jobs[0]!.id}`));
    assert.equal(view.schedule_path, 'f/s/every');
    assert.equal(new Date(view.scheduled_for).getTime(), jobs[0]!.scheduled_for.getTime());
  });

  it('schedules a flow (is_flow)', async () => {
    const flow = await h.api('/api/w/main/flows/create', {
      method: 'POST',
      json: {
        path: 'f/s/flow',
        value: { modules: [{ id: 'a', value: { type: 'script', path: 'f/s/tick', input_transforms: {} } }] },
      },
    });
    assert.equal(flow.status, 201, await flow.clone().text());
    await created({ path: 'f/s/flowsched', schedule: '* * * * * *', script_path: 'f/s/flow', is_flow: true });
    for (let i = 0; i < 100 && (await jobsOf('f/s/flowsched')).length === 0; i++) await sleep(50);
    await setEnabled('f/s/flowsched', false);
    const jobs = await settled('f/s/flowsched');
    assert.ok(jobs.length >= 1);
    assert.ok(jobs.every((j) => j.status === 'success'));
  });

  it('two server replicas on one database start exactly one job per tick', async () => {
    const second = await h.spawnServer();
    try {
      await created({ path: 'f/s/replicas', schedule: '* * * * * *' });
      await sleep(4200);
      await setEnabled('f/s/replicas', false);
      const jobs = await settled('f/s/replicas');
      const ticks = jobs.map((j) => j.scheduled_for.getTime());
      assert.equal(new Set(ticks).size, ticks.length, 'a tick has two jobs');
      assert.ok(jobs.length >= 3, `${jobs.length} jobs in 4 s`);
      for (let i = 1; i < ticks.length; i++) assert.equal(ticks[i]! - ticks[i - 1]!, 1000, 'a tick was lost');
      // Both replicas were really firing: the spawned one is alive and answers.
      assert.equal(second.child.exitCode, null);
    } finally {
      second.child.kill('SIGTERM');
    }
  });

  it('no_overlap skips ticks while the previous job of the schedule still runs', async () => {
    await h.deploy('f/s/slow', 'bash', 'sleep 2.2\necho done');
    await created({ path: 'f/s/nooverlap', schedule: '* * * * * *', script_path: 'f/s/slow', no_overlap: true });
    await sleep(4500);
    await setEnabled('f/s/nooverlap', false);
    const jobs = await settled('f/s/nooverlap');
    assert.ok(jobs.length >= 1 && jobs.length <= 2, `${jobs.length} jobs`);
    for (let i = 1; i < jobs.length; i++) {
      assert.ok(jobs[i]!.created_at.getTime() >= jobs[i - 1]!.completed_at!.getTime(), 'two jobs overlapped');
    }
  });

  it('on_failure runs its script once per failed job with {schedule_path, job_id, error}', async () => {
    await h.deploy('f/s/fails', 'bash', 'echo boom >&2\nexit 3');
    await h.deploy(
      'f/s/handler',
      'python3',
      'def main(schedule_path: str, job_id: str, error: dict):\n    return {"schedule": schedule_path, "job": job_id}',
    );
    await created({
      path: 'f/s/failing',
      schedule: '* * * * * *',
      script_path: 'f/s/fails',
      on_failure: 'f/s/handler',
    });
    await sleep(1500);
    await setEnabled('f/s/failing', false);
    const failed = await settled('f/s/failing');
    assert.ok(failed.length >= 1);
    assert.ok(failed.every((j) => j.status === 'failure'));
    let handlers: TickJob[] = [];
    for (let i = 0; i < 200; i++) {
      handlers = (
        await db.query<TickJob>(
          `SELECT id, status, args, result, trigger_kind FROM job WHERE script_path = 'f/s/handler' ORDER BY created_at`,
        )
      ).rows;
      if (handlers.length >= failed.length) break;
      await sleep(50);
    }
    await sleep(300); // a duplicate would show up by now
    handlers = (await db.query<TickJob>(`SELECT id, args, trigger_kind FROM job WHERE script_path = 'f/s/handler'`))
      .rows;
    assert.equal(handlers.length, failed.length);
    const byJob = new Map(handlers.map((j) => [j.args.job_id, j]));
    for (const job of failed) {
      const handler = byJob.get(job.id);
      assert.ok(handler, `no handler for ${job.id}`);
      assert.equal(handler.args.schedule_path, 'f/s/failing');
      assert.equal(handler.trigger_kind, 'schedule_on_failure');
      assert.deepEqual(handler.args.error, (job.result as { error: unknown }).error);
      const done = await h.waitJob(handler.id);
      assert.equal(done.status, 'success', JSON.stringify(done.result));
    }
  });

  it('after downtime skips missed ticks, or with catch_up runs each one once', async () => {
    // Daily at 03:00 UTC; the server is stopped and the schedules' next tick moved 4 days back.
    await created({ path: 'f/s/skip', schedule: '0 0 3 * * *' });
    await created({ path: 'f/s/catchup', schedule: '0 0 3 * * *', catch_up: true });
    await h.stopServer();
    const day = 86_400_000;
    const last = new Date(Math.floor((Date.now() - 3 * 3_600_000) / day) * day + 3 * 3_600_000); // last 03:00 ≤ now
    const first = new Date(last.getTime() - 4 * day);
    await db.query(`UPDATE schedule SET next_fire_at = $1 WHERE path IN ('f/s/skip', 'f/s/catchup')`, [first]);
    await h.startServer();
    const advanced = async () => {
      const { rows } = await db.query<{ n: string }>(
        `SELECT count(*) AS n FROM schedule WHERE path IN ('f/s/skip', 'f/s/catchup') AND next_fire_at > now()`,
      );
      return rows[0]!.n === '2';
    };
    for (let i = 0; i < 200 && !(await advanced()); i++) await sleep(50);
    const caught = await settled('f/s/catchup');
    assert.deepEqual(
      caught.map((j) => j.scheduled_for.getTime()),
      [0, 1, 2, 3, 4].map((d) => first.getTime() + d * day),
    );
    assert.deepEqual(await jobsOf('f/s/skip'), []);
    for (const path of ['f/s/skip', 'f/s/catchup']) {
      const s = await json(h.api(`/api/w/main/schedules/get/${path}`));
      assert.equal(new Date(s.next_fire_at).getTime(), last.getTime() + day);
    }
  });
});
