import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { TOKEN, startHarness, until, type Harness } from './harness.js';

type Line = Record<string, unknown> & { msg: string; level: string };

/** Everything a child process writes, both streams, as it comes. */
function capture(child: ChildProcess): () => string {
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return () => out;
}

/** Every line, parsed: in JSON format a line that is not JSON is a failure. */
function jsonLines(output: string, who: string): Line[] {
  return output
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      try {
        return JSON.parse(l) as Line;
      } catch {
        assert.fail(`${who} wrote a line that is not JSON: ${l}`);
      }
    });
}

/**
 * Structured logs (docs/adr/0043-metrics-and-logs.md): a server and a worker in processes of their
 * own, RUNNEL_LOG_FORMAT=json, their stdout read back; each job's lines carry its job_id, its
 * flow's flow_id and its workspace.
 */
describe('JSON logs with job and flow ids', () => {
  let h: Harness;
  let server: { child: ChildProcess; url: string };
  let serverOut: () => string;
  let workerOut: () => string;

  const api = (path: string, body?: unknown) =>
    fetch(`${server.url}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const run = async (kind: 'p' | 'f', path: string) => {
    const res = await api(`/api/w/main/jobs/run/${kind}/${path}`, {});
    assert.equal(res.status, 201, await res.clone().text());
    return res.text();
  };
  const waitStatus = (id: string, statuses: string[]) =>
    until(async () => {
      const job = (await (await api(`/api/w/main/jobs_u/get/${id}`)).json()) as { status: string };
      return statuses.includes(job.status) ? job.status : undefined;
    }, 30_000);
  const serverLines = () => jsonLines(serverOut(), 'the server');
  const workerLines = () => jsonLines(workerOut(), 'the worker');
  const of = (lines: Line[], jobId: string) => lines.filter((l) => l.job_id === jobId);

  before(async () => {
    h = await startHarness({ RUNNEL_LOG_FORMAT: 'json', RUNNEL_LOG_LEVEL: 'debug' });
    await h.deploy('f/logs/ok', 'bash', 'echo fine');
    await h.deploy('f/logs/bad', 'bash', 'exit 4');
    await h.deploy('f/logs/slow', 'bash', 'sleep 30');
    const flow = await h.api('/api/w/main/flows/create', {
      method: 'POST',
      json: {
        path: 'f/logs/flow',
        value: { modules: [{ id: 'a', value: { type: 'script', path: 'f/logs/ok', input_transforms: {} } }] },
        schema: { type: 'object', properties: {} },
      },
    });
    assert.equal(flow.status, 201, await flow.clone().text());
    // Only the spawned server may apply the worker's events, so that its lines are in its stdout.
    await h.stopServer();
    server = await h.spawnServer();
    serverOut = capture(server.child);
    const worker = h.spawnWorker({ RUNNEL_LOG_FORMAT: 'json', RUNNEL_LOG_LEVEL: 'debug', WORKER_CONCURRENCY: '2' });
    workerOut = capture(worker);
    await until(async () => (/serving default/.test(workerOut()) ? true : undefined), 30_000);
  });
  after(async () => h?.close());

  it("writes a script job's lines on the worker and on the server, with its ids", async () => {
    const ok = await run('p', 'f/logs/ok');
    const bad = await run('p', 'f/logs/bad');
    assert.equal(await waitStatus(ok, ['success', 'failure']), 'success');
    assert.equal(await waitStatus(bad, ['success', 'failure']), 'failure');

    const worker = await until(async () => {
      const lines = workerLines();
      return of(lines, bad).some((l) => l.msg.startsWith('job failed')) ? lines : undefined;
    });
    const okLines = of(worker, ok);
    assert.deepEqual(
      okLines.map((l) => l.msg),
      ['job received', 'job started', 'job succeeded'],
      JSON.stringify(okLines),
    );
    for (const line of okLines) {
      assert.equal(line.workspace, 'main');
      assert.equal(line.tag, 'default');
      assert.equal(line.language, 'bash');
      assert.equal(line.service, 'worker');
      assert.equal(line.attempt, 1);
      assert.equal(line.flow_id, undefined, 'no flow for a job outside one');
      assert.match(String(line.time), /^\d{4}-\d\d-\d\dT/);
    }
    assert.equal(okLines[0]!.level, 'debug');
    assert.equal(okLines[2]!.level, 'info');
    assert.equal(typeof okLines[2]!.duration_ms, 'number');
    assert.ok(['warm', 'cold'].includes(String(okLines[1]!.start)));
    const failed = of(worker, bad).at(-1)!;
    assert.equal(failed.status, 'failure');
    assert.equal(failed.error, 'ExitCode', JSON.stringify(failed));

    const serverSide = await until(async () => {
      const lines = serverLines();
      return of(lines, bad).length > 0 && of(lines, ok).length > 0 ? lines : undefined;
    });
    const done = of(serverSide, ok).find((l) => l.msg === 'job success')!;
    assert.ok(done, JSON.stringify(of(serverSide, ok)));
    assert.equal(done.workspace, 'main');
    assert.equal(done.context, 'Jobs');
    assert.equal(done.service, 'server');
    assert.equal(of(serverSide, bad).find((l) => l.msg === 'job failure')?.status, 'failure');
  });

  it("names the flow on its steps' lines, and its transitions on the server", async () => {
    const flowId = await run('f', 'f/logs/flow');
    assert.equal(await waitStatus(flowId, ['success', 'failure']), 'success');
    const worker = await until(async () => {
      const lines = workerLines().filter((l) => l.flow_id === flowId);
      return lines.some((l) => l.msg === 'job succeeded') ? lines : undefined;
    });
    const step = String(worker[0]!.job_id);
    assert.notEqual(step, flowId);
    assert.deepEqual(
      worker.map((l) => l.msg),
      ['job received', 'job started', 'job succeeded'],
    );
    const server = await until(async () => {
      const lines = serverLines();
      return of(lines, flowId).some((l) => l.msg === 'job success') ? lines : undefined;
    });
    const stepDone = of(server, step).find((l) => l.msg === 'job success');
    assert.equal(stepDone?.flow_id, flowId, JSON.stringify(of(server, step)));
    const transitions = of(server, flowId).filter((l) => l.context === 'Flows');
    assert.deepEqual(
      transitions.map((l) => [l.event, l.outcome]),
      [
        ['start', 'running'],
        ['job_done', 'success'],
      ],
    );
    assert.ok(transitions.every((l) => l.flow_id === flowId && l.workspace === 'main'));
  });

  it("writes a canceled job's end on both sides", async () => {
    const slow = await run('p', 'f/logs/slow');
    await waitStatus(slow, ['running']);
    await until(async () => (of(workerLines(), slow).some((l) => l.msg === 'job started') ? true : undefined));
    const res = await api(`/api/w/main/jobs_u/queue/cancel/${slow}`, {});
    assert.equal(res.status, 200, await res.clone().text());
    const line = await until(async () => of(workerLines(), slow).find((l) => l.msg === 'job canceled'));
    assert.equal(line.status, 'canceled');
    assert.ok(of(serverLines(), slow).some((l) => l.msg === 'job canceled' && l.workspace === 'main'));
  });
});
