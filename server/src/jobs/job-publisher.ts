import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { encodeJob, PROTOCOL_VERSION, type JobLanguage, type JobMessage, type JobNetwork } from '@runnel/protocol';
import { DataSource } from 'typeorm';
import { SERVER_CONFIG, type ServerConfig } from '../config.js';
import { NATS } from '../nats/nats.module.js';
import type { Nats } from '../nats/nats.js';

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
  script_path: string | null;
  script_hash: string | null;
}

/**
 * Publishes job rows on JetStream (`jobs.<tag>`, message id = job id) and, as the outbox
 * relay, republishes rows whose publish was never confirmed. JetStream's duplicate window
 * drops a republish of a message it did store.
 */
@Injectable()
export class JobPublisher implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('JobPublisher');
  private timer: NodeJS.Timeout | undefined;
  private relaying = false;
  private marks: [string, number][] = [];
  private markTimer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(NATS) private readonly nats: Nats,
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
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

  /** Publishes one job; returns false (and leaves it to the relay) when NATS did not confirm. */
  async publish(job: PublishableJob): Promise<boolean> {
    const message: JobMessage = {
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
      script_path: job.script_path,
      script_hash: job.script_hash,
    };
    try {
      const ack = await this.nats.js.publish(this.nats.names.jobsSubject(job.tag), encodeJob(message), {
        msgID: job.id,
      });
      this.markPublished(job.id, ack.seq);
      return true;
    } catch (err) {
      this.logger.warn(`publish of job ${job.id} failed, the relay will retry: ${(err as Error).message}`);
      return false;
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
                COALESCE(j.arg_order, s.arg_order) AS arg_order, j.tag, j.timeout_s, s.network,
                j.script_path, j.script_hash
         FROM job j LEFT JOIN script s ON s.hash = j.script_hash
         WHERE j.published_at IS NULL AND j.status = 'queued' AND COALESCE(j.content, s.content) IS NOT NULL AND j.created_at < now() - interval '2 seconds'
         ORDER BY j.created_at LIMIT 500`,
      );
      let published = 0;
      for (const row of rows) if (await this.publish(row)) published++;
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
