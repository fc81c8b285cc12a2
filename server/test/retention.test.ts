import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { JobRetention, type RetentionReport } from '../src/jobs/job-retention.js';
import { json, startHarness, until, type Harness } from './harness.js';

/** Jobs deleted by one batch in these tests; the default is 500. */
const BATCH = 40;
const OLD = "now() - interval '40 days'";

const bash = (content: string) => ({ type: 'rawscript', language: 'bash', content, input_transforms: {} });

/**
 * Job retention (docs/adr/0044-retention.md): real jobs run through the platform, then some are
 * made old by moving their timestamps back 40 days (RUNNEL_RETENTION_DAYS is 30), and a sweep is
 * run. The sweeper's own timer is an hour here, so only the sweeps the tests start run.
 */
describe('job retention', () => {
  let h: Harness;
  let db: DataSource;
  const sweep = (): Promise<RetentionReport> => h.server.app.get(JobRetention).sweep();

  before(async () => {
    h = await startHarness({
      RUNNEL_RETENTION_DAYS: '30',
      RUNNEL_RETENTION_INTERVAL_MS: '3600000',
      RUNNEL_RETENTION_BATCH: String(BATCH),
      RUNNEL_RETENTION_PAUSE_MS: '30',
    });
    db = h.server.app.get(DataSource);
    await h.startWorker({ WORKER_CONCURRENCY: '2' });
    await h.deploy('f/ret/echo', 'bash', 'x="$1"\necho "line one $x"\necho "line two"\necho "{\\"n\\": $x}"');
    for (const [path, modules] of [
      ['f/ret/sub', [{ id: 'a', value: bash('echo sub step') }]],
      [
        'f/ret/done',
        [
          { id: 's', value: { type: 'flow', path: 'f/ret/sub', input_transforms: {} } },
          { id: 'x', value: bash('echo x') },
        ],
      ],
      [
        'f/ret/waiting',
        [
          { id: 's', value: { type: 'flow', path: 'f/ret/sub', input_transforms: {} } },
          { id: 'ask', value: bash('echo asked'), suspend: { timeout: 600 } },
          { id: 'after', value: bash('echo after') },
        ],
      ],
      ['f/ret/id', [{ id: 'i', value: { type: 'identity' } }]],
    ] as const) {
      const res = await h.api('/api/w/main/flows/create', { method: 'POST', json: { path, value: { modules } } });
      assert.equal(res.status, 201, await res.text());
    }
  });
  after(async () => h?.close());

  async function run(kind: 'p' | 'f', path: string, args: Record<string, unknown> = {}): Promise<string> {
    const res = await h.api(`/api/w/main/jobs/run/${kind}/${path}`, { method: 'POST', json: args });
    assert.equal(res.status, 201, await res.clone().text());
    return res.text();
  }
  /** The job and every job under it (flow steps, sub-flows and their steps). */
  async function tree(root: string): Promise<string[]> {
    const rows: { id: string }[] = await db.query(
      `WITH RECURSIVE t AS (SELECT id FROM job WHERE id = $1 UNION ALL SELECT j.id FROM job j JOIN t ON j.parent_job = t.id)
       SELECT id FROM t`,
      [root],
    );
    return rows.map((r) => r.id);
  }
  /** Makes finished jobs look 40 days old: finished 40 days ago, created a little before. */
  async function age(ids: string[]): Promise<void> {
    await db.query(
      `UPDATE job SET created_at = ${OLD} - interval '1 minute', started_at = ${OLD} - interval '1 minute',
         completed_at = ${OLD} WHERE id = ANY($1) AND status IN ('success', 'failure', 'canceled')`,
      [ids],
    );
  }
  /**
   * `copies` more old jobs like each of `ids`, with copies of their logs: a volume the sweeper
   * must take down in many batches, without running thousands of sandboxes.
   */
  async function cloneOld(ids: string[], copies: number): Promise<string[]> {
    const rows: { id: string }[] = await db.query(
      `WITH src AS (
         SELECT j.*, gen_random_uuid() AS new_id FROM job j, generate_series(1, $2) WHERE j.id = ANY($1)
       ), ins AS (
         INSERT INTO job (id, workspace_id, kind, script_path, script_hash, language, args, tag, timeout_s, status,
           result, attempts, worker, created_by, created_at, started_at, completed_at, duration_ms)
         SELECT new_id, workspace_id, kind, script_path, script_hash, language, args, tag, timeout_s, status,
           result, attempts, worker, created_by, ${OLD}, ${OLD}, ${OLD}, duration_ms FROM src
         RETURNING id
       ), logs AS (
         INSERT INTO job_log (job_id, attempt, seq, text)
         SELECT s.new_id, l.attempt, l.seq, l.text FROM src s JOIN job_log l ON l.job_id = s.id
       )
       SELECT id FROM ins`,
      [ids, copies],
    );
    return rows.map((r) => r.id);
  }
  const countJobs = async (ids: string[]): Promise<number> =>
    (await db.query('SELECT count(*)::int AS n FROM job WHERE id = ANY($1)', [ids]))[0].n;
  const countLogs = async (ids: string[]): Promise<number> =>
    (await db.query('SELECT count(*)::int AS n FROM job_log WHERE job_id = ANY($1)', [ids]))[0].n;
  const status = async (id: string): Promise<number> => (await h.api(`/api/w/main/jobs_u/get/${id}`)).status;

  it('deletes old finished jobs with their logs and results in batches of at most RUNNEL_RETENTION_BATCH, and keeps recent ones', async () => {
    const ids = [];
    for (let i = 0; i < 6; i++) ids.push(await run('p', 'f/ret/echo', { x: String(i) }));
    for (const id of ids) assert.equal((await h.waitJob(id)).status, 'success');
    const [old, recent] = [ids.slice(0, 4), ids.slice(4)];
    const logRows = await countLogs(old);
    assert.ok(logRows >= 4, 'each job logged');
    await age(old);
    const clones = await cloneOld(old, 30);
    const doomed = [...old, ...clones];
    assert.equal(doomed.length, 124);
    assert.equal(await countLogs(doomed), logRows * 31);

    const report = await sweep();
    assert.equal(report.deleted, 124);
    assert.equal(report.batches.at(-1), 0, 'the last batch found nothing left');
    const full = report.batches.slice(0, -1);
    assert.ok(full.length >= Math.ceil(124 / BATCH), `several batches: ${report.batches.join(', ')}`);
    for (const n of full) assert.ok(n > 0 && n <= BATCH, `a batch of ${n} jobs (at most ${BATCH})`);
    assert.equal(await countJobs(doomed), 0);
    assert.equal(await countLogs(doomed), 0, 'their logs went with them');
    for (const id of old) {
      assert.equal(await status(id), 404);
      assert.equal((await h.api(`/api/w/main/jobs_u/get_logs/${id}`)).status, 404);
      assert.equal((await h.api(`/api/w/main/jobs_u/completed/get_result/${id}`)).status, 404);
    }
    for (const [i, id] of recent.entries()) {
      const job = await json(h.api(`/api/w/main/jobs_u/get/${id}`));
      assert.equal(job.status, 'success');
      assert.deepEqual(job.result, { n: i + 4 });
      assert.match(await (await h.api(`/api/w/main/jobs_u/get_logs/${id}`)).text(), /line one \d\nline two/);
    }

    // Deleted rows' space is reused once vacuumed; with PostgreSQL's autovacuum off, the sweep vacuums.
    const [{ autovacuum }] = await db.query("SELECT current_setting('autovacuum') AS autovacuum");
    assert.equal(report.vacuumed, autovacuum === 'off');
    const again = await sweep();
    assert.deepEqual(again.batches, [0], 'a second sweep finds nothing: sweeping is idempotent');
  });

  it('keeps every run of a running flow, sub-flows included, and deletes a finished flow with all its steps', async () => {
    const done = await run('f', 'f/ret/done');
    assert.equal((await h.waitJob(done)).status, 'success');
    const waiting = await run('f', 'f/ret/waiting');
    await until(async () => {
      const job = await json(h.api(`/api/w/main/jobs_u/get/${waiting}`));
      return job.flow_status?.modules[1].status === 'suspended' ? true : undefined;
    });
    const doneTree = await tree(done);
    const waitingTree = await tree(waiting);
    assert.equal(doneTree.length, 4, 'flow, sub-flow, its step, and x');
    // The running flow: itself, its finished sub-flow and that one's step, its finished `ask` step.
    assert.equal(waitingTree.length, 4);
    await age(doneTree);
    await age(waitingTree);
    // Created long ago too (not started: its duration_ms, an integer of ms, would overflow when it ends).
    await db.query(`UPDATE job SET created_at = ${OLD} WHERE id = $1`, [waiting]);

    const report = await sweep();
    assert.equal(report.deleted, 4);
    assert.equal(await countJobs(doneTree), 0, 'the finished flow went with its steps and its sub-flow');
    assert.equal(await countLogs(doneTree), 0);
    assert.equal(await status(done), 404);
    assert.equal(await countJobs(waitingTree), 4, 'the running flow keeps its old finished steps');

    // What the running flow's page reads still answers: the flow, its steps, their logs.
    const flow = await json(h.api(`/api/w/main/jobs_u/get/${waiting}`));
    assert.equal(flow.status, 'running');
    const steps = flow.flow_status.modules as { id: string; job: string; status: string }[];
    assert.deepEqual(
      steps.map((m) => [m.id, m.status]),
      [
        ['s', 'success'],
        ['ask', 'suspended'],
        ['after', 'waiting'],
      ],
    );
    const sub = await json(h.api(`/api/w/main/jobs_u/get/${steps[0]!.job}`));
    assert.equal(sub.status, 'success');
    const subStep = sub.flow_status.modules[0].job as string;
    assert.match(await (await h.api(`/api/w/main/jobs_u/get_logs/${subStep}`)).text(), /sub step/);
    assert.match(await (await h.api(`/api/w/main/jobs_u/get_logs/${steps[1]!.job}`)).text(), /asked/);
    const listed = await json(h.api(`/api/w/main/jobs/list?parent_job=${waiting}`));
    assert.equal(listed.length, 2);

    // Once the flow is over and old, it goes as a whole.
    const canceled = await h.api(`/api/w/main/jobs_u/queue/cancel/${waiting}`, { method: 'POST', json: {} });
    assert.equal(canceled.status, 200, await canceled.text());
    assert.equal((await h.waitJob(waiting)).status, 'canceled');
    await age(waitingTree);
    assert.equal((await sweep()).deleted, 4);
    assert.equal(await countJobs(waitingTree), 0);
  });

  it('does not block jobs being submitted while it deletes thousands, and replicas sweeping at once share the work', async () => {
    const seeds = [await run('p', 'f/ret/echo', { x: '1' }), await run('p', 'f/ret/echo', { x: '2' })];
    for (const id of seeds) await h.waitJob(id);
    await age(seeds);
    const doomed = [...seeds, ...(await cloneOld(seeds, 3000))];

    // Two sweeps at once, as two replicas' timers would start them.
    let sweeping = true;
    const sweeps = Promise.all([sweep(), sweep()]).finally(() => (sweeping = false));
    await until(async () => ((await countJobs(doomed)) < doomed.length ? true : undefined));
    const submits: number[] = [];
    const fresh: string[] = [];
    while (sweeping) {
      const started = performance.now();
      fresh.push(await run('f', 'f/ret/id'));
      fresh.push(await run('p', 'f/ret/echo', { x: '7' }));
      // Only a round that ended before the sweep did shows anything.
      if (sweeping) submits.push(performance.now() - started);
    }
    const reports = await sweeps;
    assert.ok(submits.length >= 3, `rounds submitted during the sweep: ${submits.length}`);
    for (const ms of submits) assert.ok(ms < 2000, `two submissions took ${Math.round(ms)} ms during the sweep`);
    assert.equal(reports[0].deleted + reports[1].deleted, doomed.length, 'each row deleted once between them');
    for (const r of reports) for (const n of r.batches) assert.ok(n <= BATCH);
    assert.equal(await countJobs(doomed), 0);
    for (const id of fresh) assert.equal((await h.waitJob(id)).status, 'success');
  });
});
