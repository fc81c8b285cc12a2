import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { RunningWorker } from '@runnel/worker';
import { DataSource } from 'typeorm';
import { startHarness, until, type Harness } from './harness.js';
import { exportedNames, scrape, series, value } from './metrics-helpers.js';

const DASHBOARD = fileURLToPath(new URL('../../../deploy/grafana/runnel-dashboard.json', import.meta.url));
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/**
 * /metrics of a real server and a real worker (docs/adr/0043-metrics-and-logs.md): real jobs and
 * flows run, then the figures are read as Prometheus reads them.
 */
describe('Prometheus metrics', () => {
  let h: Harness;
  let worker: RunningWorker;
  /** A worker group no worker serves, unique to this run. */
  const nowhere = `nowhere_${randomBytes(3).toString('hex')}`;

  before(async () => {
    h = await startHarness();
    worker = await h.startWorker({ WORKER_METRICS_PORT: '0', WORKER_CONCURRENCY: '2' });
    assert.match(worker.metricsUrl ?? '', /^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
  });
  after(async () => h?.close());

  const serverMetrics = () => scrape(`${h.url}/metrics`);
  const workerMetrics = () => scrape(worker.metricsUrl!);
  const runAsync = async (kind: 'p' | 'f', path: string, args: unknown = {}) => {
    const res = await h.api(`/api/w/main/jobs/run/${kind}/${path}`, { method: 'POST', json: args });
    assert.equal(res.status, 201, await res.clone().text());
    return res.text();
  };

  it('counts jobs by status, worker group and language, on the server and on the worker', async () => {
    await h.deploy('f/m/ok', 'bash', 'echo fine');
    await h.deploy('f/m/bad', 'bash', 'echo broken >&2\nexit 3');
    const ids = [await runAsync('p', 'f/m/ok'), await runAsync('p', 'f/m/ok'), await runAsync('p', 'f/m/bad')];
    const jobs = await Promise.all(ids.map((id) => h.waitJob(id)));
    assert.deepEqual(
      jobs.map((j) => j.status),
      ['success', 'success', 'failure'],
    );

    const s = await serverMetrics();
    const script = { kind: 'script', tag: 'default', language: 'bash' };
    assert.equal(value(s, 'runnel_jobs_created_total', script), 3);
    assert.equal(value(s, 'runnel_jobs_finished_total', { ...script, status: 'success' }), 2);
    assert.equal(value(s, 'runnel_jobs_finished_total', { ...script, status: 'failure' }), 1);

    const w = await workerMetrics();
    const bash = { tag: 'default', language: 'bash' };
    assert.equal(value(w, 'runnel_worker_jobs_total', { ...bash, status: 'success' }), 2);
    assert.equal(value(w, 'runnel_worker_jobs_total', { ...bash, status: 'failure' }), 1);
    assert.equal(value(w, 'runnel_worker_job_duration_seconds_count', { ...bash, status: 'success' }), 2);
    assert.ok(value(w, 'runnel_worker_job_duration_seconds_sum', { ...bash, status: 'success' }) > 0);
    // Every attempt's process started once; each start is warm or cold.
    const starts = series(w, 'runnel_worker_sandbox_start_seconds_count', bash);
    assert.equal(
      starts.reduce((n, x) => n + x.value, 0),
      3,
      JSON.stringify(starts),
    );
    assert.ok(starts.every((x) => x.labels.start === 'warm' || x.labels.start === 'cold'));
    assert.ok(value(w, 'runnel_worker_sandbox_start_seconds_sum', bash) > 0);
    // A bucket past every start holds them all (le is cumulative).
    assert.equal(value(w, 'runnel_worker_sandbox_start_seconds_bucket', { ...bash, le: '+Inf' }), 3);
    assert.equal(value(w, 'runnel_worker_slots', { state: 'total' }), 2);
    assert.equal(value(w, 'runnel_worker_jobs_running'), 0);
    // Default process metrics, on both sides.
    assert.ok(value(w, 'process_cpu_user_seconds_total') > 0);
    assert.ok(value(s, 'nodejs_heap_size_used_bytes') > 0);
  });

  it('counts flow transitions and the flow as a job', async () => {
    const before = await serverMetrics();
    const res = await h.api('/api/w/main/flows/create', {
      method: 'POST',
      json: {
        path: 'f/m/two_steps',
        value: {
          modules: [
            { id: 'a', value: { type: 'rawscript', language: 'bash', content: 'echo 1', input_transforms: {} } },
            { id: 'b', value: { type: 'rawscript', language: 'bash', content: 'echo 2', input_transforms: {} } },
          ],
        },
        schema: { type: 'object', properties: {} },
      },
    });
    assert.equal(res.status, 201, await res.clone().text());
    const flow = await h.waitJob(await runAsync('f', 'f/m/two_steps'));
    assert.equal(flow.status, 'success', JSON.stringify(flow.result));

    const s = await serverMetrics();
    const delta = (name: string, labels: Record<string, string>) =>
      value(s, name, labels) - value(before, name, labels);
    assert.equal(delta('runnel_flow_transitions_total', { event: 'start', outcome: 'running' }), 1);
    // Step a done: the flow goes on; step b done: it ends.
    assert.equal(delta('runnel_flow_transitions_total', { event: 'job_done', outcome: 'running' }), 1);
    assert.equal(delta('runnel_flow_transitions_total', { event: 'job_done', outcome: 'success' }), 1);
    assert.equal(delta('runnel_jobs_created_total', { kind: 'flow', tag: 'flow', language: 'flow' }), 1);
    assert.equal(delta('runnel_jobs_finished_total', { kind: 'flow', status: 'success' }), 1);
    assert.equal(
      delta('runnel_jobs_finished_total', { kind: 'flowscript', tag: 'default', language: 'bash', status: 'success' }),
      2,
    );
  });

  it('shows the queue depth of a group no worker serves, and its queued jobs', async () => {
    await h.deploy('f/m/stuck', 'bash', 'echo never', { tag: nowhere });
    const ids = [await runAsync('p', 'f/m/stuck'), await runAsync('p', 'f/m/stuck')];
    const s = await until(async () => {
      const got = await serverMetrics();
      return value(got, 'runnel_queue_depth', { group: nowhere, state: 'pending' }) === 2 ? got : undefined;
    });
    assert.equal(value(s, 'runnel_queue_depth', { group: nowhere, state: 'ack_pending' }), 0);
    assert.equal(value(s, 'runnel_jobs_active', { status: 'queued', kind: 'script', tag: nowhere }), 2);
    // The served group has its consumer's figures, nothing waiting now.
    assert.equal(series(s, 'runnel_queue_depth', { group: 'default', state: 'pending' }).length, 1);
    assert.equal(value(s, 'runnel_queue_depth', { group: 'default' }), 0);
    assert.equal(value(s, 'runnel_metrics_collect_errors_total'), 0);

    // A queued job's message leaves the stream on cancel once its publish is recorded (its stream
    // sequence, written in batches every 20 ms): on a busy machine the metrics can see the
    // messages before that, and a cancel then would leave them for a worker to drop.
    const db = h.server.app.get(DataSource);
    await until(async () => {
      const rows: { stream_seq: string | null }[] = await db.query('SELECT stream_seq FROM job WHERE id = ANY($1)', [
        ids,
      ]);
      return rows.length === 2 && rows.every((r) => r.stream_seq !== null) ? true : undefined;
    });
    for (const id of ids) {
      const canceled = await h.api(`/api/w/main/jobs_u/queue/cancel/${id}`, { method: 'POST', json: {} });
      assert.equal(canceled.status, 200, await canceled.clone().text());
    }
    const after = await until(async () => {
      const got = await serverMetrics();
      return value(got, 'runnel_queue_depth', { group: nowhere }) === 0 ? got : undefined;
    });
    assert.equal(value(after, 'runnel_jobs_active', { tag: nowhere }), 0);
    assert.equal(value(after, 'runnel_jobs_finished_total', { tag: nowhere, status: 'canceled' }), 2);
  });

  it('times HTTP requests by route pattern and status class, never by URL', async () => {
    const id = await runAsync('p', 'f/m/ok');
    await h.waitJob(id);
    assert.equal((await h.api(`/api/w/main/jobs_u/get/${id}`)).status, 200);
    assert.equal((await h.api(`/api/w/main/jobs_u/get/${randomUUID()}`)).status, 404);
    // No route takes DELETE there (GET would be the app's page).
    assert.equal((await fetch(`${h.url}/no/such/${id}`, { method: 'DELETE' })).status, 404);

    const s = await serverMetrics();
    const get = { method: 'GET', route: '/api/w/:workspace/jobs_u/get/:id' };
    assert.ok(value(s, 'runnel_http_request_duration_seconds_count', { ...get, status_class: '2xx' }) >= 1);
    assert.equal(value(s, 'runnel_http_request_duration_seconds_count', { ...get, status_class: '4xx' }), 1);
    assert.ok(value(s, 'runnel_http_request_duration_seconds_count', { route: 'unmatched', status_class: '4xx' }) >= 1);
    const routes = new Set(series(s, 'runnel_http_request_duration_seconds_count').map((x) => x.labels.route!));
    for (const route of routes) {
      assert.doesNotMatch(route, UUID, `a route label carries an id: ${route}`);
      assert.doesNotMatch(route, /\/main\/|f\/m\//, `a route label carries a workspace or a path: ${route}`);
    }
  });

  it('reports the PostgreSQL pool', async (t) => {
    const s = await serverMetrics();
    // A figure, not a limit: what one scrape costs each side (PostgreSQL and JetStream included on the server).
    const median = async (url: string) => {
      const times: number[] = [];
      for (let i = 0; i < 21; i++) {
        const started = performance.now();
        await scrape(url);
        times.push(performance.now() - started);
      }
      return times.sort((a, b) => a - b)[10]!.toFixed(1);
    };
    t.diagnostic(
      `scrape median: server ${await median(`${h.url}/metrics`)} ms, worker ${await median(worker.metricsUrl!)} ms`,
    );
    const total = value(s, 'runnel_pg_pool_connections', { state: 'total' });
    assert.ok(total >= 1, `${total} connections`);
    assert.ok(value(s, 'runnel_pg_pool_connections', { state: 'idle' }) <= total);
    assert.equal(series(s, 'runnel_pg_pool_connections', { state: 'waiting' }).length, 1);
  });

  it('puts no workspace, path or id in any label, on either side', async () => {
    for (const s of [await serverMetrics(), await workerMetrics()]) {
      for (const sample of s.samples) {
        for (const [label, v] of Object.entries(sample.labels)) {
          assert.doesNotMatch(v, UUID, `${sample.name}{${label}="${v}"}`);
          assert.notEqual(v, 'main', `${sample.name}{${label}="${v}"} names the workspace`);
          assert.doesNotMatch(v, /^f\//, `${sample.name}{${label}="${v}"} names a path`);
        }
      }
    }
  });

  it('has a Grafana dashboard whose every query names metrics the server or a worker exports', async () => {
    const exported = new Set([...exportedNames(await serverMetrics()), ...exportedNames(await workerMetrics())]);
    const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as { panels: Panel[] };
    const exprs = dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => ({ panel: p.title, expr: t.expr })));
    assert.ok(exprs.length >= 10, `${exprs.length} queries`);
    const used = new Set<string>();
    for (const { panel, expr } of exprs) {
      const names = metricNames(expr);
      assert.ok(names.length > 0, `panel "${panel}": no metric in ${expr}`);
      for (const name of names) {
        assert.ok(exported.has(name), `panel "${panel}" queries ${name}, which nothing exports`);
        used.add(name.replace(/_(bucket|sum|count)$/, ''));
      }
    }
    // Each figure the issue asks for has a panel.
    for (const name of [
      'runnel_jobs_finished_total',
      'runnel_queue_depth',
      'runnel_worker_job_duration_seconds',
      'runnel_worker_sandbox_start_seconds',
      'runnel_flow_transitions_total',
      'runnel_http_request_duration_seconds',
      'runnel_pg_pool_connections',
    ]) {
      assert.ok(used.has(name), `no panel shows ${name}`);
    }
  });

  it('asks for RUNNEL_METRICS_TOKEN when it is set', async () => {
    await h.restartServer({ RUNNEL_METRICS_TOKEN: 'scrape-secret' });
    const refused = await fetch(`${h.url}/metrics`);
    assert.equal(refused.status, 401);
    assert.match(((await refused.json()) as { error: { message: string } }).error.message, /RUNNEL_METRICS_TOKEN/);
    assert.equal((await fetch(`${h.url}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status, 401);
    const s = await scrape(`${h.url}/metrics`, { authorization: 'Bearer scrape-secret' });
    assert.ok(series(s, 'runnel_pg_pool_connections').length === 3);
  });
});

interface Panel {
  title: string;
  targets?: { expr: string }[];
}

/** The metric names a PromQL expression reads: identifiers that are neither functions, keywords nor label names. */
function metricNames(expr: string): string[] {
  const withoutStrings = expr.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  const withoutLabels = withoutStrings.replace(/\{[^}]*\}/g, '').replace(/\b(by|without|on|ignoring)\s*\([^)]*\)/g, '');
  const names = withoutLabels.match(/[a-zA-Z_:][\w:]*(?=\s*(\[|\)|$|\s|,|\{|[-+*/]))/g) ?? [];
  const notMetrics = new Set([
    'sum',
    'rate',
    'irate',
    'increase',
    'histogram_quantile',
    'max',
    'min',
    'avg',
    'count',
    'le',
    'by',
    'clamp_min',
  ]);
  return [...new Set(names.filter((n) => !notMetrics.has(n) && /_/.test(n)))];
}
