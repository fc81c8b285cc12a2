import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Seconds a job ran: from a trivial script's few milliseconds to the default 900 s timeout. */
const DURATION_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900];
/** Seconds from a job's message to its process running: a warm sandbox's milliseconds to a dependency install. */
const START_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 120];

/**
 * A worker's Prometheus metrics (docs/adr/0043-metrics-and-logs.md), in a registry of its own (a
 * test may run several workers and a server in one process). Labels: the worker group (`tag`,
 * from WORKER_GROUPS), the language, the status, and how the sandbox started; nothing from a
 * job's workspace, path or arguments.
 */
export class WorkerMetrics {
  readonly registry = new Registry();
  readonly jobs: Counter<'tag' | 'language' | 'status'>;
  readonly duration: Histogram<'tag' | 'language' | 'status'>;
  readonly sandboxStart: Histogram<'tag' | 'language' | 'start'>;
  readonly running: Gauge<'tag'>;

  constructor(slots: { total: number; free: () => number }) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.jobs = new Counter({
      name: 'runnel_worker_jobs_total',
      help: 'Job attempts this worker ran to an end, by worker group, language and status (success, failure, canceled).',
      labelNames: ['tag', 'language', 'status'],
      registers,
    });
    this.duration = new Histogram({
      name: 'runnel_worker_job_duration_seconds',
      help: "How long jobs' sandboxes ran, by worker group, language and status.",
      labelNames: ['tag', 'language', 'status'],
      buckets: DURATION_BUCKETS,
      registers,
    });
    this.sandboxStart = new Histogram({
      name: 'runnel_worker_sandbox_start_seconds',
      help: "From a job's message received to its process started (dependencies and sandbox set-up included), by worker group, language and start (warm: a pre-started sandbox; cold; dedicated: a dedicated runtime's process already running).",
      labelNames: ['tag', 'language', 'start'],
      buckets: START_BUCKETS,
      registers,
    });
    this.running = new Gauge({
      name: 'runnel_worker_jobs_running',
      help: 'Jobs this worker is running now, by worker group.',
      labelNames: ['tag'],
      registers,
    });
    new Gauge({
      name: 'runnel_worker_slots',
      help: "This worker's job slots (WORKER_CONCURRENCY): total, and busy now.",
      labelNames: ['state'],
      registers,
      collect() {
        this.set({ state: 'total' }, slots.total);
        this.set({ state: 'busy' }, slots.total - slots.free());
      },
    });
  }

  /**
   * Serves GET /metrics on `host:port` (0: any free port); resolves once it listens, with its URL.
   * Anything else is a 404: the listener has nothing else to say.
   */
  async listen(host: string, port: number): Promise<{ url: string; server: Server }> {
    const server = createServer((req, res) => {
      if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('only GET /metrics is served here\n');
        return;
      }
      this.registry.metrics().then(
        (body) => res.writeHead(200, { 'content-type': this.registry.contentType }).end(body),
        (err: Error) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`${err.message}\n`),
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', (err: NodeJS.ErrnoException) =>
        reject(
          new Error(
            err.code === 'EADDRINUSE'
              ? `WORKER_METRICS_PORT ${port} is in use on ${host}: give each worker of this machine its own port, or 0 for any free one`
              : `cannot serve metrics on ${host}:${port} (WORKER_METRICS_PORT): ${err.message}`,
          ),
        ),
      );
      server.listen(port, host, resolve);
    });
    const { port: bound } = server.address() as AddressInfo;
    const name = host.includes(':') ? `[${host}]` : host;
    return { url: `http://${name === '0.0.0.0' ? '127.0.0.1' : name}:${bound}/metrics`, server };
  }
}
