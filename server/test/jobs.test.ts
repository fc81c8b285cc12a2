import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { encodeEvent, natsNames, type WorkerEvent } from '@runnel/protocol';
import { json, startHarness, until, type Harness } from './harness.js';

describe('running scripts end to end', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
    await h.startWorker({ WORKER_GROUPS: 'default', WORKER_CONCURRENCY: '2' });
  });
  after(async () => h?.close());

  const runSync = (path: string, args: unknown) =>
    h.api(`/api/w/main/jobs/run_wait_result/p/${path}`, { method: 'POST', json: args });

  it('runs Bash, Python and TypeScript synchronously', async () => {
    await h.deploy('f/e2e/bash', 'bash', 'name="$1"\ncount="${2:-3}"\necho "log line"\necho "hello $name x$count"');
    await h.deploy(
      'f/e2e/py',
      'python3',
      'def main(a: int, b: int = 10):\n    print("adding")\n    return {"sum": a + b}',
    );
    await h.deploy('f/e2e/ts', 'bun', 'export async function main(name: string, n = 2) { return `${name}`.repeat(n) }');

    const bash = await runSync('f/e2e/bash', { name: 'ada' });
    assert.equal(bash.status, 200);
    assert.equal(await json(bash), 'hello ada x3');

    // No body at all, with or without a JSON content type, means no arguments.
    await h.deploy('f/e2e/noargs', 'bash', 'echo none');
    for (const headers of [{}, { 'content-type': 'application/json' }] as Record<string, string>[]) {
      const res = await h.api('/api/w/main/jobs/run_wait_result/p/f/e2e/noargs', { method: 'POST', headers });
      assert.equal(res.status, 200);
      assert.equal(await json(res), 'none');
    }

    const py = await runSync('f/e2e/py', { a: 5 });
    assert.equal(py.status, 200);
    assert.deepEqual(await json(py), { sum: 15 });

    const ts = await runSync('f/e2e/ts', { name: 'ab', n: 3 });
    assert.equal(ts.status, 200);
    assert.equal(await json(ts), 'ababab');
  });

  it('runs asynchronously: job id, job record, result and logs', async () => {
    const hash = await h.deploy(
      'f/e2e/async',
      'python3',
      'def main(x: str):\n    print("working on", x)\n    return x.upper()',
    );
    const res = await h.api('/api/w/main/jobs/run/h/' + hash, { method: 'POST', json: { x: 'abc' } });
    assert.equal(res.status, 201);
    const id = await res.text();
    const job = await h.waitJob(id);
    assert.equal(job.status, 'success');
    assert.equal(job.result, 'ABC');
    assert.deepEqual(job.args, { x: 'abc' });
    assert.equal(job.script_path, 'f/e2e/async');
    assert.equal(job.script_hash, hash);
    assert.equal(job.tag, 'default');
    assert.equal(job.attempts, 1);
    assert.ok(job.worker);
    assert.ok(job.started_at && job.completed_at);
    assert.equal(typeof job.duration_ms, 'number');

    const result = await h.api(`/api/w/main/jobs_u/completed/get_result/${id}`);
    assert.equal(await json(result), 'ABC');
    const logs = await (await h.api(`/api/w/main/jobs_u/get_logs/${id}`)).text();
    assert.match(logs, /working on abc/);
  });

  it('reports a failing script with its error, sync and async', async () => {
    await h.deploy('f/e2e/fail', 'python3', 'def main():\n    raise ValueError("bad value here")');
    const res = await runSync('f/e2e/fail', {});
    assert.equal(res.status, 422);
    const body = await json(res);
    assert.equal(body.error.name, 'ValueError');
    assert.match(body.error.message, /bad value here/);
    const id = res.headers.get('x-runnel-job-id')!;
    const job = await h.waitJob(id);
    assert.equal(job.status, 'failure');
    const error = (job.result as { error: { name: string; message: string; stack: string } }).error;
    assert.equal(error.name, 'ValueError');
    assert.match(error.stack, /raise ValueError/);
  });

  it('validates arguments against the schema before queueing', async () => {
    await h.deploy(
      'f/e2e/typed',
      'bun',
      'export function main(n: number, flag: boolean, mode: "x" | "y") { return n }',
    );
    const res = await runSync('f/e2e/typed', { n: 'seven', mode: 'z' });
    assert.equal(res.status, 400);
    const body = await json(res);
    assert.equal(body.error.code, 'invalid_arguments');
    const fields = (body.error.details as { field: string }[]).map((d) => d.field).sort();
    assert.deepEqual(fields, ['flag', 'mode', 'n']);
    assert.match(body.error.message, /n must be number/);

    const notObject = await h.api('/api/w/main/jobs/run/p/f/e2e/typed', { method: 'POST', json: [1, 2] });
    assert.equal(notObject.status, 400);
    const missing = await h.api('/api/w/main/jobs/run/p/f/e2e/none', { method: 'POST', json: {} });
    assert.equal(missing.status, 404);
    const list = (await json(h.api('/api/w/main/jobs/list?script_path=f/e2e/typed'))) as unknown[];
    assert.equal(list.length, 0, 'no job was queued for bad arguments');
  });

  it('cancels a running job within a second', async () => {
    await h.deploy('f/e2e/sleep', 'bash', 'echo started\nsleep 60\necho never');
    const id = await (await h.api('/api/w/main/jobs/run/p/f/e2e/sleep', { method: 'POST', json: {} })).text();
    for (let i = 0; i < 200; i++) {
      const job = await json(h.api(`/api/w/main/jobs_u/get/${id}`));
      if (job.status === 'running') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const t0 = Date.now();
    const res = await h.api(`/api/w/main/jobs_u/queue/cancel/${id}`, { method: 'POST', json: { reason: 'test' } });
    assert.equal(res.status, 200);
    const job = await h.waitJob(id);
    assert.ok(Date.now() - t0 < 1000, `canceled in ${Date.now() - t0} ms`);
    assert.equal(job.status, 'canceled');
    assert.match(JSON.stringify(job.result), /canceled by admin: test/);
    const again = await h.api(`/api/w/main/jobs_u/queue/cancel/${id}`, { method: 'POST', json: {} });
    assert.equal(again.status, 409);
    // The worker's slot is free again: a new job runs.
    await h.deploy('f/e2e/after', 'bash', 'echo ok');
    assert.equal(await (await runSync('f/e2e/after', {})).json(), 'ok');
  });

  it('cancels a queued job so that no worker ever runs it', async () => {
    await h.deploy('f/e2e/later', 'bash', 'echo ran > /dev/stderr\necho ran', { tag: 'later' });
    const id = await (await h.api('/api/w/main/jobs/run/p/f/e2e/later', { method: 'POST', json: {} })).text();
    await new Promise((r) => setTimeout(r, 300));
    const res = await h.api(`/api/w/main/jobs_u/queue/cancel/${id}`, { method: 'POST', json: {} });
    assert.equal(res.status, 200);
    await h.startWorker({ WORKER_GROUPS: 'later', WORKER_NAME: 'later-worker' });
    await new Promise((r) => setTimeout(r, 1500));
    const job = await json(h.api(`/api/w/main/jobs_u/get/${id}`));
    assert.equal(job.status, 'canceled');
    assert.equal(job.attempts, 0);
    assert.equal(job.worker, null);
    assert.equal(await (await h.api(`/api/w/main/jobs_u/get_logs/${id}`)).text(), '');
  });

  it('runs by path the version current at that moment, and refuses an archived path', async () => {
    const runByPath = async () => json(runSync('f/e2e/versions', {}));
    await h.deploy('f/e2e/versions', 'bash', 'echo one');
    assert.equal(await runByPath(), 'one');
    await h.deploy('f/e2e/versions', 'bash', 'echo two');
    assert.equal(await runByPath(), 'two');
    const archived = await h.api('/api/w/main/scripts/archive/p/f/e2e/versions', { method: 'POST' });
    assert.equal(archived.status, 200);
    const refused = await h.api('/api/w/main/jobs/run/p/f/e2e/versions', { method: 'POST', json: {} });
    assert.equal(refused.status, 400);
    assert.match((await json(refused)).error.message, /archived/);
    await h.deploy('f/e2e/versions', 'bash', 'echo three');
    assert.equal(await runByPath(), 'three');
  });

  it('finishes a job that prints a NUL byte, with U+FFFD in its log', async () => {
    await h.deploy('f/e2e/nul', 'bash', 'printf "a\\0b\\n"\necho done');
    const res = await runSync('f/e2e/nul', {});
    assert.equal(res.status, 200);
    assert.equal(await json(res), 'done');
    const [job] = await json(h.api('/api/w/main/jobs/list?script_path=f/e2e/nul'));
    assert.equal(await (await h.api(`/api/w/main/jobs_u/get_logs/${job.id}`)).text(), 'a\uFFFDb\ndone\n');
  });

  it('applies a burst of worker events together, each as if alone', async () => {
    // Events straight onto the stream, as workers would send them, all at once: they are
    // applied in batches, which must not change what each one does.
    await h.deploy('f/e2e/nowhere', 'bash', 'echo never', { tag: 'nowhere' });
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      ids.push(await (await h.api('/api/w/main/jobs/run/p/f/e2e/nowhere', { method: 'POST', json: {} })).text());
    }
    const names = natsNames(h.prefix);
    const nc = await connect({ servers: process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222' });
    try {
      const js = jetstream(nc);
      const at = new Date().toISOString();
      const common = { attempt: 1, worker: 'burst' };
      const events: WorkerEvent[] = [{ type: 'started', job_id: 'not-a-uuid', at, ...common }];
      ids.forEach((id, i) => {
        events.push({ type: 'started', job_id: id, at, ...common });
        events.push({ type: 'log', job_id: id, attempt: 1, seq: 0, text: `line ${i}\n` });
        if (i === 5) return; // still running
        const result = { status: 'success' as const, result: i, started_at: at, completed_at: at, duration_ms: 3 };
        events.push({ type: 'result', job_id: id, ...common, ...result, log: { seq: 1, text: `last ${i}\n` } });
        // A second outcome (a redelivered attempt) changes nothing: the first wins.
        if (i === 0)
          events.push({ type: 'result', job_id: id, ...common, ...result, status: 'failure', result: 'late' });
      });
      await Promise.all(events.map((event) => js.publish(names.eventsSubject(event.job_id), encodeEvent(event))));
    } finally {
      await nc.close();
    }
    for (const [i, id] of ids.entries()) {
      if (i === 5) {
        const job = await until(async () => {
          const row = await json(h.api(`/api/w/main/jobs_u/get/${id}`));
          return row.status === 'running' ? row : undefined;
        });
        assert.equal(job.worker, 'burst');
        assert.equal(job.attempts, 1);
        continue;
      }
      const job = await h.waitJob(id);
      assert.equal(job.status, 'success');
      assert.equal(job.result, i);
      assert.equal(job.worker, 'burst');
      assert.equal(job.duration_ms, 3);
      assert.ok(job.started_at);
      assert.equal(await (await h.api(`/api/w/main/jobs_u/get_logs/${id}`)).text(), `line ${i}\nlast ${i}\n`);
    }
  });

  it('routes a job only to a worker serving its tag', async () => {
    await h.deploy('f/e2e/gpu', 'bash', 'echo on-gpu', { tag: 'gpu' });
    const id = await (await h.api('/api/w/main/jobs/run/p/f/e2e/gpu', { method: 'POST', json: {} })).text();
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal((await json(h.api(`/api/w/main/jobs_u/get/${id}`))).status, 'queued');
    await h.startWorker({ WORKER_GROUPS: 'gpu', WORKER_NAME: 'gpu-worker' });
    const job = await h.waitJob(id);
    assert.equal(job.status, 'success');
    assert.equal(job.result, 'on-gpu');
    assert.equal(job.worker, 'gpu-worker');
  });

  it('applies the script network policy within the worker group ceiling', async () => {
    const interfaces = 'tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d " " | sort | tr "\\n" ","';
    await h.deploy('f/e2e/net_none', 'bash', interfaces, { network: 'none' });
    await h.deploy('f/e2e/net_default', 'bash', interfaces);
    await h.deploy('f/e2e/net_host', 'bash', interfaces, { network: 'host' });
    assert.equal(await json(runSync('f/e2e/net_none', {})), 'lo,');
    assert.match(await json(runSync('f/e2e/net_default', {})), /^lo,tap0,$/);
    const host = await runSync('f/e2e/net_host', {});
    assert.equal(host.status, 422);
    const body = await json(host);
    assert.equal(body.error.name, 'NetworkNotAllowed');
    assert.match(body.error.message, /allows at most "outbound"/);
  });

  it("applies the script's disk quota and CPU limit within the worker group's", async () => {
    const write = 'for i in 1 2 3 4; do head -c 3M /dev/zero > /job/f$i || exit 1; done; echo wrote';
    await h.deploy('f/e2e/disk_small', 'bash', write, { disk_mb: 8, cpus: 0.5 });
    const script = await json(h.api('/api/w/main/scripts/get/p/f/e2e/disk_small'));
    assert.equal(script.disk_mb, 8);
    assert.equal(script.cpus, 0.5);
    const small = await runSync('f/e2e/disk_small', {});
    assert.equal(small.status, 422);
    const body = await json(small);
    assert.equal(body.error.name, 'DiskQuotaExceeded');
    assert.match(body.error.message, /disk quota of 8 MiB/);
    // The group's default (1024 MiB) holds the same 12 MiB.
    await h.deploy('f/e2e/disk_default', 'bash', write);
    assert.equal(await json(runSync('f/e2e/disk_default', {})), 'wrote');
    // More than the group allows (WORKER_CPUS defaults to 1) fails, saying which setting.
    await h.deploy('f/e2e/cpus_many', 'bash', 'echo hi', { cpus: 4 });
    const many = await json(runSync('f/e2e/cpus_many', {}));
    assert.equal(many.error.name, 'LimitNotAllowed');
    assert.match(many.error.message, /WORKER_CPUS/);
  });

  it('refuses a bad cpus or disk_mb with a 400 that names it', async () => {
    for (const extra of [{ cpus: 0 }, { cpus: 'two' }, { disk_mb: 0 }, { disk_mb: 1.5 }]) {
      const res = await h.api('/api/w/main/scripts/create', {
        method: 'POST',
        json: { path: 'f/e2e/bad_quota', language: 'bash', content: 'echo', ...extra },
      });
      assert.equal(res.status, 400, JSON.stringify(extra));
      assert.match((await json(res)).error.message, new RegExp(Object.keys(extra)[0]!));
    }
  });

  it('lists jobs with filters and rejects bad filters', async () => {
    const jobs = (await json(h.api('/api/w/main/jobs/list?script_path=f/e2e/bash&status=success'))) as {
      script_path: string;
      status: string;
    }[];
    assert.ok(jobs.length >= 1);
    assert.ok(jobs.every((j) => j.script_path === 'f/e2e/bash' && j.status === 'success'));
    assert.equal((await h.api('/api/w/main/jobs/list?status=weird')).status, 400);
    assert.equal((await h.api('/api/w/main/jobs/list?per_page=0')).status, 400);
    assert.equal((await h.api('/api/w/main/jobs/list?parent_job=x')).status, 400);
    assert.equal((await h.api('/api/w/main/jobs_u/get/not-a-uuid')).status, 404);
  });
});
