import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { JobPublisher } from '../src/jobs/job-publisher.js';
import { json, startHarness, type Harness } from './harness.js';

describe('the outbox relay', () => {
  let h: Harness;
  let db: DataSource;
  before(async () => {
    // Relay only when the test says so.
    h = await startHarness({ RUNNEL_RELAY_INTERVAL_MS: '0' });
    await h.startWorker();
    db = h.server.app.get(DataSource);
  });
  after(async () => h?.close());

  it('publishes a job whose first publish was never confirmed, and runs it once', async () => {
    await h.deploy('f/relay/count', 'bash', 'echo "ran"\necho counted');
    // A job row as the server leaves it when NATS was down at the moment of the publish.
    const script = await json(h.api('/api/w/main/scripts/get/p/f/relay/count'));
    const [{ id }] = await db.query(
      `INSERT INTO job (id, workspace_id, script_path, script_hash, language, args, tag, timeout_s, status, created_at)
       VALUES (gen_random_uuid(), 'main', $1, $2, 'bash', '{}', 'default', 60, 'queued', now() - interval '10 seconds')
       RETURNING id`,
      [script.path, script.hash],
    );
    assert.equal(await h.server.app.get(JobPublisher).relay(), 1);
    const job = await h.waitJob(id);
    assert.equal(job.status, 'success');
    assert.equal(job.result, 'counted');
    const [row] = await db.query('SELECT published_at, stream_seq FROM job WHERE id = $1', [id]);
    assert.ok(row.published_at && row.stream_seq, 'the relay records the publish');
  });

  it('runs again a nativets job whose server died before its result was stored', async () => {
    await h.deploy('f/relay/native', 'nativets', 'export function main() {\n  console.log("ran");\n  return 7;\n}');
    const script = await json(h.api('/api/w/main/scripts/get/p/f/relay/native'));
    // The row as a server leaves it that committed the job and died before running it.
    const insert = async (age: string) => {
      const [{ id }] = await db.query(
        `INSERT INTO job (id, workspace_id, script_path, script_hash, language, args, tag, timeout_s, status, created_at)
         VALUES (gen_random_uuid(), 'main', $1, $2, 'nativets', '{}', 'default', 60, 'queued', now() - $3::interval)
         RETURNING id`,
        [script.path, script.hash, age],
      );
      return id as string;
    };
    // 10 s old: it may still be running on another server (its fetch calls must not be made
    // twice), so it is left alone until that server's longest run (10 s) and 30 s more are over.
    const recent = await insert('10 seconds');
    assert.equal(await h.server.app.get(JobPublisher).relay(), 0);
    const id = await insert('41 seconds');
    assert.equal(await h.server.app.get(JobPublisher).relay(), 1);
    const [{ status }] = await db.query('SELECT status FROM job WHERE id = $1', [recent]);
    assert.equal(status, 'queued');
    await db.query('DELETE FROM job WHERE id = $1', [recent]);
    const job = await h.waitJob(id);
    assert.equal(job.status, 'success');
    assert.equal(job.result, 7);
    assert.match(String(job.worker), /^server-native@/);
    assert.match(await (await h.api(`/api/w/main/jobs_u/get_logs/${id}`)).text(), /ran/);
  });

  it('does not run a job twice when a stored publish is republished', async () => {
    await h.deploy('f/relay/slow', 'bash', 'sleep 1\necho once');
    const id = await (await h.api('/api/w/main/jobs/run/p/f/relay/slow', { method: 'POST', json: {} })).text();
    // As if the publish had been stored but its confirmation lost.
    await db.query(
      `UPDATE job SET published_at = NULL, created_at = now() - interval '10 seconds' WHERE id = $1 AND status = 'queued'`,
      [id],
    );
    await h.server.app.get(JobPublisher).relay();
    const job = await h.waitJob(id);
    assert.equal(job.status, 'success');
    assert.equal(job.attempts, 1);
    await new Promise((r) => setTimeout(r, 1500));
    const logs = await (await h.api(`/api/w/main/jobs_u/get_logs/${id}`)).text();
    assert.doesNotMatch(logs, /attempt 2/);
  });
});

describe('a first start without a bootstrap token', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ RUNNEL_BOOTSTRAP_TOKEN: '' });
  });
  after(async () => h?.close());

  it('creates the admin with a one-time password that logs in', async () => {
    const password = h.server.bootstrap.password;
    assert.ok(password && password.length >= 12);
    const bad = await h.api('/api/auth/login', {
      method: 'POST',
      token: null,
      json: { login: 'admin', password: 'nope' },
    });
    assert.equal(bad.status, 401);
    const res = await h.api('/api/auth/login', { method: 'POST', token: null, json: { login: 'admin', password } });
    assert.equal(res.status, 200);
    const { token } = await json(res);
    const me = await h.api('/api/auth/whoami', { token });
    assert.equal((await json(me)).username, 'admin');
    assert.equal((await h.api('/api/w/main/scripts/list', { token })).status, 200);
  });
});
