import { hostname } from 'node:os';
import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { encodeEvent, publishRetried, type JobNetwork, type WorkerEvent } from '@runnel/protocol';
import { SERVER_CONFIG, type ServerConfig } from '../common/config.js';
import { NATS } from '../nats/nats-token.js';
import type { Nats } from '../nats/nats.js';
import { NativeFetch, platformHosts } from './native-fetch.js';
import { NativeRunner, type NativeOutcome } from './native-runner.js';

/** What a nativets job needs to run: its code, its arguments and its wall-time limit. */
export interface NativeJob {
  id: string;
  workspace_id: string;
  content: string;
  args: Record<string, unknown>;
  arg_order: string[];
  timeout_s: number;
  /** The script's `network`; null: the server's RUNNEL_NATIVE_NETWORK. */
  network: JobNetwork | null;
}

const NETWORK_RANK: Record<JobNetwork, number> = { none: 0, outbound: 1, host: 2 };

/** How long the result of a standalone run is retried on JetStream (a leader election). */
const EVENT_RETRY_MS = 10_000;

/**
 * Where `nativets` jobs run: in this server, in QuickJS isolates (docs/adr/0048). A flow step
 * runs inside the orchestration transaction ({@link run}); a job of its own (a script run, a
 * preview) reports its result on the events stream as a worker would ({@link runJob}), so the
 * one path that stores results, wakes waiters and advances flows stays the only one.
 */
@Injectable()
export class NativeJobs implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('NativeJobs');
  private runner: NativeRunner | undefined;
  /** Named like a worker in the job's row, so a run says where it ran. */
  readonly worker = `server-native@${hostname()}`;
  /** Standalone jobs running here now, which the outbox relay leaves alone. */
  readonly running = new Set<string>();

  constructor(
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
    @Inject(NATS) private readonly nats: Nats,
  ) {}

  async onModuleInit(): Promise<void> {
    const fetcher = await NativeFetch.start(platformHosts(this.config.databaseUrl, this.config.natsServers));
    this.runner = await NativeRunner.start(this.config.native, fetcher);
  }

  onApplicationShutdown(): void {
    this.runner?.dispose();
  }

  /** Runs `job` here and now; never throws for anything the script did. */
  async run(job: NativeJob): Promise<NativeOutcome> {
    if (!this.runner) throw new Error('the nativets runner has not started');
    const ceiling = this.config.native.network;
    const network = job.network ?? ceiling;
    if (NETWORK_RANK[network] > NETWORK_RANK[ceiling]) {
      const now = new Date();
      const message = `the script asks for network "${network}", but nativets scripts may use at most "${ceiling}" (RUNNEL_NATIVE_NETWORK)`;
      return {
        status: 'failure',
        result: { error: { name: 'NetworkNotAllowed', message } },
        logs: '',
        startedAt: now,
        completedAt: now,
        durationMs: 0,
      };
    }
    return this.runner.run(job.workspace_id, job.content, job.args, job.arg_order, job.timeout_s * 1000, network);
  }

  /**
   * Runs a standalone job and reports it on the events stream. Not awaited by its submitter: a
   * server that dies meanwhile leaves the row queued and unpublished, and the relay runs it again.
   */
  async runJob(job: NativeJob): Promise<void> {
    if (this.running.has(job.id)) return;
    this.running.add(job.id);
    try {
      const outcome = await this.run(job);
      const event: WorkerEvent = {
        type: 'result',
        job_id: job.id,
        attempt: 1,
        worker: this.worker,
        status: outcome.status,
        result: outcome.result,
        started_at: outcome.startedAt.toISOString(),
        completed_at: outcome.completedAt.toISOString(),
        duration_ms: outcome.durationMs,
        ...(outcome.logs ? { log: { seq: 0, text: `${outcome.logs}\n` } } : {}),
      };
      await publishRetried(this.nats.js, this.nats.names.eventsSubject(job.id), encodeEvent(event), {
        msgID: `${job.id}.1.result`,
        retryMs: EVENT_RETRY_MS,
      });
    } catch (err) {
      this.logger.warn(`nativets job ${job.id} not reported yet, the relay runs it again: ${(err as Error).message}`);
    } finally {
      this.running.delete(job.id);
    }
  }
}
