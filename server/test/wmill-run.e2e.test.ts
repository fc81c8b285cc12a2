import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { UpPlatform } from './up-platform.js';
import { projectDir, startWithToken, Wmill } from './wmill-cli.js';

const js = (expr: string) => ({ type: 'javascript', expr });

/** A loop over `flow_input.items` calling the script `script` (f/x/double), then an inline Python step summing. */
const loopFlow = (script: string) => ({
  summary: 'double each, then sum',
  value: {
    modules: [
      {
        id: 'loop',
        summary: 'double',
        value: {
          type: 'forloopflow',
          iterator: js('flow_input.items'),
          skip_failures: false,
          modules: [
            {
              id: 'd',
              value: { type: 'script', path: script, input_transforms: { n: js('flow_input.iter.value') } },
            },
          ],
        },
      },
      {
        id: 'sum',
        value: {
          type: 'rawscript',
          language: 'python3',
          content:
            'def main(xs: list):\n    doubled = [x["double"] for x in xs]\n    print("summing", doubled)\n' +
            '    return {"doubled": doubled, "sum": sum(doubled)}',
          input_transforms: { xs: js('results.loop') },
        },
      },
    ],
  },
  schema: {
    type: 'object',
    properties: { items: { type: 'array', items: { type: 'integer' } } },
    required: ['items'],
  },
});

interface Json {
  [key: string]: unknown;
}

describe("Windmill's CLI: script run and flow run", () => {
  let up: UpPlatform;
  let token: string;
  let wmill: Wmill;
  let dir: string;

  const api = (path: string, init: RequestInit & { json?: unknown } = {}, auth = true) =>
    fetch(`${up.url}${path}`, {
      ...init,
      headers: {
        ...(auth ? { authorization: `Bearer ${token}` } : {}),
        ...(init.json !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(init.headers as Record<string, string>),
      },
      body: init.json !== undefined ? JSON.stringify(init.json) : init.body,
    });
  const created = async (res: Response) => {
    assert.ok(res.status === 201 || res.status === 200, `${res.status} ${await res.clone().text()}`);
  };
  const script = (path: string, language: string, content: string) =>
    api('/api/w/main/scripts/create', { method: 'POST', json: { path, language, content, summary: path } }).then(
      created,
    );
  const runScript = async (path: string, args: unknown) => {
    const res = await api(`/api/w/main/jobs/run/p/${path}`, { method: 'POST', json: args });
    assert.equal(res.status, 201, await res.clone().text());
    return res.text();
  };
  const getJson = async (path: string, expected = 200): Promise<Json> => {
    const res = await api(path);
    assert.equal(res.status, expected, `${path}: ${await res.clone().text()}`);
    return (await res.json()) as Json;
  };
  const waitDone = async (id: string): Promise<Json> => {
    for (let i = 0; i < 600; i++) {
      const res = await api(`/api/w/main/jobs_u/completed/get/${id}`);
      if (res.status === 200) return (await res.json()) as Json;
      assert.equal(res.status, 404, await res.text());
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`job ${id} did not complete`);
  };

  before(async () => {
    ({ up, token } = await startWithToken());
    wmill = new Wmill();
    dir = projectDir();
    await wmill.ok(['workspace', 'add', 'runnel', 'main', `${up.url}/`, '--token', token], dir);
    await script('f/x/hello', 'bash', 'name="$1"\necho "greeting $name"\necho "hello $name"');
    await script(
      'f/x/double',
      'python3',
      'def main(n: int):\n    print(f"doubling {n}")\n    return {"n": n, "double": n * 2}',
    );
    await script('f/x/boom', 'python3', 'def main(n: int = 0):\n    raise ValueError("the boom went off")');
    for (const [path, step] of [
      ['f/x/loop', 'f/x/double'],
      ['f/x/loopboom', 'f/x/boom'],
    ]) {
      await created(await api('/api/w/main/flows/create', { method: 'POST', json: { path, ...loopFlow(step!) } }));
    }
  });
  after(async () => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    wmill?.cleanUp();
    await up?.stop();
  });

  it('script run prints the logs and the result of a Bash and a Python script', async () => {
    const bash = await wmill.ok(['script', 'run', 'f/x/hello', '-d', '{"name": "ada"}'], dir);
    assert.match(bash.output, /greeting ada/);
    assert.match(bash.output, /Job Completed/);
    assert.match(bash.output, /"hello ada"/);

    const python = await wmill.ok(['script', 'run', 'f/x/double', '-d', '{"n": 21}'], dir);
    assert.match(python.output, /doubling 21/);
    assert.match(python.output, /"double": 42/);

    const silent = await wmill.ok(['script', 'run', 'f/x/double', '-d', '{"n": 4}', '--silent'], dir);
    assert.equal(silent.stdout.trim(), '{"n":4,"double":8}');
  });

  it("a failing script's run exits non-zero and prints its error", async () => {
    const res = await wmill.run(['script', 'run', 'f/x/boom'], dir);
    assert.equal(res.code, 1, res.output);
    assert.match(res.output, /the boom went off/);
  });

  it('flow run follows a for-loop iteration by iteration and prints the result', async () => {
    const res = await wmill.ok(['flow', 'run', 'f/x/loop', '-d', '{"items": [1, 2, 3]}'], dir, 180_000);
    for (const n of [1, 2, 3]) assert.match(res.output, new RegExp(`doubling ${n}`));
    assert.match(res.output, /loop: double \(iteration 0\)[^]*\(iteration 1\)[^]*\(iteration 2\)/);
    assert.match(res.output, /====== sum ======[^]*summing \[2, 4, 6\]/);
    assert.match(res.output, /Flow ran to completion/);
    assert.match(res.output, /"sum": 12/);
  });

  it('flow run of a flow whose loop fails exits non-zero with the failed step and its error', async () => {
    const res = await wmill.run(['flow', 'run', 'f/x/loopboom', '-d', '{"items": [1, 2]}'], dir, 180_000);
    assert.equal(res.code, 1, res.output);
    assert.match(res.output, /loop: double \(iteration 0\)[^]*ValueError: the boom went off/);
    assert.match(res.output, /Flow failed[^]*"message": "the boom went off"/);
    assert.doesNotMatch(res.output, /====== sum/);
  });

  it('completed/get answers 404 until the job ends, then the job with its logs', async () => {
    await script('f/x/slow', 'bash', 'echo "first"\nsleep 2\necho "second"');
    const id = await runScript('f/x/slow', {});
    const early = await api(`/api/w/main/jobs_u/completed/get/${id}`);
    assert.equal(early.status, 404);
    assert.match(((await early.json()) as { error: { message: string } }).error.message, /has not completed yet/);
    const queued = await getJson(`/api/w/main/jobs_u/get/${id}`);
    assert.equal(queued.type, 'QueuedJob');
    assert.equal(queued.success, undefined);

    const done = await waitDone(id);
    assert.equal(done.type, 'CompletedJob');
    assert.equal(done.success, true);
    assert.equal(done.id, id);
    assert.equal(done.script_path, 'f/x/slow');
    assert.equal(done.job_kind, 'script');
    assert.equal(done.result, 'second');
    assert.match(done.logs as string, /first\n[^]*second/);
    assert.equal(typeof done.duration_ms, 'number');
    assert.ok(done.started_at);
    const got = await getJson(`/api/w/main/jobs_u/get/${id}`);
    assert.equal(got.type, 'CompletedJob');
    assert.equal(got.status, 'success', "Runnel's own fields stay");
    assert.equal(got.running, false);
  });

  it('getupdate streams the logs from an offset and says when the job ended', async () => {
    await script('f/x/chatty', 'bash', 'echo "one é"\nsleep 1\necho "two 🎉"\nsleep 1\necho "three"');
    const id = await runScript('f/x/chatty', {});
    let offset = 0;
    let logs = '';
    let sawRunning = false;
    let polls = 0;
    for (;;) {
      const update = await getJson(`/api/w/main/jobs_u/getupdate/${id}?running=${sawRunning}&log_offset=${offset}`);
      polls++;
      sawRunning ||= update.running === true;
      const newLogs = update.new_logs as string;
      logs += newLogs;
      assert.equal(update.log_offset, offset + newLogs.length);
      offset += newLogs.length;
      if (update.completed === true) break;
      assert.ok(polls < 200, 'the job never completed');
    }
    assert.ok(sawRunning, 'saw it running');
    assert.ok(polls < 40, `a poll with nothing new waits a little (${polls} polls)`);
    const full = (await waitDone(id)).logs as string;
    assert.equal(logs, full, 'the pieces make up the logs');
    assert.match(full, /one é\n[^]*two 🎉\n[^]*three/);
    const middle = full.indexOf('two');
    const rest = await getJson(`/api/w/main/jobs_u/getupdate/${id}?log_offset=${middle}`);
    assert.equal(rest.new_logs, full.slice(middle));
    assert.equal(rest.completed, true);
    assert.equal(rest.running, false);
    const past = await getJson(`/api/w/main/jobs_u/getupdate/${id}?log_offset=${full.length + 10}`);
    assert.equal(past.new_logs, '');
    const bad = await api(`/api/w/main/jobs_u/getupdate/${id}?log_offset=-1`);
    assert.equal(bad.status, 400);
    assert.match(await bad.text(), /log_offset must be an integer/);
    assert.equal((await api(`/api/w/main/jobs_u/getupdate/${id}?running=maybe`)).status, 400);

    // The CLI counts the offset itself, in UTF-16 code units: each line arrives once.
    const cli = await wmill.ok(['script', 'run', 'f/x/chatty'], dir);
    assert.match(cli.output, /Job running\. Streaming logs\.\.\./);
    const count = (text: string) => cli.output.split(text).length - 1;
    assert.deepEqual([count('one é'), count('two 🎉'), count('three')], [1, 1, 2], cli.output);
    assert.match(cli.output, /"three"\s*$/, 'the last line is the result');
  });

  it("jobs_u/get shows a flow's modules in Windmill's words, with each iteration's job", async () => {
    const res = await api('/api/w/main/jobs/run/f/f/x/loop', { method: 'POST', json: { items: [5, 6] } });
    assert.equal(res.status, 201);
    const id = await res.text();
    await waitDone(id);
    const flow = await getJson(`/api/w/main/jobs_u/get/${id}`);
    assert.equal(flow.type, 'CompletedJob');
    assert.equal(flow.success, true);
    const status = flow.flow_status as { step: number; modules: Json[] };
    assert.equal(status.step, 2);
    const [loop, sum] = status.modules as [Json, Json];
    assert.equal(loop.type, 'Success');
    assert.equal(loop.module_type, 'forloopflow');
    assert.equal(loop.status, 'success');
    const iterationJobs = loop.flow_jobs as string[];
    assert.equal(iterationJobs.length, 2);
    assert.deepEqual(loop.flow_jobs_success, [true, true]);
    for (const [i, job] of iterationJobs.entries()) {
      const step = await getJson(`/api/w/main/jobs_u/completed/get/${job}`);
      assert.equal(step.parent_job, id);
      assert.equal(step.is_flow_step, true);
      assert.match(step.logs as string, new RegExp(`doubling ${[5, 6][i]}`));
    }
    assert.equal(sum.type, 'Success');
    assert.equal(sum.module_type, 'rawscript');
    assert.ok(sum.job);
    assert.deepEqual((await getJson(`/api/w/main/jobs_u/completed/get/${id}`)).result, { doubled: [10, 12], sum: 22 });
  });

  it('accepts the token as the `token` cookie, and refuses a cookie-only change without the CSRF header', async () => {
    const id = await runScript('f/x/double', { n: 1 });
    await waitDone(id);
    const cookie = { cookie: `token=${token}` };
    const byCookie = await api(`/api/w/main/jobs_u/get/${id}`, { headers: cookie }, false);
    assert.equal(byCookie.status, 200);
    assert.equal(((await byCookie.json()) as Json).id, id);
    // What SameSite=Strict does for the session cookie, checked for this one: no request another site started.
    const crossSite = await api(
      `/api/w/main/jobs_u/get/${id}`,
      { headers: { ...cookie, 'sec-fetch-site': 'cross-site' } },
      false,
    );
    assert.equal(crossSite.status, 403);
    const badCookie = await api(`/api/w/main/jobs_u/get/${id}`, { headers: { cookie: 'token=rn_nope' } }, false);
    assert.equal(badCookie.status, 401);

    // A POST signed in by the cookie alone could come from another site's form: refused as the session's is.
    const run = (headers: Record<string, string>) =>
      api('/api/w/main/jobs/run/p/f/x/double', { method: 'POST', json: { n: 2 }, headers }, false);
    const refused = await run(cookie);
    assert.equal(refused.status, 403);
    assert.match(await refused.text(), /needs the header \\"x-runnel-csrf: 1\\"/);
    const otherSite = await run({ ...cookie, 'x-runnel-csrf': '1', origin: 'https://evil.example' });
    assert.equal(otherSite.status, 403);
    const allowed = await run({ ...cookie, 'x-runnel-csrf': '1' });
    assert.equal(allowed.status, 201, await allowed.clone().text());
    // The bearer token wins over a cookie, and needs no CSRF header.
    const bearer = await api('/api/w/main/jobs/run/p/f/x/double', {
      method: 'POST',
      json: { n: 3 },
      headers: { cookie: 'token=rn_nope' },
    });
    assert.equal(bearer.status, 201);
  });

  it("another workspace's job id answers 404", async () => {
    const ws = await api('/api/workspaces/create', { method: 'POST', json: { id: 'other', name: 'other' } });
    assert.ok(ws.status === 201 || ws.status === 200, await ws.clone().text());
    const id = await runScript('f/x/double', { n: 7 });
    await waitDone(id);
    for (const route of ['jobs_u/get', 'jobs_u/completed/get', 'jobs_u/getupdate']) {
      const res = await api(`/api/w/other/${route}/${id}`);
      assert.equal(res.status, 404, route);
    }
    assert.equal((await api('/api/w/main/jobs_u/completed/get/not-a-uuid')).status, 404);
  });
});
