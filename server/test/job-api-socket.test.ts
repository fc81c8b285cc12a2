import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { connect } from '@nats-io/transport-node';
import { natsNames } from '@runnel/protocol';
import { JobCredentials } from '../src/jobs/job-credentials.js';
import { TOKEN, addUser, json, startHarness, type Harness } from './harness.js';
import { graphql } from './variables-helpers.js';

const NATS_URL = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
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

  it('answers at most 8 requests of a job at once: the others get a 429 at once', async () => {
    await h.deploy('f/sock/sleepy', 'bash', 'sleep 1\necho slept');
    await h.deploy(
      'f/sock/many',
      'python3',
      `${jobApiClientPy}
import threading
def main():
    out = []
    def one():
        out.append(call({"op": "run_script", "path": "f/sock/sleepy", "wait": True}).get("status", 200))
    threads = [threading.Thread(target=one) for _ in range(10)]
    for t in threads: t.start()
    for t in threads: t.join()
    return sorted(out)
`,
      { timeout: 120 },
    );
    const res = await h.api('/api/w/main/jobs/run/p/f/sock/many', { method: 'POST', json: {} });
    const job = await h.waitJob(await res.text(), 120_000);
    assert.deepEqual(job.result, [200, 200, 200, 200, 200, 200, 200, 200, 429, 429]);
  });

  it('refuses to store a secret the job received in plain text: state, child arguments, plain variables', async () => {
    assert.equal((await createVar('f/sock/hidden', 'hidden-value-123', true)).status, 201);
    await h.deploy(
      'f/sock/leak',
      'python3',
      `${jobApiClientPy}
def main():
    s = call({"op": "get_variable", "path": "f/sock/hidden"})["value"]
    return {
        "state": call({"op": "set_state", "value": {"copy": "x" + s}}),
        "child": call({"op": "run_script", "path": "f/sock/leak", "args": {"p": s}}),
        "plain": call({"op": "set_variable", "path": "f/sock/copy", "value": s}),
        "secret": call({"op": "set_variable", "path": "f/sock/copy", "value": s, "is_secret": True}),
    }
`,
    );
    const { body } = await runSync('f/sock/leak');
    for (const key of ['state', 'child', 'plain']) {
      assert.equal(body[key].status, 400, key);
      assert.match(body[key].error, /would store a secret this job received in plain text/);
    }
    assert.deepEqual(body.secret, { ok: true, value: null });
    assert.deepEqual(await sql(h, "SELECT count(*)::int AS n FROM job_state WHERE script_path = 'f/sock/leak'"), [
      { n: 0 },
    ]);
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

  it('keeps state across runs of a bash job, per script and trigger', async () => {
    await h.deploy(
      'f/sock/state',
      'bash',
      `python3 - <<'PY'
${jobApiClientPy}
state = call({"op": "get_state"})["value"]
n = (state or {"n": 0})["n"] + 1
assert call({"op": "set_state", "value": {"n": n}}) == {"ok": True, "value": None}
print(n)
PY`,
    );
    assert.equal((await runSync('f/sock/state')).body, 1);
    assert.equal((await runSync('f/sock/state')).body, 2);
    const rows = await sql(h, 'SELECT script_path, trigger_key, value FROM job_state');
    assert.deepEqual(rows, [{ script_path: 'f/sock/state', trigger_key: '', value: { n: 2 } }]);
    // Over 1 MiB of JSON: 413.
    await h.deploy(
      'f/sock/big_state',
      'python3',
      `${jobApiClientPy}\ndef main():\n    return call({"op": "set_state", "value": "x" * (1024 * 1024)})`,
    );
    const big = await runSync('f/sock/big_state');
    assert.equal(big.body.status, 413, JSON.stringify(big.body));
  });

  it('runs child scripts waiting and not; the child records its parent; a failed child is a 424', async () => {
    await h.deploy(
      'f/sock/child',
      'python3',
      'def main(x: int):\n    if x < 0:\n        raise ValueError("negative")\n    return x * 2',
    );
    await h.deploy(
      'f/sock/parent',
      'python3',
      `${jobApiClientPy}
def main():
    waited = call({"op": "run_script", "path": "f/sock/child", "args": {"x": 21}, "wait": True})
    queued = call({"op": "run_script", "path": "f/sock/child", "args": {"x": 1}})
    failed = call({"op": "run_script", "path": "f/sock/child", "args": {"x": -1}, "wait": True})
    progress = call({"op": "set_progress", "percent": 42})
    bad = call({"op": "set_progress", "percent": 101})
    return {"waited": waited, "queued": queued, "failed": failed, "progress": progress, "bad": bad}
`,
    );
    const res = await h.api('/api/w/main/jobs/run/p/f/sock/parent', { method: 'POST', json: {} });
    const parentId = await res.text();
    const parent = await h.waitJob(parentId);
    const result = parent.result as Record<string, { ok: boolean; value?: unknown; status?: number; error?: string }>;
    assert.deepEqual(result.waited, { ok: true, value: 42 });
    assert.equal(result.queued!.ok, true);
    const child = await h.waitJob(result.queued!.value as string);
    assert.equal(child.parent_job, parentId);
    assert.equal(child.result, 2);
    assert.equal(result.failed!.status, 424);
    assert.match(result.failed!.error!, /failed: .*negative/);
    assert.deepEqual(result.progress, { ok: true, value: null });
    assert.equal(result.bad!.status, 400);
    assert.equal(parent.progress, 42);
    const gql = await graphql(h, TOKEN, `{ job(workspace: "main", id: "${parentId}") { progress } }`);
    assert.deepEqual(gql.data, { job: { progress: 42 } });
  });

  it('runs a flow waiting for its result; get_resource says resources are not there yet', async () => {
    await h.deploy('f/sock/double', 'python3', 'def main(x: int):\n    return x * 2');
    const flow = {
      summary: 'doubles',
      value: {
        modules: [
          {
            id: 'a',
            value: {
              type: 'script',
              path: 'f/sock/double',
              input_transforms: { x: { type: 'javascript', expr: 'flow_input.n' } },
            },
          },
        ],
      },
      schema: { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] },
    };
    const created = await h.api('/api/w/main/flows/create', { method: 'POST', json: { path: 'f/sock/flow', ...flow } });
    assert.equal(created.status, 201, await created.text());
    await h.deploy(
      'f/sock/flow_parent',
      'python3',
      `${jobApiClientPy}
def main():
    return [call({"op": "run_flow", "path": "f/sock/flow", "args": {"n": 5}, "wait": True}),
            call({"op": "run_flow", "path": "f/sock/flow", "args": {}, "wait": True}),
            call({"op": "get_resource", "path": "f/sock/db"})]
`,
    );
    const { body } = await runSync('f/sock/flow_parent');
    assert.deepEqual(body[0], { ok: true, value: 10 });
    assert.equal(body[1].status, 400);
    assert.match(body[1].error, /n/);
    assert.equal(body[2].status, 404);
    assert.match(body[2].error, /resource "f\/sock\/db" not found in workspace "main"/);
  });

  it("makes resume links for the job, in Windmill's shape", async () => {
    await h.deploy(
      'f/sock/links',
      'python3',
      `${jobApiClientPy}\ndef main():\n    return call({"op": "get_resume_urls", "approver": "ada"})`,
    );
    const res = await h.api('/api/w/main/jobs/run/p/f/sock/links', { method: 'POST', json: {} });
    const id = await res.text();
    const job = await h.waitJob(id);
    const links = (job.result as { value: Record<string, string> }).value;
    assert.deepEqual(Object.keys(links).sort(), ['approvalPage', 'cancel', 'resume']);
    assert.match(links.resume!, new RegExp(`/api/w/main/jobs_u/resume/${id}/\\d+/[0-9a-f]{64}\\?approver=ada$`));
    assert.match(links.approvalPage!, new RegExp(`/approve/main/${id}/`));
  });

  it('reads no variable of another workspace', async () => {
    assert.equal((await createVar('f/sock/main_only', 'in-main')).status, 201);
    const other = await addUser(h, 'developer', { workspace: 'sockother' });
    const deployed = await h.api('/api/w/sockother/scripts/create', {
      method: 'POST',
      token: other.token,
      json: {
        path: 'f/sock/peek',
        language: 'python3',
        content: `${jobApiClientPy}\ndef main():\n    return call({"op": "get_variable", "path": "f/sock/main_only"})`,
      },
    });
    assert.equal(deployed.status, 201, await deployed.text());
    const res = await h.api('/api/w/sockother/jobs/run_wait_result/p/f/sock/peek', {
      method: 'POST',
      json: {},
      token: other.token,
    });
    const body = await json(res);
    assert.equal(body.status, 404, JSON.stringify(body));
    assert.match(body.error, /not found in workspace "sockother"/);
  });

  it("refuses a credential once its job ended, and one job's credential for another", async () => {
    await h.deploy('f/sock/quick', 'bash', 'echo done');
    const first = await (await h.api('/api/w/main/jobs/run/p/f/sock/quick', { method: 'POST', json: {} })).text();
    const second = await (await h.api('/api/w/main/jobs/run/p/f/sock/quick', { method: 'POST', json: {} })).text();
    await h.waitJob(first);
    await h.waitJob(second);
    const credentials = h.server.app.get(JobCredentials);
    const nc = await connect({ servers: NATS_URL });
    try {
      const ask = async (body: unknown) =>
        JSON.parse(
          new TextDecoder().decode(
            (await nc.request(natsNames(h.prefix).jobApiSubject, JSON.stringify(body), { timeout: 5000 })).data,
          ),
        );
      const ended = await ask({ job_id: first, credential: credentials.issue(first), op: 'get_state' });
      assert.equal(ended.status, 401);
      assert.match(ended.error, /is not running/);
      const crossed = await ask({ job_id: second, credential: credentials.issue(first), op: 'get_state' });
      assert.deepEqual(crossed, { ok: false, status: 401, error: 'the job credential is not valid for this job' });
      const none = await ask({ job_id: second, op: 'get_state' });
      assert.equal(none.status, 401);
    } finally {
      await nc.close();
    }
  });
});
