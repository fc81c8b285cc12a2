import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import {
  createLogger,
  decodeEvent,
  encodeJob,
  ensureStreams,
  natsNames,
  PROTOCOL_VERSION,
  removeTopology,
  type JobMessage,
  type NatsNames,
  type WorkerEvent,
} from '@runnel/protocol';
import { loadWorkerConfig, startWorker, type RunningWorker } from '../src/index.js';

const NATS_URL = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

async function scrape(url: string): Promise<Sample[]> {
  const res = await fetch(url);
  assert.equal(res.status, 200);
  const samples: Sample[] = [];
  for (const line of (await res.text()).split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)) labels[l[1]!] = l[2]!;
    samples.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return samples;
}

const sum = (samples: Sample[], name: string, labels: Record<string, string> = {}) =>
  samples
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((n, s) => n + s.value, 0);

/**
 * A worker's own /metrics and per-job log lines (docs/adr/0043-metrics-and-logs.md), with the
 * process sandbox running real Bash jobs published straight on NATS, as a server would.
 */
describe("a worker's metrics and job log lines", () => {
  let names: NatsNames;
  let nc: NatsConnection;
  let js: JetStreamClient;
  let jsm: JetStreamManager;
  let worker: RunningWorker;
  const lines: Record<string, unknown>[] = [];
  const stops: (() => Promise<void>)[] = [];
  const env = () => ({
    NATS_URL,
    RUNNEL_NATS_PREFIX: names.prefix,
    WORKER_GROUPS: 'default',
    WORKER_METRICS_PORT: '0',
  });

  before(async () => {
    names = natsNames(`wm${randomBytes(5).toString('hex')}`);
    nc = await connect({ servers: NATS_URL });
    jsm = await jetstreamManager(nc);
    js = jetstream(nc);
    await ensureStreams(jsm, names);
    const config = loadWorkerConfig({ ...env(), WORKER_NAME: 'metrics-test', WORKER_CONCURRENCY: '2' });
    const log = createLogger(
      { format: 'json', level: 'debug' },
      { service: 'worker', worker: config.name },
      {
        write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>),
      },
    );
    worker = await startWorker(config, undefined, undefined, log);
    stops.push(() => worker.stop(1000));
  });
  after(async () => {
    for (const stop of stops.reverse()) await stop();
    await nc?.close();
    if (names) await removeTopology(NATS_URL, names);
  });

  /** Publishes a Bash job and waits for its result event. */
  async function runJob(content: string, extra: Partial<JobMessage> = {}) {
    const id = randomUUID();
    const job: JobMessage = {
      v: PROTOCOL_VERSION,
      id,
      workspace: 'ws_metrics',
      language: 'bash',
      content,
      args: {},
      arg_order: [],
      tag: 'default',
      timeout_s: 30,
      network: null,
      script_path: null,
      script_hash: null,
      ...extra,
    };
    await js.publish(names.jobsSubject('default'), encodeJob(job));
    for (let i = 0; i < 600; i++) {
      const last = await jsm.streams
        .getMessage(names.eventsStream, { last_by_subj: names.eventsSubject(id) })
        .catch(() => null);
      const event = last && decodeEvent(last.data);
      if (event?.type === 'result') return { id, result: event as Extract<WorkerEvent, { type: 'result' }> };
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`no result for job ${id}`);
  }

  it('counts jobs by status and times them, and their sandbox starts warm or cold', async () => {
    assert.equal((await runJob('echo ok')).result.status, 'success');
    assert.equal((await runJob('exit 2')).result.status, 'failure');
    // The warm pool starts a sandbox of a kind that just ran: some later job of that kind takes it.
    let warm = 0;
    for (let i = 0; i < 8 && warm === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      assert.equal((await runJob('echo again')).result.status, 'success');
      warm = sum(await scrape(worker.metricsUrl!), 'runnel_worker_sandbox_start_seconds_count', { start: 'warm' });
    }
    assert.ok(warm >= 1, 'no job took a warm sandbox');

    const m = await scrape(worker.metricsUrl!);
    const bash = { tag: 'default', language: 'bash' };
    const successes = sum(m, 'runnel_worker_jobs_total', { ...bash, status: 'success' });
    assert.ok(successes >= 2);
    assert.equal(sum(m, 'runnel_worker_jobs_total', { ...bash, status: 'failure' }), 1);
    assert.equal(sum(m, 'runnel_worker_job_duration_seconds_count', bash), successes + 1);
    assert.equal(sum(m, 'runnel_worker_sandbox_start_seconds_count', bash), successes + 1);
    assert.ok(sum(m, 'runnel_worker_sandbox_start_seconds_count', { ...bash, start: 'cold' }) >= 1);
    assert.equal(sum(m, 'runnel_worker_jobs_running'), 0);
    assert.equal(sum(m, 'runnel_worker_slots', { state: 'total' }), 2);
    assert.equal(sum(m, 'runnel_worker_slots', { state: 'busy' }), 0);
    assert.ok(sum(m, 'process_resident_memory_bytes') > 0);
  });

  it("writes a job's lines with its job_id, flow_id and workspace", async () => {
    const flowId = randomUUID();
    const { id } = await runJob('echo step', { flow_id: flowId });
    const mine = lines.filter((l) => l.job_id === id);
    assert.deepEqual(
      mine.map((l) => l.msg),
      ['job received', 'job started', 'job succeeded'],
    );
    for (const line of mine) {
      assert.equal(line.flow_id, flowId);
      assert.equal(line.workspace, 'ws_metrics');
      assert.equal(line.worker, 'metrics-test');
    }
    const failed = lines.find((l) => typeof l.msg === 'string' && l.msg.startsWith('job failed'));
    assert.equal(failed?.error, 'ExitCode', JSON.stringify(failed));
    assert.equal(failed?.flow_id, undefined);
  });

  it('serves only GET /metrics', async () => {
    const other = new URL('/other', worker.metricsUrl!);
    assert.equal((await fetch(other)).status, 404);
    assert.equal((await fetch(worker.metricsUrl!, { method: 'POST' })).status, 404);
  });

  it('opens no port unless WORKER_METRICS_PORT is set; 0 gives each worker its own; a busy port is named', async () => {
    const { WORKER_METRICS_PORT: _, ...withoutPort } = env();
    const quiet = await startWorker(loadWorkerConfig(withoutPort));
    stops.push(() => quiet.stop(1000));
    assert.equal(quiet.metricsUrl, undefined);

    const second = await startWorker(loadWorkerConfig(env()));
    stops.push(() => second.stop(1000));
    assert.notEqual(second.metricsUrl, worker.metricsUrl);
    assert.equal(sum(await scrape(second.metricsUrl!), 'runnel_worker_jobs_total'), 0, 'its own figures');

    const held = createServer();
    await new Promise<void>((resolve) => held.listen(0, '127.0.0.1', resolve));
    const port = (held.address() as { port: number }).port;
    try {
      await assert.rejects(
        startWorker(loadWorkerConfig({ ...env(), WORKER_METRICS_PORT: String(port) })),
        new RegExp(
          `WORKER_METRICS_PORT ${port} is in use on 127\\.0\\.0\\.1: give each worker of this machine its own port`,
        ),
      );
    } finally {
      held.close();
    }
  });
});
