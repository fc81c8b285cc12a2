import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { addUser, json, startHarness, type Harness } from './harness.js';
import { sql } from './job-api-helpers.js';
import { jobApiClientPy } from './job-api-helpers.js';

/**
 * The job API from inside a sandbox (docs/adr/0037-secrets-in-jobs.md): the socket at
 * $RUNNEL_SOCKET, one line of JSON each way, relayed by the worker over NATS and answered as
 * the job's user.
 */
describe('the job API socket', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ RUNNEL_MASTER_KEY: randomBytes(32).toString('base64') });
    await h.startWorker({ WORKER_CONCURRENCY: '4', WORKER_NETWORK: 'none' });
  });
  after(async () => h?.close());

  const runSync = async (path: string, args: unknown = {}, token?: string) => {
    const res = await h.api(`/api/w/main/jobs/run_wait_result/p/${path}`, { method: 'POST', json: args, token });
    return { status: res.status, body: await json(res) };
  };
  const createVar = (path: string, value: string, is_secret = false) =>
    h.api('/api/w/main/variables/create', { method: 'POST', json: { path, value, is_secret } });

  it('answers get_variable from a python3 job under network none', async () => {
    assert.equal((await createVar('f/sock/plain', 'plain-value')).status, 201);
    await h.deploy(
      'f/sock/get',
      'python3',
      `${jobApiClientPy}\ndef main():\n    return call({"op": "get_variable", "path": "f/sock/plain"})\n`,
    );
    const { status, body } = await runSync('f/sock/get');
    assert.equal(status, 200, JSON.stringify(body));
    assert.deepEqual(body, { ok: true, value: 'plain-value' });
  });

  it('refuses bad lines and unknown ops with a status saying what to fix', async () => {
    await h.deploy(
      'f/sock/bad',
      'python3',
      `${jobApiClientPy}
def main():
    return [raw(b"not json\\n"), raw(b"[1]\\n"), call({"op": "nope"}), call({"op": "get_variable"}),
            raw(b"{" + b" " * (1024 * 1024 + 10) + b"\\n")]
`,
    );
    const { status, body } = await runSync('f/sock/bad');
    assert.equal(status, 200, JSON.stringify(body));
    assert.deepEqual(
      body.map((r: { status: number }) => r.status),
      [400, 400, 400, 400, 413],
    );
    assert.match(body[2].error, /unknown op "nope"/);
    assert.match(body[3].error, /"path" must be a non-empty string/);
  });

  it('a viewer-owned job cannot set_variable; a developer-owned one can', async () => {
    const member = await addUser(h, 'operator');
    const developer = await addUser(h, 'developer');
    await h.deploy(
      'f/sock/set',
      'python3',
      `${jobApiClientPy}
import time
def main(v: str, wait: float = 0):
    time.sleep(wait)
    return call({"op": "set_variable", "path": "f/sock/written", "value": v})
`,
    );
    // Viewers can't start jobs: an operator's job whose user is made a viewer while it runs.
    const queued = await h.api('/api/w/main/jobs/run/p/f/sock/set', {
      method: 'POST',
      json: { v: 'x', wait: 2 },
      token: member.token,
    });
    assert.equal(queued.status, 201);
    await sql(h, "UPDATE workspace_member SET role = 'viewer' WHERE user_id = $1", [member.id]);
    const byViewer = await h.waitJob(await queued.text());
    assert.equal(byViewer.status, 'success', JSON.stringify(byViewer.result));
    assert.equal((byViewer.result as { status: number }).status, 403);
    assert.match((byViewer.result as { error: string }).error, /may not write variable "f\/sock\/written"/);

    const byDeveloper = await runSync('f/sock/set', { v: 'written-by-job' }, developer.token);
    assert.deepEqual(byDeveloper.body, { ok: true, value: null });
    const read = await json(h.api('/api/w/main/variables/get_value/f/sock/written'));
    assert.equal(read, 'written-by-job');
  });
});
