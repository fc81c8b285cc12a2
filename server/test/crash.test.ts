import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { JobReaper } from '../src/jobs/job-reaper.js';
import { json, startHarness, type Harness } from './harness.js';

async function waitRunning(h: Harness, id: string, worker: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    const job = await json(h.api(`/api/w/main/jobs_u/get/${id}`));
    if (job.status === 'running' && job.worker === worker) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`job ${id} never ran on ${worker}`);
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

describe('a worker killed mid-job', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => h?.close());

  it('loses nothing: another worker runs attempt 2 and the result is recorded once', async () => {
    const env = { RUNNEL_ACK_WAIT_MS: '2000', WORKER_CONCURRENCY: '1' };
    const first = h.spawnWorker({ ...env, WORKER_NAME: 'doomed' });
    await h.deploy('f/crash/slow', 'bash', 'echo "attempt starting"\nsleep 2\necho done-once');
    const id = await (await h.api('/api/w/main/jobs/run/p/f/crash/slow', { method: 'POST', json: {} })).text();
    await waitRunning(h, id, 'doomed');
    await killed(first);
    h.spawnWorker({ ...env, WORKER_NAME: 'survivor' });
    const job = await h.waitJob(id, 30_000);
    assert.equal(job.status, 'success');
    assert.equal(job.result, 'done-once');
    assert.equal(job.attempts, 2);
    assert.equal(job.worker, 'survivor');
    const logs = await (await h.api(`/api/w/main/jobs_u/get_logs/${id}`)).text();
    assert.match(logs, /--- attempt 2 ---/);
    const jobs = (await json(h.api('/api/w/main/jobs/list?script_path=f/crash/slow'))) as unknown[];
    assert.equal(jobs.length, 1);
  });
});

describe('a running job nobody reports on', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ RUNNEL_LOST_JOB_GRACE_S: '0' });
  });
  after(async () => h?.close());

  it('is failed as lost once every attempt must have ended', async () => {
    await h.deploy('f/crash/lost', 'bash', 'echo never', { timeout: 1 });
    const script = await json(h.api('/api/w/main/scripts/get/p/f/crash/lost'));
    const db = h.server.app.get(DataSource);
    // As a job is left when its worker died and the max-deliveries advisory found no server.
    const insert = (startedSecondsAgo: number) =>
      db.query(
        `INSERT INTO job (id, workspace_id, script_path, script_hash, language, args, tag, timeout_s, status, started_at)
         VALUES (gen_random_uuid(), 'main', $1, $2, 'bash', '{}', 'default', 1, 'running', now() - make_interval(secs => $3))
         RETURNING id`,
        [script.path, script.hash, startedSecondsAgo],
      );
    const [{ id }] = await insert(5);
    // Started a second ago with a 1 s timeout: attempts 2 and 3 may still come.
    const [{ id: young }] = await insert(1);
    assert.deepEqual(await h.server.app.get(JobReaper).reap(), [id]);
    const job = await h.waitJob(id, 1000);
    assert.equal(job.status, 'failure');
    assert.equal((job.result as { error: { name: string } }).error.name, 'JobLost');
    assert.deepEqual(await h.server.app.get(JobReaper).reap(), [], 'a failed job is not reaped twice');
    assert.equal((await json(h.api(`/api/w/main/jobs_u/get/${young}`))).status, 'running');
  });
});

describe('a job whose every attempt dies', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => h?.close());

  it('fails with the reason once deliveries run out', async () => {
    const env = { RUNNEL_ACK_WAIT_MS: '1000', RUNNEL_MAX_DELIVER: '1', WORKER_CONCURRENCY: '1' };
    const only = h.spawnWorker({ ...env, WORKER_NAME: 'only' });
    await h.deploy('f/crash/doomed', 'bash', 'sleep 30');
    const id = await (await h.api('/api/w/main/jobs/run/p/f/crash/doomed', { method: 'POST', json: {} })).text();
    await waitRunning(h, id, 'only');
    await killed(only);
    // JetStream notices the exhausted message when a worker next asks for work.
    h.spawnWorker({ ...env, WORKER_NAME: 'next' });
    const job = await h.waitJob(id, 20_000);
    assert.equal(job.status, 'failure');
    const error = (job.result as { error: { name: string; message: string } }).error;
    assert.equal(error.name, 'MaxAttemptsExceeded');
    assert.match(error.message, /1 attempts/);
  });
});
