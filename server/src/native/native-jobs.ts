import { hostname } from 'node:os';
import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { encodeEvent, hasReference, publishRetried, type JobNetwork, type WorkerEvent } from '@runnel/protocol';
import { SERVER_CONFIG, type ServerConfig } from '../common/config.js';
import { NATS } from '../nats/nats-token.js';
import type { Nats } from '../nats/nats.js';
import { NativeFetch, platformHosts } from './native-fetch.js';
import { NativeRunner, type NativeApi, type NativeOutcome } from './native-runner.js';

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
  script_path?: string | null;
}

/**
 * Who a run acts as for its SDK calls: its job, committed as a row (a job of its own) or not yet
 * (a flow step, whose row is written once it has run), and then the flow's user.
 */
export interface NativeCaller {
  id: string;
  workspace: string;
  args: Record<string, unknown>;
  scriptPath: string | null;
  /** The job row exists: read who it runs as from it. Else `userId`. */
  committed: boolean;
  userId: string | null;
}

/** The job API (job-api/, above this folder), lent to nativets runs at start-up. */
export type NativeApiBridge = (
  caller: NativeCaller,
  op: string,
  params: Record<string, unknown>,
) => Promise<{ value: unknown; secrets: string[] }>;

const NETWORK_RANK: Record<JobNetwork, number> = { none: 0, outbound: 1, host: 2 };

/** A run that failed before it started. */
function failed(name: string, message: string): NativeOutcome {
  const now = new Date();
  return {
    status: 'failure',
    result: { error: { name, message } },
    logs: '',
    startedAt: now,
    completedAt: now,
    durationMs: 0,
  };
}

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
  private bridge: NativeApiBridge | undefined;
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

  /** Gives runs the SDK: the job API registers itself here, as it sits above this folder. */
  useApi(bridge: NativeApiBridge): void {
    this.bridge = bridge;
  }

  /**
   * Runs `job` here and now; never throws for anything the script did. `deferFetch`: a run that
   * calls `fetch` is stopped there and comes back `deferred` (NativeOutcome), its calls unmade.
   */
  async run(
    job: NativeJob,
    caller?: Pick<NativeCaller, 'committed' | 'userId'> & { deferFetch?: boolean },
  ): Promise<NativeOutcome> {
    if (!this.runner) throw new Error('the nativets runner has not started');
    const ceiling = this.config.native.network;
    const network = job.network ?? ceiling;
    if (NETWORK_RANK[network] > NETWORK_RANK[ceiling]) {
      return failed(
        'NetworkNotAllowed',
        `the script asks for network "${network}", but nativets scripts may use at most "${ceiling}" (RUNNEL_NATIVE_NETWORK)`,
      );
    }
    const bridge = this.bridge;
    const api: NativeApi | undefined =
      bridge &&
      ((op, params) =>
        bridge(
          {
            id: job.id,
            workspace: job.workspace_id,
            args: job.args,
            scriptPath: job.script_path ?? null,
            committed: caller?.committed ?? true,
            userId: caller?.userId ?? null,
          },
          op,
          params,
        ));
    let args = job.args;
    let secrets: string[] = [];
    if (hasReference(args)) {
      // `$var:` and `$res:` arguments, read as the job's user, as a worker has them resolved.
      if (!api)
        return failed('ReferenceError', 'the job has $var:/$res: references but no job API to resolve them with');
      try {
        const resolved = await api('resolve_args', {});
        args = (resolved.value as { args: Record<string, unknown> }).args;
        secrets = resolved.secrets;
      } catch (err) {
        return failed('ReferenceError', (err as Error).message);
      }
    }
    return this.runner.run(
      job.workspace_id,
      job.content,
      args,
      job.arg_order,
      job.timeout_s * 1000,
      network,
      api,
      secrets,
      caller?.deferFetch,
    );
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
