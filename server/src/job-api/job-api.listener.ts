import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Msg, Subscription } from '@nats-io/nats-core';
import type { JobApiReply } from '@runnel/protocol';
import { DataSource } from 'typeorm';
import { RunnelError, STATUS_OF } from '../common/errors.js';
import { JobCredentials } from '../jobs/job-credentials.js';
import { NATS } from '../nats/nats-token.js';
import type { Nats } from '../nats/nats.js';
import { jobCaller } from './job-caller.js';
import { ChildJobFailed, JobApiOps } from './job-api.ops.js';

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/**
 * Answers the job API on `jobApiSubject` (queue group: one replica answers each request) for
 * workers relaying their jobs' requests. Every request is checked before its op runs: the
 * credential is its job's, the job has not ended, and the op is allowed to the job's user.
 * Neither requests nor replies are logged: they may carry secrets.
 */
@Injectable()
export class JobApiListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('JobApi');
  private sub: Subscription | undefined;

  constructor(
    @Inject(NATS) private readonly nats: Nats,
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(JobCredentials) private readonly credentials: JobCredentials,
    @Inject(JobApiOps) private readonly ops: JobApiOps,
  ) {}

  onApplicationBootstrap(): void {
    const { names } = this.nats;
    this.sub = this.nats.nc.subscribe(names.jobApiSubject, {
      queue: names.jobApiQueue,
      callback: (err, msg) => {
        if (!err) void this.answer(msg).then((reply) => msg.respond(encoder.encode(JSON.stringify(reply))));
      },
    });
  }

  onApplicationShutdown(): void {
    this.sub?.unsubscribe();
  }

  async answer(msg: Pick<Msg, 'data'>): Promise<JobApiReply> {
    let request: Record<string, unknown>;
    try {
      request = JSON.parse(decoder.decode(msg.data)) as Record<string, unknown>;
      if (request === null || typeof request !== 'object') throw new Error('not an object');
    } catch {
      return { ok: false, status: 400, error: 'the request is not a JSON object' };
    }
    const { job_id, credential, op, ...params } = request;
    try {
      const caller = await jobCaller(this.db.manager, this.credentials, job_id, credential);
      const { value, secrets } = await this.ops.run(caller, String(op), params);
      return secrets.length ? { ok: true, value, secrets } : { ok: true, value };
    } catch (err) {
      if (err instanceof RunnelError) return { ok: false, status: STATUS_OF[err.code], error: err.message };
      if (err instanceof ChildJobFailed) return { ok: false, status: 424, error: err.message };
      this.logger.error(`job API ${String(op)} of job ${String(job_id)} failed: ${(err as Error).message}`);
      return { ok: false, status: 500, error: 'the job API failed; the server log says why' };
    }
  }
}
