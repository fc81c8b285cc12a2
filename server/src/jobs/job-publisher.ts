import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { MsgHdrsImpl } from '@nats-io/nats-core';
import {
  encodeJob,
  PROTOCOL_VERSION,
  PUBLISH_ACK_TIMEOUT_MS,
  publishRetried,
  type JobLanguage,
  type JobMessage,
  type JobNetwork,
} from '@runnel/protocol';
import { DataSource } from 'typeorm';
import { ErrorCode, RunnelError } from '../common/errors.js';
import { SERVER_CONFIG, type ServerConfig } from '../common/config.js';
import { NATS } from '../nats/nats-token.js';
import type { Nats } from '../nats/nats.js';
import type { ScriptRow } from '../scripts/script-row.js';
import type { JobSizeCheck } from '../scripts/job-size-check.js';
import { JobCredentials } from './job-credentials.js';
import { JobTelemetry } from '../metrics/job-telemetry.js';
import { JobEvents } from './job-events.js';
import { jobError, type JobRow } from './job-row.js';
import { StepFinished } from './step-finished.js';
import { NativeJobs } from '../native/native-jobs.js';

export interface PublishableJob {
  id: string;
  workspace_id: string;
  language: string;
  content: string;
  args: Record<string, unknown>;
  arg_order: string[];
  tag: string;
  timeout_s: number;
  network: JobNetwork | null;
  /** The script's own quotas; null = the worker group's defaults. */
  cpus?: number | null;
  disk_mb?: number | null;
  script_path: string | null;
  script_hash: string | null;
  /** The dependency lock its worker installs (runtimes/deps); null or unset: none. */
  lock?: string | null;
  /** The flow job it is a step of, for the worker's log lines; null or unset: none. */
  flow_id?: string | null;
  /** The row's kind, for metrics and logs (not sent). Default `script`. */
  kind?: string;
  /** Its script asked for a dedicated runtime (docs/adr/0050). */
  dedicated?: boolean;
}

/** The job that runs a deployed script version with `args` (already validated). */
export function scriptJob(
  id: string,
  script: ScriptRow,
  args: Record<string, unknown>,
  timeoutS: number,
): PublishableJob {
  return {
    id,
    workspace_id: script.workspace_id,
    language: script.language,
    content: script.content,
    args,
    arg_order: script.arg_order,
    tag: script.tag,
    timeout_s: timeoutS,
    network: script.network,
    cpus: script.cpus,
    disk_mb: script.disk_mb,
    script_path: script.path,
    script_hash: script.hash,
    lock: script.lock,
    dedicated: script.windmill_fields?.dedicated_worker === true,
  };
}

/** A job with its message, encoded once and known to fit in one NATS message. */
export interface EncodedJob {
  job: PublishableJob;
  data: Uint8Array;
}

/** nats-server's default max_payload, for a connection that has not had the server's INFO yet. */
const DEFAULT_MAX_PAYLOAD = 1024 * 1024;
/** Past its longest run, how long an unfinished nativets job waits before the relay runs it again. */
const NATIVE_RELAY_GRACE_S = 30;

/** How long a job's publish is retried before it is left to the relay: a NATS cluster's leader election takes seconds. */
export const PUBLISH_RETRY_MS = 10_000;

/** What a publish adds to the message: the `Nats-Msg-Id` header (a job id) JetStream dedupes on. */
const HEADER_BYTES = (() => {
  const h = new MsgHdrsImpl();
  h.set('Nats-Msg-Id', randomUUID());
  return h.encode().length;
})();

/**
 * Publishes job rows on JetStream (`jobs.<tag>`, message id = job id) and, as the outbox
 * relay, republishes rows whose publish was never confirmed. JetStream's duplicate window
 * drops a republish of a message it did store.
 */
@Injectable()
export class JobPublisher implements OnModuleInit, OnApplicationShutdown, JobSizeCheck {
  private readonly logger = new Logger('JobPublisher');
  private timer: NodeJS.Timeout | undefined;
  private relaying = false;
  private marks: [string, number][] = [];
  private markTimer: NodeJS.Timeout | undefined;
  /** Jobs whose first publish is under way in this process, which the relay leaves alone. */
  private readonly publishing = new Set<string>();

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(NATS) private readonly nats: Nats,
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
    @Inject(JobEvents) private readonly events: JobEvents,
    @Inject(StepFinished) private readonly stepFinished: StepFinished,
    @Inject(JobCredentials) private readonly credentials: JobCredentials,
    @Inject(JobTelemetry) private readonly telemetry: JobTelemetry,
    @Inject(NativeJobs) private readonly native: NativeJobs,
  ) {}

  onModuleInit(): void {
    if (this.config.relayIntervalMs > 0) {
      this.timer = setInterval(() => void this.relay(), this.config.relayIntervalMs);
      this.timer.unref();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.flushMarks();
  }

  /** The largest message NATS takes (its INFO's max_payload), headers included. */
  maxPayload(): number {
    return this.nats.nc.info?.max_payload ?? DEFAULT_MAX_PAYLOAD;
  }

  /**
   * Encodes a job's message. One over NATS's max_payload could never be published, so it is a
   * 413 naming the sizes of its parts; `what` says what would not fit ("this job", "this script …").
   */
  encode(job: PublishableJob, what = 'this job'): EncodedJob {
    const credential = this.credentials.issue(job.id);
    const data = encodeJob(jobMessage(job, credential));
    const limit = this.maxPayload();
    const size = data.length + HEADER_BYTES;
    if (size > limit) {
      const content = Buffer.byteLength(job.content);
      const args = Buffer.byteLength(JSON.stringify(job.args));
      const lock = job.lock ? Buffer.byteLength(job.lock) : 0;
      const withoutLock = lock && encodeJob(jobMessage({ ...job, lock: null }, credential)).length + HEADER_BYTES;
      const advice =
        withoutLock && withoutLock <= limit
          ? `its dependency lock is what makes it too large (${withoutLock} bytes without it): import fewer ` +
            "packages, or raise max_payload in nats-server's configuration"
          : 'pass large data by reference (a URL or a storage key) rather than inline, or raise max_payload in ' +
            "nats-server's configuration";
      throw new RunnelError(
        ErrorCode.PayloadTooLarge,
        `${what} would be a job message of ${size} bytes (script ${content} bytes, arguments ${args} bytes` +
          `${lock ? `, dependency lock ${lock} bytes` : ''}), over NATS's max_payload of ${limit} bytes: ${advice}`,
        { size, limit },
      );
    }
    return { job, data };
  }

  /** A 413 at deploy time for a script whose content and lock alone, with no arguments, cannot fit in a job message. */
  checkContent(language: string, content: string, what: string, lock: string | null = null): void {
    this.encode(
      {
        id: randomUUID(),
        workspace_id: '',
        language,
        content,
        args: {},
        arg_order: [],
        tag: '',
        timeout_s: 1,
        network: null,
        script_path: null,
        script_hash: null,
        lock,
      },
      what,
    );
  }

  /**
   * Publishes one job; returns false (and leaves it to the relay) when NATS did not confirm. A
   * job whose message can never be published (over max_payload) is failed with the reason.
   *
   * While a NATS cluster elects a new leader for the jobs stream (a node died), JetStream answers
   * no one for a few seconds: the publish is retried for up to PUBLISH_RETRY_MS, so the submission waits out the election instead of leaving the job to
   * the relay. A retry of a publish that was in fact stored is dropped by JetStream (message id =
   * job id). See docs/adr/0041-clustered-queue.md.
   */
  async publish(encoded: EncodedJob): Promise<boolean> {
    const id = encoded.job.id;
    const { job } = encoded;
    this.telemetry.created({ ...job, kind: job.kind ?? 'script', parent_job: job.flow_id });
    if (job.language === 'nativets') {
      // Run here, not by a worker (docs/adr/0048); the row stays unpublished until its result is in.
      this.nats.nc.publish(this.nats.names.jobCreatedSubject(id));
      void this.native.runJob(job);
      return true;
    }
    this.publishing.add(id);
    try {
      const sent = await this.send(encoded, PUBLISH_RETRY_MS);
      if (sent instanceof Error) this.logger.warn(`publish of job ${id} failed, the relay will retry: ${sent.message}`);
      return sent === 'published';
    } finally {
      this.publishing.delete(id);
    }
  }

  /** One job's publish, retried for `retryMs`; what NATS last said if it never confirmed. */
  private async send({ job, data }: EncodedJob, retryMs: number): Promise<'published' | 'unpublishable' | Error> {
    // The row is committed before its publish: lists of runs may show it now (a relay's
    // republish announces it again, which they take as a refresh).
    this.nats.nc.publish(this.nats.names.jobCreatedSubject(job.id));
    try {
      const ack = await publishRetried(this.nats.js, this.nats.names.jobsSubject(job.tag), data, {
        msgID: job.id,
        retryMs,
      });
      this.markPublished(job.id, ack.seq);
      return 'published';
    } catch (err) {
      const message = (err as Error).message;
      // nats.js refuses, before sending, a message over the max_payload of the server it is connected to.
      if (/max_payload/.test(message)) {
        await this.failUnpublishable(job.id, `cannot publish the job: NATS refused it: ${message}`);
        return 'unpublishable';
      }
      return err as Error;
    }
  }

  /** Fails a queued job that can never be published, so neither the relay nor a waiter waits on it for ever. */
  private async failUnpublishable(id: string, message: string): Promise<void> {
    const [rows]: [JobRow[], number] = await this.db.query(
      `UPDATE job SET status = 'failure', result = $2, completed_at = clock_timestamp(), duration_ms = 0
       WHERE id = $1 AND status = 'queued' RETURNING *`,
      [id, JSON.stringify(jobError('PayloadTooLarge', message))],
    );
    for (const row of rows) {
      this.telemetry.finished(row, message);
      this.events.announce(row);
      this.nats.nc.publish(this.nats.names.doneSubject(row.id), 'failure');
      if (row.parent_job) await this.stepFinished.announce(row);
    }
  }

  /**
   * Records confirmed publishes in batches, one statement per tick rather than one per job.
   * Not awaited by the publisher: the job is on its way; if a mark is lost the relay
   * republishes (after 2 s) and JetStream drops the duplicate.
   */
  private markPublished(id: string, seq: number): void {
    this.marks.push([id, seq]);
    if (this.marks.length >= 200) void this.flushMarks();
    else this.markTimer ??= setTimeout(() => void this.flushMarks(), 20);
  }

  private async flushMarks(): Promise<void> {
    clearTimeout(this.markTimer);
    this.markTimer = undefined;
    const batch = this.marks.splice(0);
    if (!batch.length) return;
    await this.db
      .query(
        `UPDATE job SET published_at = now(), stream_seq = m.seq
         FROM unnest($1::uuid[], $2::bigint[]) AS m(id, seq) WHERE job.id = m.id`,
        [batch.map(([id]) => id), batch.map(([, seq]) => seq)],
      )
      .catch((err: Error) => this.logger.warn(`${batch.length} published job(s) not marked: ${err.message}`));
  }

  /** Republishes queued jobs older than a moment whose publish was never confirmed. */
  async relay(): Promise<number> {
    if (this.relaying) return 0;
    this.relaying = true;
    try {
      const rows: PublishableJob[] = await this.db.query(
        `SELECT j.id, j.workspace_id, j.language, COALESCE(j.content, s.content) AS content, j.args,
                COALESCE(j.arg_order, s.arg_order) AS arg_order, j.tag, j.timeout_s, s.network, s.cpus, s.disk_mb,
                j.script_path, j.script_hash, COALESCE(j.lock, s.lock) AS lock,
                CASE WHEN j.flow_step_id IS NOT NULL THEN j.parent_job END AS flow_id, j.kind,
                COALESCE(s.windmill_fields->>'dedicated_worker' = 'true', false) AS dedicated
         FROM job j LEFT JOIN script s ON s.hash = j.script_hash
         WHERE j.published_at IS NULL AND j.status = 'queued' AND COALESCE(j.content, s.content) IS NOT NULL AND j.created_at < now() - interval '2 seconds'
           -- A nativets job may be running on another server (its fetch calls must not be made
           -- twice): only once it is surely over there, or that server gone.
           AND (j.language <> 'nativets' OR j.created_at < now() - make_interval(secs => $1))
         ORDER BY j.created_at LIMIT 500`,
        [this.config.native.timeoutMs / 1000 + NATIVE_RELAY_GRACE_S],
      );
      let published = 0;
      for (const row of rows) {
        // Its first publish is still being retried here (a leader election): not the relay's yet.
        if (this.publishing.has(row.id) || this.native.running.has(row.id)) continue;
        if (row.language === 'nativets') {
          // Its server died before its result was stored (or it is running on another server).
          void this.native.runJob(row);
          published++;
          continue;
        }
        let encoded: EncodedJob;
        try {
          encoded = this.encode(row);
        } catch (err) {
          // Inserted before the limit was checked, or under a larger max_payload: it never will fit.
          await this.failUnpublishable(row.id, (err as Error).message);
          continue;
        }
        // Retried for one acknowledgement's wait at most: when NATS does not answer, the pass ends
        // and the next one tries again (the rows stay unpublished).
        const sent = await this.send(encoded, PUBLISH_ACK_TIMEOUT_MS);
        if (sent === 'published') published++;
        if (sent instanceof Error) {
          this.logger.warn(`relay: publish of job ${row.id} failed, the next pass retries: ${sent.message}`);
          break;
        }
      }
      if (rows.length) this.logger.log(`relay republished ${published}/${rows.length} job(s)`);
      return published;
    } catch (err) {
      this.logger.warn(`relay pass failed: ${(err as Error).message}`);
      return 0;
    } finally {
      this.relaying = false;
    }
  }
}

function jobMessage(job: PublishableJob, credential: string): JobMessage {
  return {
    v: PROTOCOL_VERSION,
    id: job.id,
    workspace: job.workspace_id,
    language: job.language as JobLanguage,
    content: job.content,
    args: job.args,
    arg_order: job.arg_order,
    tag: job.tag,
    timeout_s: job.timeout_s,
    network: job.network,
    cpus: job.cpus ?? null,
    disk_mb: job.disk_mb ?? null,
    script_path: job.script_path,
    script_hash: job.script_hash,
    ...(job.lock ? { lock: job.lock } : {}),
    credential,
    ...(job.flow_id ? { flow_id: job.flow_id } : {}),
    ...(job.dedicated ? { dedicated: true } : {}),
  };
}
