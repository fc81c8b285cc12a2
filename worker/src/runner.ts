import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { JetStreamClient } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import type { Logger } from 'pino';
import { decodeJob, ProtocolError, type JobMessage, type JobNetwork, type NatsNames } from '@runnel/protocol';
import type { WorkerConfig } from './config.js';
import type { CanceledJobs } from './consumer/canceled-jobs.js';
import type { JobMsg } from './consumer/job-msg.js';
import type { DepsCache, DepsLease } from './deps/index.js';
import { JobApiAccess } from './job-api/job-api-access.js';
import type { WorkerMetrics } from './metrics.js';
import { JobReporter } from './reporter/reporter.js';
import type { DepsMount, JobError, Sandbox, SandboxOutcome, SandboxSpec } from './sandboxes/index.js';

export interface RunnerDeps {
  nc: NatsConnection;
  js: JetStreamClient;
  names: NatsNames;
  canceled: CanceledJobs;
  sandbox: Sandbox;
  /** Where jobs' dependency locks are installed before their sandbox starts. */
  depsCache: DepsCache;
  config: WorkerConfig;
  /** The largest message the NATS server takes (its INFO's max_payload). */
  maxPayload: () => number;
  /** The worker's logger: each job's lines carry job_id, flow_id and workspace (docs/adr/0043). */
  log: Logger;
  metrics: WorkerMetrics;
}

/** `WORKER_NETWORK` is a group's default and its ceiling: a script may ask for less, not more. */
const NETWORK_RANK = { none: 0, outbound: 1, host: 2 } as const;

/**
 * Why the group can't run the job as its script asks, if it can't: the group's network, CPU and
 * disk settings are its defaults and its ceilings; a script may ask for less, never more.
 */
function notAllowed(job: JobMessage, network: JobNetwork, config: WorkerConfig): JobError | undefined {
  const group = `worker group "${job.tag}"`;
  if (NETWORK_RANK[network] > NETWORK_RANK[config.network]) {
    return {
      name: 'NetworkNotAllowed',
      message: `the script asks for network "${network}", but ${group} allows at most "${config.network}" (WORKER_NETWORK)`,
    };
  }
  if (job.cpus != null && job.cpus > config.cpus) {
    return {
      name: 'LimitNotAllowed',
      message: `the script asks for ${job.cpus} CPU cores, but ${group} allows at most ${config.cpus} (WORKER_CPUS)`,
    };
  }
  if (job.disk_mb != null && job.disk_mb > config.diskMb) {
    return {
      name: 'LimitNotAllowed',
      message: `the script asks for a disk quota of ${job.disk_mb} MiB, but ${group} allows at most ${config.diskMb} MiB (WORKER_DISK_MB)`,
    };
  }
  return undefined;
}

/**
 * The script version a dedicated runtime serves (docs/adr/0050-dedicated-runtimes.md): the
 * workspace, the script's path (none for a flow's inline step) and a hash of the language and
 * content, so that no two workspaces, scripts or versions ever share a process. The content's
 * own hash rather than the message's script hash: an inline step has none, and it is what runs.
 * The script, for a new version to end its older versions' processes.
 */
function dedicatedVersion(job: JobMessage): NonNullable<SandboxSpec['dedicated']> {
  const hash = createHash('sha256').update(job.language).update('\0').update(job.content).digest('hex');
  const script = job.script_path == null ? undefined : `${job.workspace}\0${job.script_path}`;
  return { version: `${script ?? `${job.workspace}\0`}\0${hash}`, ...(script !== undefined && { script }) };
}

/** Runs one delivered job message to its end: started → sandbox → result → ack. */
export class JobRunner {
  /** Aborting these kills the sandboxes, for a forced shutdown. */
  readonly running = new Map<string, AbortController>();
  private shuttingDownHard = false;

  constructor(private readonly deps: RunnerDeps) {
    deps.canceled.onCancel((id) => this.running.get(id)?.abort());
  }

  /** `sandboxDone` is called once the job's sandbox has ended, before its result is reported. */
  async run(msg: JobMsg, sandboxDone: () => void = () => {}): Promise<void> {
    const { config, names, js, canceled, sandbox, metrics } = this.deps;
    const received = performance.now();
    let job: JobMessage;
    try {
      job = decodeJob(msg.data);
    } catch (err) {
      // A message no worker can read would be redelivered forever; terminate it (the server's relay can't fix it either).
      this.deps.log.error(`dropping unreadable job message ${msg.seq}: ${(err as ProtocolError).message}`);
      msg.term();
      return;
    }
    const attempt = msg.info.deliveryCount;
    const log = this.deps.log.child({
      job_id: job.id,
      ...(job.flow_id && { flow_id: job.flow_id }),
      workspace: job.workspace,
      attempt,
      tag: job.tag,
      language: job.language,
    });
    log.debug('job received');
    const labels = { tag: job.tag, language: job.language };
    metrics.running.inc({ tag: job.tag });
    const reporter = new JobReporter(js, names, job.id, attempt, config.name, this.deps.maxPayload);
    const abort = new AbortController();
    this.running.set(job.id, abort);
    // In the same tick as the line above: a cancel heard before it is remembered, one heard after finds `abort`.
    if (canceled.has(job.id)) abort.abort();
    // Keep the message ours while it runs; without this JetStream redelivers after ack_wait.
    const heartbeat = setInterval(() => msg.working(), Math.max(500, config.ackWaitMs / 3));
    const startedAt = new Date();
    const api = new JobApiAccess(this.deps.nc, names, job, startedAt.getTime() + job.timeout_s * 1000);
    let lease: DepsLease | undefined;
    try {
      let outcome: SandboxOutcome;
      const network = job.network ?? config.network;
      const refused = notAllowed(job, network, config);
      if (abort.signal.aborted) {
        outcome = { status: 'canceled', exitCode: null, durationMs: 0, logsTruncated: false };
      } else if (refused) {
        outcome = { status: 'failure', error: refused, exitCode: null, durationMs: 0, logsTruncated: false };
      } else {
        reporter.started(startedAt);
        const args = await api.resolveArgs();
        const installed =
          job.lock && !('status' in args) ? await this.installDeps(job, job.lock, abort.signal) : undefined;
        if ('status' in args) outcome = args;
        else if (installed && 'status' in installed) outcome = installed;
        else {
          lease = installed;
          outcome = await sandbox.run({
            jobId: `${job.id}-${attempt}`,
            tag: job.tag,
            language: job.language,
            content: job.content,
            args: args.args,
            argOrder: job.arg_order,
            timeoutMs: job.timeout_s * 1000,
            network,
            tenant: job.workspace,
            // Only what the script set: a job with the group's defaults can take a warm sandbox.
            limits: {
              ...(job.cpus != null && { cpus: job.cpus }),
              ...(job.disk_mb != null && { diskMb: job.disk_mb }),
            },
            onLog: (text) => reporter.log(api.masker.push(text)),
            ...((config.dedicated || job.dedicated === true) && { dedicated: dedicatedVersion(job) }),
            signal: abort.signal,
            ...(installed && { deps: this.mount(installed) }),
            ...(api.enabled && {
              onFolder: async (dir, owner) => {
                await api.serve(dir, owner);
                return () => api.close();
              },
            }),
            onStarted: (start) => {
              const seconds = (performance.now() - received) / 1000;
              metrics.sandboxStart.observe({ ...labels, start }, seconds);
              log.info({ start, start_ms: Math.round(seconds * 1000) }, 'job started');
            },
          });
        }
      }
      await api.close();
      sandboxDone();
      if (this.shuttingDownHard && outcome.status === 'canceled') {
        // Killed by a forced shutdown, not by a user: give the job back to the queue.
        log.warn('job handed back to the queue: the worker is stopping');
        msg.nak();
        return;
      }
      const result =
        outcome.status === 'success'
          ? outcome.result
          : { error: outcome.error ?? { name: 'Canceled', message: 'job canceled' } };
      reporter.log(api.masker.end());
      await reporter.result({
        status: outcome.status,
        result: api.masker.maskValue(result ?? null),
        started_at: startedAt.toISOString(),
        completed_at: new Date().toISOString(),
        duration_ms: outcome.durationMs,
      });
      if (!(await msg.ackConfirmed())) log.warn('NATS did not confirm the ack; the job may be delivered again');
      metrics.jobs.inc({ ...labels, status: outcome.status });
      metrics.duration.observe({ ...labels, status: outcome.status }, outcome.durationMs / 1000);
      const ended = { status: outcome.status, duration_ms: outcome.durationMs };
      if (outcome.status === 'success') log.info(ended, 'job succeeded');
      else if (outcome.status === 'canceled') log.info(ended, 'job canceled');
      else log.info({ ...ended, error: outcome.error?.name }, `job failed: ${outcome.error?.name ?? 'error'}`);
    } catch (err) {
      // NATS trouble while reporting: don't ack, so the job is retried rather than lost.
      log.error(`job attempt ended without a reported result, left for redelivery: ${(err as Error).message}`);
      msg.nak(1000);
    } finally {
      metrics.running.dec({ tag: job.tag });
      await api.close();
      clearInterval(heartbeat);
      this.running.delete(job.id);
      lease?.release();
    }
  }

  /** How the sandbox binds an installed lock, and keeps it installed for a warm sandbox of the same lock. */
  private mount(lease: DepsLease): DepsMount {
    return { dir: lease.dir, retain: () => this.deps.depsCache.retain(lease.key) };
  }

  /**
   * The job's lock, installed (or found installed) before its sandbox starts, or the job's
   * outcome when that fails. The install counts against none of the job's own limits, but ends
   * with a cancel and at the job's timeout.
   */
  private async installDeps(job: JobMessage, lock: string, canceled: AbortSignal): Promise<DepsLease | SandboxOutcome> {
    const started = performance.now();
    const timeout = AbortSignal.timeout(job.timeout_s * 1000);
    try {
      return await this.deps.depsCache.acquire(job.language, lock, AbortSignal.any([canceled, timeout]));
    } catch (err) {
      const durationMs = Math.round(performance.now() - started);
      if (canceled.aborted) return { status: 'canceled', exitCode: null, durationMs, logsTruncated: false };
      const message = timeout.aborted
        ? `installing the script's dependencies took longer than its timeout (${job.timeout_s} s)`
        : (err as Error).message;
      return {
        status: 'failure',
        error: { name: 'DependencyInstallFailed', message },
        exitCode: null,
        durationMs,
        logsTruncated: false,
      };
    }
  }

  /** Kills every running sandbox; their messages go back to the queue. */
  killAll(): void {
    this.shuttingDownHard = true;
    for (const abort of this.running.values()) abort.abort();
  }
}
