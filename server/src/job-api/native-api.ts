import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { badRequest, forbidden } from '../common/errors.js';
import { NativeJobs, type NativeCaller } from '../native/native-jobs.js';
import { callerOfJob, type JobCaller } from './job-caller.js';
import { JobApiOps } from './job-api.ops.js';

/** What a nativets run's SDK may do: reads and writes of its user's variables, resources and state. */
const NATIVE_OPS = new Set(['resolve_args', 'get_variable', 'set_variable', 'get_resource', 'get_state', 'set_state']);

/**
 * Lends the job API to nativets runs (docs/adr/0048): they run in this server, so their SDK calls
 * need neither socket nor credential, but are done by the same operations, as the job's user, as
 * a worker's job's. A flow step has no row yet while it runs; it acts as the flow's user.
 */
@Injectable()
export class NativeJobApi implements OnModuleInit {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(JobApiOps) private readonly ops: JobApiOps,
    @Inject(NativeJobs) private readonly native: NativeJobs,
  ) {}

  onModuleInit(): void {
    this.native.useApi((caller, op, params) => this.call(caller, op, params));
  }

  private async call(caller: NativeCaller, op: string, params: Record<string, unknown>) {
    if (!NATIVE_OPS.has(op)) {
      throw badRequest(
        `${op} is not available in nativets (its SDK reads and writes variables, resources and state); use bun`,
      );
    }
    const job = caller.committed ? await callerOfJob(this.db.manager, caller.id) : await this.stepCaller(caller);
    return this.ops.run(job, op, params);
  }

  private async stepCaller(caller: NativeCaller): Promise<JobCaller> {
    const userId = caller.userId;
    if (!userId) throw forbidden(`job ${caller.id} runs as no user, so it may use no part of the job API`);
    const [user]: { username: string }[] = await this.db.query('SELECT username FROM app_user WHERE id = $1', [userId]);
    return stepCaller(caller, userId, user?.username ?? userId);
  }
}

function stepCaller(caller: NativeCaller, userId: string, username: string): JobCaller {
  return {
    id: caller.id,
    workspace: caller.workspace,
    status: 'running',
    args: caller.args,
    scriptPath: caller.scriptPath,
    triggerKey: '',
    deadline: Date.now() + 60_000,
    userId,
    actor: { userId, username, from: `job ${caller.id}` },
  };
}
