import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SERVER_CONFIG, type ServerConfig } from '../config.js';
import { ErrorCode, RunnelError, badRequest, notFound } from '../common/errors.js';
import { integerParam } from '../common/validate.js';
import { FlowOrchestrator } from '../flows/flow-orchestrator.js';
import { ScriptsService, type ScriptRow } from '../scripts/scripts.service.js';
import { ArgValidator } from './arg-validator.js';
import { JobCanceler } from './job-canceler.js';
import { JobPublisher } from './job-publisher.js';
import {
  FINAL_STATUSES,
  JOB_STATUSES,
  isFlowJob,
  isJobId,
  runOptionParams,
  type JobRow,
  type RunOptions,
} from './job-row.js';

export type ScriptRef = { path: string } | { hash: string };

export interface JobFilter {
  script_path?: string;
  status?: string;
  parent_job?: string;
  page?: string;
  per_page?: string;
}

/** Versions remembered per path at most; past it, the memory starts over. */
const LATEST_SCRIPTS = 10_000;

@Injectable()
export class JobsService {
  /**
   * The version each path ran last, by `workspace/path`: running by path then costs one
   * statement, whose INSERT checks that this version is still the current one.
   */
  private readonly latestScripts = new Map<string, ScriptRow>();

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(ScriptsService) private readonly scripts: ScriptsService,
    @Inject(JobPublisher) private readonly publisher: JobPublisher,
    @Inject(ArgValidator) private readonly validator: ArgValidator,
    @Inject(JobCanceler) private readonly canceler: JobCanceler,
    @Inject(FlowOrchestrator) private readonly orchestrator: FlowOrchestrator,
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
  ) {}

  /**
   * Validates the arguments, writes the job row, then publishes it. Returns the job id. A
   * schedule tick that already has its job answers Conflict.
   */
  async runScript(
    workspace: string,
    userId: string,
    ref: ScriptRef,
    body: unknown,
    options: RunOptions = {},
  ): Promise<string> {
    const key = 'path' in ref ? `${workspace}/${ref.path}` : undefined;
    const remembered = key && this.latestScripts.get(key);
    if (remembered) {
      const id = await this.queueScriptJob(workspace, userId, remembered, body, options, true);
      // Undefined: another version is current by now.
      if (id) return id;
    }
    const script =
      'path' in ref
        ? await this.scripts.getByPath(workspace, ref.path)
        : await this.scripts.getByHash(workspace, ref.hash);
    if (key) this.rememberLatest(key, script);
    if ('path' in ref && script.archived) {
      throw badRequest(`script "${script.path}" is archived; deploy it again to run it`);
    }
    return (await this.queueScriptJob(workspace, userId, script, body, options, false))!;
  }

  /**
   * Writes and publishes a job of `script`. With `mustBeCurrent`, only if `script` is still its
   * path's current version and not archived (checked in the same statement); else undefined.
   */
  private async queueScriptJob(
    workspace: string,
    userId: string,
    script: ScriptRow,
    body: unknown,
    options: RunOptions,
    mustBeCurrent: boolean,
  ): Promise<string | undefined> {
    const args = this.validator.validate(script.hash, script.schema, body);
    const id = randomUUID();
    const timeout = script.timeout_s ?? this.config.defaultTimeoutS;
    const [row]: { id: string | null; current: boolean }[] = await this.db.query(
      `WITH current AS (
         SELECT NOT $14 OR coalesce((
           SELECT hash = $4 AND NOT archived FROM script WHERE workspace_id = $2 AND path = $3
           ORDER BY created_at DESC LIMIT 1
         ), false) AS ok
       ), inserted AS (
         INSERT INTO job (id, workspace_id, script_path, script_hash, language, args, tag, timeout_s, status,
           created_by, schedule_path, scheduled_for, trigger_kind, trigger_path)
         SELECT $1, $2, $3, $4, $5, $6, $7, $8, 'queued', $9, $10, $11, $12, $13 FROM current WHERE ok
         ON CONFLICT (workspace_id, schedule_path, scheduled_for) WHERE schedule_path IS NOT NULL DO NOTHING
         RETURNING id
       )
       SELECT (SELECT id FROM inserted) AS id, ok AS current FROM current`,
      [
        id,
        workspace,
        script.path,
        script.hash,
        script.language,
        JSON.stringify(args),
        script.tag,
        timeout,
        userId,
        ...runOptionParams(options),
        mustBeCurrent,
      ],
    );
    if (!row?.current) return undefined;
    if (!row.id) throw new RunnelError(ErrorCode.Conflict, 'this schedule tick already has its job');
    await this.publisher.publish({
      id,
      workspace_id: workspace,
      language: script.language,
      content: script.content,
      args,
      arg_order: script.arg_order,
      tag: script.tag,
      timeout_s: timeout,
      network: script.network,
      script_path: script.path,
      script_hash: script.hash,
    });
    return id;
  }

  private rememberLatest(key: string, script: ScriptRow): void {
    if (this.latestScripts.size >= LATEST_SCRIPTS) this.latestScripts.clear();
    this.latestScripts.set(key, script);
  }

  async get(workspace: string, id: string): Promise<JobRow> {
    const rows: JobRow[] = isJobId(id)
      ? await this.db.query('SELECT * FROM job WHERE workspace_id = $1 AND id = $2', [workspace, id])
      : [];
    if (!rows[0]) throw notFound(`job "${id}" not found in workspace "${workspace}"`);
    return rows[0];
  }

  /** Logs of every attempt, in order; later attempts are headed so a retry is visible. */
  async logs(workspace: string, id: string): Promise<string> {
    await this.get(workspace, id);
    const rows: { attempt: number; text: string }[] = await this.db.query(
      'SELECT attempt, text FROM job_log WHERE job_id = $1 ORDER BY attempt, seq',
      [id],
    );
    let out = '';
    let attempt = 0;
    for (const row of rows) {
      if (row.attempt !== attempt) {
        if (attempt !== 0 || row.attempt > 1) out += `\n--- attempt ${row.attempt} ---\n`;
        attempt = row.attempt;
      }
      out += row.text;
    }
    return out;
  }

  async list(workspace: string, filter: JobFilter): Promise<JobRow[]> {
    const where = ['workspace_id = $1'];
    const params: unknown[] = [workspace];
    if (filter.script_path) {
      params.push(filter.script_path);
      where.push(`script_path = $${params.length}`);
    }
    if (filter.status) {
      if (!(JOB_STATUSES as readonly string[]).includes(filter.status)) {
        throw badRequest(`status must be one of ${JOB_STATUSES.join(', ')}`);
      }
      params.push(filter.status);
      where.push(`status = $${params.length}`);
    }
    if (filter.parent_job) {
      if (!isJobId(filter.parent_job)) throw badRequest('parent_job must be a job id (a UUID)');
      params.push(filter.parent_job);
      where.push(`parent_job = $${params.length}`);
    }
    const page = integerParam(filter.page, 'page', 1, 1_000_000);
    const perPage = integerParam(filter.per_page, 'per_page', 30, 1000);
    params.push(perPage, (page - 1) * perPage);
    return this.db.query(
      `SELECT * FROM job WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id
       LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
  }

  /** Cancels a job; a flow's cancel also cancels its running steps, a step's cancel fails its flow. */
  async cancel(workspace: string, id: string, username: string, reason?: string): Promise<void> {
    const job = await this.get(workspace, id);
    if (FINAL_STATUSES.includes(job.status)) {
      throw new RunnelError(ErrorCode.Conflict, `job ${id} already finished with status ${job.status}`);
    }
    const message = `canceled by ${username}${reason ? `: ${reason}` : ''}`;
    const canceled = isFlowJob(job)
      ? await this.orchestrator.cancel(id, message)
      : await this.canceler.cancel(id, message);
    if (!canceled) throw new RunnelError(ErrorCode.Conflict, `job ${id} finished before it could be canceled`);
    if (!isFlowJob(job) && canceled.parent_job) await this.orchestrator.onChildFinished(canceled);
  }
}
