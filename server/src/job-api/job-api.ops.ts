import { randomInt } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Reference } from '@runnel/protocol';
import { DataSource } from 'typeorm';
import { PathAccess } from '../auth/path-access.js';
import { badRequest, ErrorCode, RunnelError } from '../common/errors.js';
import { ApprovalLinks } from '../flows/approval-links.js';
import { FlowOrchestrator } from '../flows/flow-orchestrator.js';
import { jobError, type JobRow } from '../jobs/job-row.js';
import { JobsService, type ScriptRef } from '../jobs/jobs.service.js';
import { JobWaiter } from '../jobs/job-waiter.js';
import { NATS } from '../nats/nats-token.js';
import type { Nats } from '../nats/nats.js';
import { ScriptsService } from '../scripts/scripts.service.js';
import { VariablesService } from '../variables/variables.service.js';
import type { JobCaller } from './job-caller.js';
import { getState, setState } from './job-state.js';
import { assertJobAccess, type AccessMode } from './path-access.js';
import { resolveReferences, type Resolved } from './references.js';
import { ResourceResolver } from './resources.js';

type Params = Record<string, unknown>;

/** A child job the caller waited for failed: 424, with the child's error. */
export class ChildJobFailed extends Error {
  override name = 'ChildJobFailed';
}

const plain = (value: unknown): Resolved => ({ value, secrets: [] });

function stringParam(params: Params, name: string): string {
  const value = params[name];
  if (typeof value !== 'string' || !value) throw badRequest(`"${name}" must be a non-empty string`);
  return value;
}

function argsParam(params: Params): Record<string, unknown> {
  const args = params.args ?? {};
  if (typeof args !== 'object' || args === null || Array.isArray(args)) {
    throw badRequest('"args" must be a JSON object of parameter name to value');
  }
  return args as Record<string, unknown>;
}

function boolParam(params: Params, name: string): boolean | undefined {
  const value = params[name];
  if (value !== undefined && typeof value !== 'boolean') throw badRequest(`"${name}" must be true or false`);
  return value;
}

/**
 * The job API's operations (docs/adr/0037-secrets-in-jobs.md), each done as the job's user and
 * by the same services as REST, so a job may do through the SDK what its user may do, no more.
 */
@Injectable()
export class JobApiOps {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(VariablesService) private readonly variables: VariablesService,
    @Inject(ResourceResolver) private readonly resources: ResourceResolver,
    @Inject(JobsService) private readonly jobs: JobsService,
    @Inject(ScriptsService) private readonly scripts: ScriptsService,
    @Inject(FlowOrchestrator) private readonly flows: FlowOrchestrator,
    @Inject(JobWaiter) private readonly waiter: JobWaiter,
    @Inject(ApprovalLinks) private readonly links: ApprovalLinks,
    @Inject(NATS) private readonly nats: Nats,
    @Inject(PathAccess) private readonly paths: PathAccess,
  ) {}

  /** Does `op` for `job`; an unknown op is a 400 naming the known ones. */
  run(job: JobCaller, op: string, params: Params): Promise<Resolved> {
    switch (op) {
      case 'resolve_args':
        return this.resolveArgs(job);
      case 'get_variable':
        return this.read(job, { kind: 'var', path: stringParam(params, 'path') });
      case 'set_variable':
        return this.setVariable(job, params);
      case 'get_resource':
        return this.read(job, { kind: 'res', path: stringParam(params, 'path') });
      case 'get_state':
        return getState(this.db.manager, job).then(plain);
      case 'set_state':
        return setState(this.db.manager, job, params.value).then(() => plain(null));
      case 'run_script':
        return this.runScript(job, params);
      case 'run_flow':
        return this.runFlow(job, params);
      case 'get_resume_urls':
        return this.resumeUrls(job, params);
      case 'set_progress':
        return this.setProgress(job, params.percent);
      default:
        return Promise.reject(
          badRequest(
            `unknown op "${op}": use resolve_args, get_variable, set_variable, get_resource, get_state, set_state, run_script, run_flow, get_resume_urls or set_progress`,
          ),
        );
    }
  }

  private async resolveArgs(job: JobCaller): Promise<Resolved> {
    const { value, secrets } = await resolveReferences(job.args, (ref) => this.read(job, ref));
    return { value: { args: value, secrets }, secrets };
  }

  /** A variable's or resource's value, if the job's user may read it. */
  private async read(job: JobCaller, ref: Reference): Promise<Resolved> {
    const what = ref.kind === 'var' ? 'variable' : 'resource';
    await this.allow(job, ref.path, 'read', what);
    if (ref.kind === 'res') return this.resources.resolveResource(job.workspace, ref.path);
    const { value, isSecret } = await this.variables.plaintext(job.workspace, ref.path);
    return { value, secrets: isSecret ? [value] : [] };
  }

  private async setVariable(job: JobCaller, params: Params): Promise<Resolved> {
    const path = stringParam(params, 'path');
    const value = params.value;
    if (typeof value !== 'string') throw badRequest('"value" must be a string');
    const isSecret = boolParam(params, 'is_secret');
    await this.allow(job, path, 'write', 'variable');
    const exists = await this.variables.get(job.workspace, path).then(
      () => true,
      (err: unknown) => {
        if (err instanceof RunnelError && err.code === ErrorCode.NotFound) return false;
        throw err;
      },
    );
    if (exists) await this.variables.update(job.workspace, job.actor, path, { value, is_secret: isSecret });
    else await this.variables.create(job.workspace, job.actor, { path, value, is_secret: isSecret ?? false });
    const secret = isSecret ?? (await this.variables.get(job.workspace, path)).is_secret;
    return { value: null, secrets: secret ? [value] : [] };
  }

  private async runScript(job: JobCaller, params: Params): Promise<Resolved> {
    const path = params.path;
    const hash = params.hash;
    if ((path === undefined) === (hash === undefined)) throw badRequest('run_script needs "path" or "hash", not both');
    const ref: ScriptRef =
      path !== undefined ? { path: stringParam(params, 'path') } : { hash: stringParam(params, 'hash') };
    if ('path' in ref) await this.allow(job, ref.path, 'run', 'script');
    else {
      const script = await this.scripts.getByHash(job.workspace, ref.hash);
      await this.allow(job, script.path, 'run', 'script');
    }
    const id = await this.jobs.runScript(job.workspace, job.userId, ref, argsParam(params), { parent: job.id });
    return this.answerChild(job, id, boolParam(params, 'wait'));
  }

  private async runFlow(job: JobCaller, params: Params): Promise<Resolved> {
    const path = stringParam(params, 'path');
    await this.allow(job, path, 'run', 'flow');
    const id = await this.flows.run(job.workspace, job.userId, { path }, argsParam(params), { parent: job.id });
    return this.answerChild(job, id, boolParam(params, 'wait'));
  }

  /** The child's id, or waiting, its result, within what is left of the caller's own timeout. */
  private async answerChild(job: JobCaller, id: string, wait: boolean | undefined): Promise<Resolved> {
    if (!wait) return plain(id);
    const row = await this.waiter.wait(job.workspace, id, Math.max(0, job.deadline - Date.now()));
    if (!row) {
      throw new RunnelError(ErrorCode.RequestTimeout, `job ${id} is still running at the end of this job's timeout`);
    }
    if (row.status !== 'success' && !row.early_return) throw new ChildJobFailed(childError(row));
    return plain(row.result ?? null);
  }

  private async resumeUrls(job: JobCaller, params: Params): Promise<Resolved> {
    const approver = params.approver === undefined ? undefined : stringParam(params, 'approver');
    return plain(await this.links.make(job.workspace, job.id, String(randomInt(0, 2 ** 32 - 1)), approver));
  }

  private async setProgress(job: JobCaller, percent: unknown): Promise<Resolved> {
    if (typeof percent !== 'number' || !Number.isInteger(percent) || percent < 0 || percent > 100) {
      throw badRequest(`"percent" must be an integer from 0 to 100, got ${JSON.stringify(percent)}`);
    }
    await this.db.query('UPDATE job SET progress = $2 WHERE id = $1', [job.id, percent]);
    // Live views (GraphQL jobUpdates, the run page) read the row again.
    this.nats.nc.publish(this.nats.names.jobUpdatedSubject(job.id));
    return plain(null);
  }

  private allow(job: JobCaller, path: string, mode: AccessMode, what: string): Promise<void> {
    return assertJobAccess(this.db.manager, this.paths, job, path, mode, what);
  }
}

/** "job <id> failed: <name>: <message>", from a failed or canceled child's stored result. */
function childError(row: JobRow): string {
  const error = (row.result as ReturnType<typeof jobError> | null)?.error;
  const detail = error ? `${error.name}: ${error.message}` : row.status;
  return `job ${row.id} ${row.status === 'canceled' ? 'was canceled' : 'failed'}: ${detail}`;
}
