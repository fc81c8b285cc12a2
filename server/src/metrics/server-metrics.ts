import type { JetStreamManager } from '@nats-io/jetstream';
import type { NatsNames } from '@runnel/protocol';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { BoundedLabel, statusClass } from './labels.js';

/** What the server reads from pg's Pool: its connections, idle ones, and queries waiting for one. */
export interface PoolLike {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

/** How long a scrape waits for NATS or PostgreSQL before it answers without their figures. */
const SCRAPE_TIMEOUT_MS = 2_000;

/** Seconds: from a health check's few milliseconds to a slow run_wait_result's 20 s. */
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

function withTimeout<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer in ${SCRAPE_TIMEOUT_MS} ms`)), SCRAPE_TIMEOUT_MS);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/**
 * The server's Prometheus metrics (docs/adr/0043-metrics-and-logs.md), in a registry of its own:
 * a test process may run a server and workers side by side, each with its own figures. Labels
 * are bounded sets (status, kind, language, worker group, route pattern); never a workspace, a
 * path, an argument or anything else a tenant chose freely.
 */
export class ServerMetrics {
  readonly registry = new Registry();
  /** Worker groups as labels: a script may name any tag, so past a hundred they are counted as `other`. */
  readonly tags = new BoundedLabel(100);
  readonly jobsCreated: Counter<'kind' | 'tag' | 'language'>;
  readonly jobsFinished: Counter<'kind' | 'tag' | 'language' | 'status'>;
  readonly flowTransitions: Counter<'event' | 'outcome'>;
  readonly httpDuration: Histogram<'method' | 'route' | 'status_class'>;
  readonly collectErrors: Counter<'source'>;

  constructor() {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.jobsCreated = new Counter({
      name: 'runnel_jobs_created_total',
      help: 'Jobs queued (script jobs) or started (flows) by this server, by kind, worker group and language.',
      labelNames: ['kind', 'tag', 'language'],
      registers,
    });
    this.jobsFinished = new Counter({
      name: 'runnel_jobs_finished_total',
      help: 'Jobs whose final status this server recorded, by kind, worker group, language and status.',
      labelNames: ['kind', 'tag', 'language', 'status'],
      registers,
    });
    this.flowTransitions = new Counter({
      name: 'runnel_flow_transitions_total',
      help: 'Events applied to flow runs by this server (start, job_done, timer, resume, reject, cancel), by what the run became (running, success, failure, canceled; ignored, refused).',
      labelNames: ['event', 'outcome'],
      registers,
    });
    this.httpDuration = new Histogram({
      name: 'runnel_http_request_duration_seconds',
      help: 'HTTP requests answered, by method, route pattern (unmatched for none) and status class.',
      labelNames: ['method', 'route', 'status_class'],
      buckets: HTTP_BUCKETS,
      registers,
    });
    this.collectErrors = new Counter({
      name: 'runnel_metrics_collect_errors_total',
      help: 'Scrapes that could not read a figure from its source (nats, postgres) in time; the figure is then absent.',
      labelNames: ['source'],
      registers,
    });
  }

  /** An answered request; `route` is the router's pattern, undefined when no route matched. */
  observeHttp(method: string, route: string | undefined, status: number, seconds: number): void {
    this.httpDuration.observe({ method, route: route ?? 'unmatched', status_class: statusClass(status) }, seconds);
  }

  /** PostgreSQL pool use, read at each scrape. */
  watchPool(pool: PoolLike): void {
    new Gauge({
      name: 'runnel_pg_pool_connections',
      help: "This server's PostgreSQL pool: connections open (total), of which idle, and queries waiting for one.",
      labelNames: ['state'],
      registers: [this.registry],
      collect() {
        this.set({ state: 'total' }, pool.totalCount);
        this.set({ state: 'idle' }, pool.idleCount);
        this.set({ state: 'waiting' }, pool.waitingCount);
      },
    });
  }

  /**
   * Queue depth per worker group, read from JetStream at each scrape: for each group's consumer,
   * messages not yet delivered (`pending`) and delivered but not yet acknowledged (`ack_pending`,
   * jobs being run); a group no worker ever served has no consumer, and its messages in the
   * stream are all `pending`.
   */
  watchQueue(jsm: JetStreamManager, names: NatsNames): void {
    const { tags, collectErrors } = this;
    const consumerPrefix = names.groupConsumer('');
    const subjectPrefix = names.jobsSubject('');
    new Gauge({
      name: 'runnel_queue_depth',
      help: 'Job messages in JetStream per worker group: pending (not delivered yet) and ack_pending (delivered, running).',
      labelNames: ['group', 'state'],
      registers: [this.registry],
      async collect() {
        this.reset();
        try {
          const [stream, consumers] = await withTimeout(
            Promise.all([
              jsm.streams.info(names.jobsStream, { subjects_filter: names.jobsSubject('*') }),
              jsm.consumers.list(names.jobsStream).next(),
            ]),
            'NATS',
          );
          const served = new Set<string>();
          for (const consumer of consumers) {
            const durable = consumer.config.durable_name ?? consumer.name;
            if (!durable.startsWith(consumerPrefix)) continue;
            const group = tags.of(durable.slice(consumerPrefix.length));
            served.add(durable.slice(consumerPrefix.length));
            this.inc({ group, state: 'pending' }, consumer.num_pending);
            this.inc({ group, state: 'ack_pending' }, consumer.num_ack_pending);
          }
          for (const [subject, count] of Object.entries(stream.state.subjects ?? {})) {
            const tag = subject.slice(subjectPrefix.length);
            if (!served.has(tag)) this.inc({ group: tags.of(tag), state: 'pending' }, count);
          }
        } catch {
          collectErrors.inc({ source: 'nats' });
        }
      },
    });
  }

  /**
   * Jobs queued or running now, from PostgreSQL at each scrape. One index range per workspace
   * (job_by_status leads with workspace_id), so the cost follows the jobs in flight, not the
   * table's size.
   */
  watchActiveJobs(db: DataSource): void {
    const { tags, collectErrors } = this;
    new Gauge({
      name: 'runnel_jobs_active',
      help: 'Jobs queued or running now, by status, kind and worker group (from PostgreSQL).',
      labelNames: ['status', 'kind', 'tag'],
      registers: [this.registry],
      async collect() {
        this.reset();
        try {
          const rows: { status: string; kind: string; tag: string; n: number }[] = await withTimeout(
            db.transaction(async (tx) => {
              // The plan is an index range per workspace whatever the estimates: JIT compiling it
              // would cost more than running it.
              await tx.query(`SET LOCAL jit = off`);
              await tx.query(`SET LOCAL statement_timeout = ${SCRAPE_TIMEOUT_MS}`);
              // OFFSET 0 keeps the subquery apart, so it is not flattened into a scan of every job.
              return tx.query(
                `SELECT j.status, j.kind, j.tag, count(*)::int AS n
                 FROM workspace w CROSS JOIN LATERAL (
                   SELECT status, kind, tag FROM job
                   WHERE workspace_id = w.id AND status IN ('queued', 'running') OFFSET 0
                 ) j
                 GROUP BY 1, 2, 3`,
              );
            }),
            'PostgreSQL',
          );
          for (const row of rows) this.inc({ status: row.status, kind: row.kind, tag: tags.of(row.tag) }, row.n);
        } catch {
          collectErrors.inc({ source: 'postgres' });
        }
      },
    });
  }
}
