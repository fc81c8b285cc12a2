import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TOKEN, getWithHost, json, startHarness, until, type Harness } from './harness.js';

/** An inline Bash step; as in Windmill, a Bash script names its parameters with `name="$1"` lines. */
const bash = (content: string, input_transforms: Record<string, unknown> = {}) => ({
  type: 'rawscript',
  language: 'bash',
  content: [...Object.keys(input_transforms).map((name, i) => `${name}="$${i + 1}"`), content].join('\n'),
  input_transforms,
});
const js = (expr: string) => ({ type: 'javascript', expr });
const st = (value: unknown) => ({ type: 'static', value });

describe('flows end to end', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
    await h.startWorker({ WORKER_GROUPS: 'default', WORKER_CONCURRENCY: '2' });
  });
  after(async () => h?.close());

  const create = (path: string, doc: Record<string, unknown>) =>
    h.api('/api/w/main/flows/create', { method: 'POST', json: { path, ...doc } });
  const deployFlow = async (path: string, doc: Record<string, unknown>) => {
    const res = await create(path, doc);
    assert.ok(res.status === 201 || res.status === 200, `${res.status} ${await res.text()}`);
  };
  const runSync = (path: string, args: unknown) =>
    h.api(`/api/w/main/jobs/run_wait_result/f/${path}`, { method: 'POST', json: args });
  const runAsync = async (path: string, args: unknown) => {
    const res = await h.api(`/api/w/main/jobs/run/f/${path}`, { method: 'POST', json: args });
    assert.equal(res.status, 201, await res.clone().text());
    return res.text();
  };

  it('imports a Windmill export unchanged and runs it: scripts by path, inline scripts, expressions', async () => {
    await h.deploy('f/lib/double', 'python3', 'def main(n: int):\n    return n * 2');
    const exported = {
      summary: 'Greet and double',
      description: 'exported from Windmill',
      value: {
        modules: [
          {
            id: 'a',
            summary: 'greet',
            value: {
              type: 'rawscript',
              language: 'bun',
              content:
                'export async function main(name: string) {\n  console.log("hi");\n  return { greeting: `hello ${name}`, n: name.length };\n}',
              input_transforms: { name: js('flow_input.name') },
              lock: '',
              tag: null,
            },
          },
          {
            id: 'b',
            value: { type: 'script', path: 'f/lib/double', input_transforms: { n: js('results.a.n') } },
          },
          { id: 'c', value: { type: 'identity' } },
          {
            id: 'd',
            value: bash('echo "$1/$2"', { x: js('results.a.greeting'), y: js('previous_result + 1') }),
          },
        ],
      },
      schema: {
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        type: 'object',
        properties: { name: { type: 'string', description: 'who' } },
        required: ['name'],
        order: ['name'],
      },
    };
    const created = await create('f/flows/greet', exported);
    assert.equal(created.status, 201, await created.clone().text());
    assert.equal(await created.text(), 'f/flows/greet');
    const again = await create('f/flows/greet', exported);
    assert.equal(again.status, 200, 'the same document again makes no new version');

    const got = await json(h.api('/api/w/main/flows/get/f/flows/greet'));
    assert.equal(got.summary, 'Greet and double');
    assert.deepEqual(got.value, exported.value);
    const list = await json(h.api('/api/w/main/flows/list'));
    assert.deepEqual(
      list.map((f: { path: string }) => f.path),
      ['f/flows/greet'],
    );

    const res = await runSync('f/flows/greet', { name: 'ada' });
    assert.equal(res.status, 200, await res.clone().text());
    assert.equal(await json(res), 'hello ada/7');

    const id = res.headers.get('x-runnel-job-id')!;
    const job = await json(h.api(`/api/w/main/jobs_u/get/${id}`));
    assert.equal(job.status, 'success');
    assert.equal(job.job_kind, 'flow');
    assert.deepEqual(
      job.flow_status.modules.map((m: { id: string; status: string }) => [m.id, m.status]),
      [
        ['a', 'success'],
        ['b', 'success'],
        ['c', 'success'],
        ['d', 'success'],
      ],
    );
    const steps = await json(h.api(`/api/w/main/jobs/list?parent_job=${id}`));
    assert.deepEqual(steps.map((s: { flow_step_id: string }) => s.flow_step_id).sort(), ['a', 'b', 'd']);
    for (const step of steps) {
      assert.equal(step.status, 'success');
      assert.equal(job.flow_status.modules.find((m: { id: string }) => m.id === step.flow_step_id).job, step.id);
    }
    const logs = await (
      await h.api(
        `/api/w/main/jobs_u/get_logs/${steps.find((s: { flow_step_id: string }) => s.flow_step_id === 'a').id}`,
      )
    ).text();
    assert.match(logs, /hi/);

    const missing = await runSync('f/flows/greet', {});
    assert.equal(missing.status, 400);
    assert.match((await json(missing)).error.message, /name is required/);
  });

  it('accepts a flow exported from Windmill as YAML', async () => {
    const yaml = [
      'summary: From YAML',
      'description: ""',
      'value:',
      '  modules:',
      '    - id: a',
      '      value:',
      '        type: rawscript',
      '        language: python3',
      '        content: |',
      '          def main(x: int):',
      '              return x + 1',
      '        input_transforms:',
      '          x:',
      '            type: javascript',
      '            expr: flow_input.x',
      'schema:',
      '  $schema: https://json-schema.org/draft/2020-12/schema',
      '  type: object',
      '  properties:',
      '    x:',
      '      type: integer',
      '  required: [x]',
      'path: f/flows/yaml',
    ].join('\n');
    const res = await h.api('/api/w/main/flows/create', {
      method: 'POST',
      headers: { 'content-type': 'application/yaml' },
      body: yaml,
    });
    assert.equal(res.status, 201, await res.clone().text());
    const run = await runSync('f/flows/yaml', { x: 41 });
    assert.equal(await json(run), 42);
    const bad = await h.api('/api/w/main/flows/create', {
      method: 'POST',
      headers: { 'content-type': 'application/yaml' },
      body: 'value: [unclosed',
    });
    assert.equal(bad.status, 400);
    assert.match((await json(bad)).error.message, /not valid YAML/);
  });

  it('rejects a bad flow with the path of the mistake, and keeps the stored version', async () => {
    const bad = await create('f/flows/greet', {
      summary: 'x',
      value: { modules: [{ id: 'a', value: { type: 'forloopflow', modules: [] } }] },
    });
    assert.equal(bad.status, 400);
    assert.match((await json(bad)).error.message, /value\.modules\[0\]\.value/);
    const parse = await create('f/flows/broken', {
      summary: 'x',
      value: {
        modules: [
          {
            id: 'a',
            value: { type: 'rawscript', language: 'python3', content: 'def main(:\n  pass', input_transforms: {} },
          },
        ],
      },
    });
    assert.equal(parse.status, 400);
    assert.match((await json(parse)).error.message, /value\.modules\[0\]\.value\.content/);
    assert.equal((await json(h.api('/api/w/main/flows/get/f/flows/greet'))).summary, 'Greet and double');
    assert.equal((await h.api('/api/w/main/flows/get/f/flows/nope')).status, 404);
    assert.equal((await h.api('/api/w/main/jobs/run/f/f/flows/nope', { method: 'POST', json: {} })).status, 404);
  });

  it('runs loops and branches with Windmill-shaped results', async () => {
    await deployFlow('f/flows/shapes', {
      summary: 'shapes',
      value: {
        modules: [
          {
            id: 'loop',
            value: {
              type: 'forloopflow',
              iterator: js('flow_input.items'),
              parallel: true,
              parallelism: 2,
              skip_failures: false,
              modules: [{ id: 'sq', value: bash('echo $(( $1 * $1 ))', { x: js('flow_input.iter.value') }) }],
            },
          },
          {
            id: 'one',
            value: {
              type: 'branchone',
              branches: [
                { expr: 'results.loop.length > 10', modules: [{ id: 'big', value: bash('echo big') }] },
                {
                  expr: 'results.loop.length > 2',
                  modules: [{ id: 'mid', value: bash('echo "mid $1"', { n: js('results.loop.length') }) }],
                },
              ],
              default: [{ id: 'small', value: bash('echo small') }],
            },
          },
          {
            id: 'all',
            value: {
              type: 'branchall',
              parallel: true,
              branches: [
                { modules: [{ id: 'p', value: bash('echo "$1"', { s: js('results.one') }) }] },
                { modules: [{ id: 'q', value: { type: 'identity' } }] },
              ],
            },
          },
          { id: 'out', value: { type: 'identity' } },
        ],
      },
    });
    const res = await runSync('f/flows/shapes', { items: [1, 2, 3, 4] });
    assert.equal(res.status, 200, await res.clone().text());
    assert.deepEqual(await json(res), ['mid 4', 'mid 4']);
    const job = await json(h.api(`/api/w/main/jobs_u/get/${res.headers.get('x-runnel-job-id')}`));
    const loop = job.flow_status.modules[0];
    assert.equal(loop.iterations.length, 4);
    const one = job.flow_status.modules[1];
    assert.equal(one.branch_chosen, 1);
    const steps = await json(h.api(`/api/w/main/jobs/list?parent_job=${job.id}&per_page=100`));
    assert.equal(steps.filter((s: { flow_step_id: string }) => s.flow_step_id === 'sq').length, 4);
  });

  it('retries a failing step as new jobs, then runs the failure module', async () => {
    await deployFlow('f/flows/fails', {
      summary: 'fails',
      value: {
        modules: [
          { id: 'ok', value: bash('echo fine') },
          {
            id: 'boom',
            retry: { constant: { attempts: 2, seconds: 0 } },
            value: bash('echo "broken $1" >&2; exit 3', { x: st('x') }),
          },
          { id: 'never', value: bash('echo never') },
        ],
        failure_module: {
          id: 'failure',
          value: bash('echo "handled: $1"', { m: js('error.step_id') }),
        },
      },
    });
    const res = await runSync('f/flows/fails', {});
    assert.equal(res.status, 422);
    const id = res.headers.get('x-runnel-job-id')!;
    const job = await json(h.api(`/api/w/main/jobs_u/get/${id}`));
    assert.equal(job.status, 'failure');
    assert.equal(job.result, 'handled: boom');
    const steps = await json(h.api(`/api/w/main/jobs/list?parent_job=${id}&per_page=100`));
    const tries = steps.filter((s: { flow_step_id: string }) => s.flow_step_id === 'boom');
    assert.equal(tries.length, 3, 'one job per attempt');
    assert.ok(tries.every((t: { status: string }) => t.status === 'failure'));
    assert.equal(steps.filter((s: { flow_step_id: string }) => s.flow_step_id === 'never').length, 0);
    const boom = job.flow_status.modules.find((m: { id: string }) => m.id === 'boom');
    assert.equal(boom.status, 'failure');
    assert.equal(boom.jobs.length, 3);
  });

  it('runs sub-flows, while loops, skip_if, stop_after_if, timeouts with continue_on_error', async () => {
    await deployFlow('f/flows/child', {
      summary: 'child',
      value: { modules: [{ id: 'c', value: bash('echo "child $1"', { x: js('flow_input.x') }) }] },
      schema: { type: 'object', properties: { x: { type: 'string' } } },
    });
    await deployFlow('f/flows/parent', {
      summary: 'parent',
      value: {
        modules: [
          { id: 'sub', value: { type: 'flow', path: 'f/flows/child', input_transforms: { x: st('hi') } } },
          {
            id: 'loop',
            value: {
              type: 'whileloopflow',
              modules: [{ id: 'w', value: bash('echo $(( $1 * 10 ))', { i: js('flow_input.iter.index') }) }],
            },
            stop_after_if: { expr: 'result >= 20', skip_if_stopped: false },
          },
          { id: 'skipped', skip_if: { expr: 'true' }, value: bash('echo never') },
          {
            id: 'slow',
            timeout: 1,
            continue_on_error: true,
            value: bash('sleep 10'),
          },
          {
            id: 'stop',
            value: bash('echo "$1 | $2 | $3"', {
              a: js('results.sub'),
              b: js('JSON.stringify(results.loop)'),
              c: js('previous_result.error.name'),
            }),
            stop_after_if: { expr: 'result.startsWith("child")', skip_if_stopped: false },
          },
          { id: 'after_stop', value: bash('echo never') },
        ],
      },
    });
    const res = await runSync('f/flows/parent', {});
    assert.equal(res.status, 200, await res.clone().text());
    const result = await json(res);
    assert.match(result, /^child hi \| \[0,10,20\] \| \w+$/);
    const job = await json(h.api(`/api/w/main/jobs_u/get/${res.headers.get('x-runnel-job-id')}`));
    const status = Object.fromEntries(
      job.flow_status.modules.map((m: { id: string; status: string }) => [m.id, m.status]),
    );
    assert.deepEqual(status, {
      sub: 'success',
      loop: 'success',
      skipped: 'skipped',
      slow: 'failure',
      stop: 'success',
      after_stop: 'waiting',
    });
    const sub = await json(h.api(`/api/w/main/jobs_u/get/${job.flow_status.modules[0].job}`));
    assert.equal(sub.job_kind, 'flow');
    assert.equal(sub.parent_job, job.id);
  });

  it('answers early with early_return while the flow runs on', async () => {
    await deployFlow('f/flows/early', {
      summary: 'early',
      value: {
        early_return: 'quick',
        modules: [
          { id: 'quick', value: bash('echo quick') },
          { id: 'slow', value: bash('sleep 3; echo slow') },
        ],
      },
    });
    const res = await runSync('f/flows/early', {});
    assert.equal(res.status, 200);
    assert.equal(await json(res), 'quick');
    const early = await json(h.api(`/api/w/main/jobs_u/get/${res.headers.get('x-runnel-job-id')}`));
    assert.equal(early.status, 'running', 'answered while the slow step still runs');
    const done = await h.waitJob(res.headers.get('x-runnel-job-id')!);
    assert.equal(done.status, 'success');
    assert.equal(done.result, 'slow', "the job's own result is still its last step's");
  });

  it('runs an unsaved flow as a preview', async () => {
    const res = await h.api('/api/w/main/jobs/run/preview_flow', {
      method: 'POST',
      json: {
        value: { modules: [{ id: 'a', value: bash('echo "p $1"', { x: js('flow_input.x') }) }] },
        args: { x: 7 },
      },
    });
    assert.equal(res.status, 201);
    const job = await h.waitJob(await res.text());
    assert.equal(job.status, 'success');
    assert.equal(job.result, 'p 7');
    assert.equal(job.job_kind, 'flowpreview');
  });

  it('pauses for approval: signed links resume with a payload, and a rejection fails the flow', async () => {
    const doc = {
      summary: 'approve',
      value: {
        modules: [
          { id: 'ask', value: bash('echo asked'), suspend: { required_events: 2, timeout: 600 } },
          { id: 'after', value: bash('echo "ok $1 $2"', { who: js('resume.who'), n: js('resumes.length') }) },
        ],
      },
    };
    await deployFlow('f/flows/approve', doc);
    const id = await runAsync('f/flows/approve', {});
    const suspended = await until(async () => {
      const job = await json(h.api(`/api/w/main/jobs_u/get/${id}`));
      return job.flow_status?.modules[0].status === 'suspended' ? job : undefined;
    });
    const stepJob = suspended.flow_status.modules[0].job;
    // Without RUNNEL_BASE_URL, links start with the address the server listens on, not the Host header.
    const forged = await getWithHost(`${h.url}/api/w/main/jobs/resume_urls/${stepJob}/1`, 'evil.example', TOKEN);
    assert.equal(forged.status, 200, forged.body);
    const urls = JSON.parse(forged.body);
    assert.equal(urls.resume.slice(0, h.url.length + 1), `${h.url}/`);
    assert.match(urls.resume, new RegExp(`/api/w/main/jobs_u/resume/${stepJob}/1/[0-9a-f]{64}$`));

    // No token is needed; a tampered signature is refused and changes nothing.
    const tampered = urls.resume.replace(/.$/, (c: string) => (c === '0' ? '1' : '0'));
    assert.equal((await fetch(tampered, { method: 'POST' })).status, 401);
    assert.match(urls.approvalPage, new RegExp(`^${h.url}/approve/main/${stepJob}/1/[0-9a-f]{64}$`));
    const view = await json(fetch(urls.resume.replace('/jobs_u/resume/', '/jobs_u/approval/')));
    assert.equal(view.flow_path, 'f/flows/approve');

    const first = await fetch(urls.resume, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"who":"ann"}',
    });
    assert.equal(first.status, 200, await first.clone().text());
    // The same link again is the same approval, not a second one.
    await fetch(urls.resume, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"who":"ann"}',
    });
    assert.equal((await json(h.api(`/api/w/main/jobs_u/get/${id}`))).status, 'running');
    // A second approval must come from someone else: a link made for bob.
    const urls2 = await json(h.api(`/api/w/main/jobs/resume_urls/${stepJob}/2?approver=bob`));
    const second = await fetch(urls2.resume, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"who":"bob"}',
    });
    assert.equal(second.status, 200);
    const done = await h.waitJob(id);
    assert.equal(done.status, 'success');
    assert.equal(done.result, 'ok bob 2');
    const late = await fetch(urls2.resume, { method: 'POST' });
    assert.equal(late.status, 409, 'a finished flow cannot be resumed');

    const id2 = await runAsync('f/flows/approve', {});
    const job2 = await until(async () => {
      const job = await json(h.api(`/api/w/main/jobs_u/get/${id2}`));
      return job.flow_status?.modules[0].status === 'suspended' ? job : undefined;
    });
    const u = await json(h.api(`/api/w/main/jobs/resume_urls/${job2.flow_status.modules[0].job}/9?approver=carol`));
    assert.equal((await fetch(u.cancel, { method: 'POST' })).status, 200);
    const rejected = await h.waitJob(id2);
    assert.equal(rejected.status, 'failure');
    assert.match(JSON.stringify(rejected.result), /carol/);
  });

  it('cancels a running flow and its running step', async () => {
    await deployFlow('f/flows/slow', {
      summary: 'slow',
      value: { modules: [{ id: 'wait', value: bash('sleep 30') }] },
    });
    const id = await runAsync('f/flows/slow', {});
    const running = await until(async () => {
      const steps = await json(h.api(`/api/w/main/jobs/list?parent_job=${id}`));
      return steps[0]?.status === 'running' ? steps[0] : undefined;
    });
    const res = await h.api(`/api/w/main/jobs_u/queue/cancel/${id}`, { method: 'POST', json: { reason: 'enough' } });
    assert.equal(res.status, 200);
    assert.equal((await h.waitJob(id, 5000)).status, 'canceled');
    assert.equal((await h.waitJob(running.id, 5000)).status, 'canceled');
  });

  it('keeps sleeping across a server restart: timers are rows', async () => {
    await deployFlow('f/flows/nap', {
      summary: 'nap',
      value: {
        modules: [
          { id: 'a', value: bash('echo before'), sleep: st(2) },
          { id: 'b', value: bash('echo after') },
        ],
      },
    });
    const id = await runAsync('f/flows/nap', {});
    await until(async () => {
      const job = await json(h.api(`/api/w/main/jobs_u/get/${id}`));
      return job.flow_status?.modules[0].status === 'success' ? job : undefined;
    });
    await h.restartServer();
    const job = await h.waitJob(id, 15_000);
    assert.equal(job.status, 'success');
    assert.equal(job.result, 'after');
  });

  it('runs 100 concurrent flows, each with a parallel loop, every result exact', async () => {
    await deployFlow('f/flows/many', {
      summary: 'many',
      value: {
        modules: [
          {
            id: 'l',
            value: {
              type: 'forloopflow',
              iterator: js('[0, 1, 2].map(i => flow_input.n * 10 + i)'),
              parallel: true,
              modules: [{ id: 'e', value: bash('echo $(( $1 + 1 ))', { v: js('flow_input.iter.value') }) }],
            },
          },
        ],
      },
    });
    const ids = await Promise.all(Array.from({ length: 100 }, (_, n) => runAsync('f/flows/many', { n })));
    for (const [n, id] of ids.entries()) {
      const job = await h.waitJob(id, 120_000);
      assert.equal(job.status, 'success', JSON.stringify(job.result));
      assert.deepEqual(
        job.result,
        [1, 2, 3].map((i) => n * 10 + i),
        `flow ${n}`,
      );
    }
  });
});
