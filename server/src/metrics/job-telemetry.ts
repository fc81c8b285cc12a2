import { Logger } from '@nestjs/common';
import type { JobLogFields } from '@runnel/protocol';
import { BoundedLabel } from './labels.js';
import type { ServerMetrics } from './server-metrics.js';

/** The columns of a job row that telemetry reads. */
export interface JobFacts {
  id: string;
  workspace_id: string;
  kind: string;
  tag: string;
  language: string;
  status?: string;
  parent_job?: string | null;
  flow_step_id?: string | null;
  duration_ms?: number | null;
  attempts?: number;
}

/** The job's ids for a log line: its flow only when it is a flow's step (a job API child names its caller instead). */
export function jobLogFields(job: JobFacts): JobLogFields {
  return {
    job_id: job.id,
    ...(job.parent_job && job.flow_step_id ? { flow_id: job.parent_job } : {}),
    workspace: job.workspace_id,
  };
}

/**
 * Where the server records what happens to jobs and flows: a counter and a log line each, at
 * the places that store the change (docs/adr/0043-metrics-and-logs.md). Counted once, on the
 * replica that made the change: Prometheus sums the replicas.
 */
export class JobTelemetry {
  private readonly logger = new Logger('Jobs');
  private readonly flowLogger = new Logger('Flows');
  private readonly languages = new BoundedLabel(50);

  constructor(readonly metrics: ServerMetrics) {}

  /** A job row was written and is being published (not a relay's republish), or a flow started. */
  created(job: JobFacts): void {
    this.metrics.jobsCreated.inc(this.labels(job));
    this.logger.debug({ msg: 'job queued', ...jobLogFields(job), kind: job.kind, tag: job.tag });
  }

  /** A job's final status was stored; `how` says by what when it was not the worker's result. */
  finished(job: JobFacts, how?: string): void {
    const status = job.status ?? 'unknown';
    this.metrics.jobsFinished.inc({ ...this.labels(job), status });
    const line = {
      msg: `job ${status}${how ? ` (${how})` : ''}`,
      ...jobLogFields(job),
      status,
      kind: job.kind,
      tag: job.tag,
      ...(job.duration_ms != null && { duration_ms: job.duration_ms }),
      ...(job.attempts && { attempts: job.attempts }),
    };
    if (status === 'failure' && how) this.logger.warn(line);
    else this.logger.log(line);
  }

  /**
   * An event was applied to a flow run (or refused): `outcome` is what the run is now, `running`
   * while it goes on; `ignored`/`refused` when the event changed nothing.
   */
  flowTransition(flow: { id: string; workspace_id?: string }, event: string, outcome: string): void {
    this.metrics.flowTransitions.inc({ event, outcome });
    this.flowLogger.log({
      msg: `flow ${event} → ${outcome}`,
      job_id: flow.id,
      flow_id: flow.id,
      ...(flow.workspace_id && { workspace: flow.workspace_id }),
      event,
      outcome,
    });
  }

  private labels(job: JobFacts) {
    return { kind: job.kind, tag: this.metrics.tags.of(job.tag), language: this.languages.of(job.language) };
  }
}
