import type { Access } from '../auth/path-access.js';
import { createHash, randomUUID } from 'node:crypto';
import { recordRun } from './run-audit.js';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SERVER_CONFIG, type ServerConfig } from '../common/config.js';
import { ErrorCode, RunnelError, badRequest, notFound } from '../common/errors.js';
import { integerParam } from '../common/validate.js';
import { prepared } from '../database/prepared.js';
import {
  SUMMARY_SELECT,
  decodeCursor,
  encodeCursor,
  filterSql,
  perPage,
  type JobFilter,
  type JobSummary,
} from './job-list.js';
import { applySchemaOverrides, type Language, type SchemaOverrides } from '@runnel/runtimes';
import type { ScriptRow } from '../scripts/script-row.js';
import { DependencyLocker } from '../scripts/dependencies.js';
import { ScriptsService } from '../scripts/scripts.service.js';
import { readSignature } from '../scripts/signatures.js';
import { ArgValidator } from './arg-validator.js';
import { FLOW_CANCELER, type FlowCanceler } from './flow-canceler.js';
import { JobCanceler } from './job-canceler.js';
import { JobPublisher, scriptJob, type PublishableJob } from './job-publisher.js';
import {
  FINAL_STATUSES,
  hasAnswered,
  isFlowJob,
  isJobId,
  runOptionParams,
  type JobRow,
  type RunOptions,
} from './job-row.js';
import { StepFinished } from './step-finished.js';

export type ScriptRef = { path: string } | { hash: string };

/** Code that is not deployed, run as it is (Windmill's `Preview`). */
export interface ScriptPreview {
  language: Language;
  content: string;
  args?: Record<string, unknown>;
  /** The path it will be deployed at, if known: shown with the job, nothing is read from it. */
  path?: string;
  tag?: string;
  /** The form's refinements, so the arguments are checked as they will be once deployed. */
  schema_overrides?: SchemaOverrides;
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
    @Inject(FLOW_CANCELER) private readonly flows: FlowCanceler,
    @Inject(StepFinished) private readonly stepFinished: StepFinished,
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
    @Inject(DependencyLocker) private readonly locker: DependencyLocker,
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
    // Encoded before the row is written: a job too large to publish is a 413 and stores nothing.
    const encoded = this.publisher.encode(scriptJob(id, script, args, timeout));
    const row = await this.db.transaction(async (tx) => {
      const [found]: { id: string | null; current: boolean }[] = await tx.query(
        `WITH current AS (
         SELECT NOT $14 OR coalesce((
           SELECT hash = $4 AND NOT archived FROM script WHERE workspace_id = $2 AND path = $3
           ORDER BY created_at DESC LIMIT 1
         ), false) AS ok
       ), inserted AS (
         INSERT INTO job (id, workspace_id, script_path, script_hash, language, args, tag, timeout_s, status,
           created_by, schedule_path, scheduled_for, trigger_kind, trigger_path, parent_job)
         SELECT $1, $2, $3, $4, $5, $6, $7, $8, 'queued', $9, $10, $11, $12, $13, $15 FROM current WHERE ok
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
          options.parent ?? null,
        ],
      );
      if (found?.id) {
        await recordRun(tx, { workspace, userId, jobId: id, kind: 'script', path: script.path, options });
      }
      return found;
    });
    if (!row?.current) return undefined;
    if (!row.id) throw new RunnelError(ErrorCode.Conflict, 'this schedule tick already has its job');
    await this.publisher.publish(encoded);
    return id;
  }

  /**
   * Runs code that is not deployed: its arguments are checked against the schema its `main`
   * reads as (the same parser as a deploy), its imports locked now (a lock of the same packages
   * from the last minutes is reused). The job keeps the content and lock, as an inline flow step does.
   */
  async runPreview(
    workspace: string,
    userId: string,
    preview: ScriptPreview,
    options: RunOptions = {},
  ): Promise<string> {
    const signature = readSignature(preview.language, preview.content);
    const overrides = preview.schema_overrides;
    const schema = applySchemaOverrides(signature.schema, overrides);
    const version = overrides
      ? `raw:${signature.key}:${createHash('sha256').update(JSON.stringify(overrides)).digest('hex')}`
      : `raw:${signature.key}`;
    const args = this.validator.validate(version, schema, preview.args);
    const lock = await this.locker.lockPreview(
      { language: preview.language, content: preview.content, what: 'this script', field: 'content' },
      this.locker.deadline(),
    );
    const job: PublishableJob = {
      id: randomUUID(),
      workspace_id: workspace,
      language: preview.language,
      content: preview.content,
      args,
      arg_order: signature.order,
      tag: preview.tag ?? 'default',
      timeout_s: this.config.defaultTimeoutS,
      network: null,
      script_path: preview.path ?? null,
      script_hash: null,
      lock,
      kind: 'preview',
    };
    const encoded = this.publisher.encode(job);
    await this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO job (id, workspace_id, kind, script_path, language, args, tag, timeout_s, status, created_by,
         content, arg_order, lock)
       VALUES ($1, $2, 'preview', $3, $4, $5, $6, $7, 'queued', $8, $9, $10, $11)`,
        [
          job.id,
          workspace,
          job.script_path,
          job.language,
          JSON.stringify(args),
          job.tag,
          job.timeout_s,
          userId,
          job.content,
          job.arg_order,
          lock,
        ],
      );
      const started = { workspace, userId, jobId: job.id, kind: 'preview', path: job.script_path, options };
      await recordRun(tx, started);
    });
    await this.publisher.publish(encoded);
    return job.id;
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

  /**
   * The job if it has answered (a final status, or a flow's early return), else undefined; a 404
   * if there is no such job. Reads two columns first: a waiter asks this of a job it has just
   * started, which rarely has answered, and a flow's row carries its definition and state.
   */
  async answered(workspace: string, id: string): Promise<JobRow | undefined> {
    const [row]: Pick<JobRow, 'status' | 'early_return'>[] = isJobId(id)
      ? await this.db.query(prepared('SELECT status, early_return FROM job WHERE workspace_id = $1 AND id = $2'), [
          workspace,
          id,
        ])
      : [];
    if (!row) throw notFound(`job "${id}" not found in workspace "${workspace}"`);
    return hasAnswered(row) ? this.get(workspace, id) : undefined;
  }

  /** A job the caller may read; one it may not is the 404 of a job that does not exist. */
  async readable(access: Access, id: string): Promise<JobRow> {
    const job = await this.get(access.workspace, id);
    if (!access.can(job.access_path, 'read'))
      throw notFound(`job "${id}" not found in workspace "${access.workspace}"`);
    return job;
  }

  /** Logs of every attempt, in order; later attempts are headed so a retry is visible. */
  async logs(access: Access, id: string): Promise<string> {
    await this.readable(access, id);
    return this.logText(id);
  }

  /** The logs of job `id`, for a caller that already checked it may read them (see logs()). */
  async logText(id: string): Promise<string> {
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

  /** Jobs, newest first, by page (Windmill's jobs/list): whole rows but their contents and flow state. */
  async list(access: Access, filter: JobFilter): Promise<JobRow[]> {
    const { where, params } = filterSql(access, filter);
    const page = integerParam(filter.page, 'page', 1, 1_000_000);
    const limit = perPage(filter);
    params.push(limit, (page - 1) * limit);
    return this.db.query(
      `SELECT ${SUMMARY_SELECT}, args, result, flow_value, flow_status FROM job WHERE ${where}
       ORDER BY created_at DESC, id DESC LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
  }

  /**
   * Light rows, newest first, by cursor: a page starts where the last one ended even while new
   * jobs arrive (an offset would shift). `next_cursor` is null on the last page.
   */
  async runs(access: Access, filter: JobFilter): Promise<{ jobs: JobSummary[]; next_cursor: string | null }> {
    const { where, params } = filterSql(access, filter);
    let after = '';
    if (filter.cursor) {
      const cursor = decodeCursor(filter.cursor);
      params.push(cursor.us, cursor.id);
      after = ` AND (created_at, id) < (timestamptz 'epoch' + $${params.length - 1}::bigint * interval '1 microsecond', $${params.length}::uuid)`;
    }
    const limit = perPage(filter);
    params.push(limit + 1);
    const rows: (JobSummary & { cursor_us: string })[] = await this.db.query(
      `SELECT ${SUMMARY_SELECT}, (extract(epoch FROM created_at) * 1000000)::bigint::text AS cursor_us
       FROM job WHERE ${where}${after} ORDER BY created_at DESC, id DESC LIMIT $${params.length}`,
      params,
    );
    const more = rows.length > limit;
    const page = rows.slice(0, limit);
    return {
      jobs: page.map(({ cursor_us: _us, ...row }) => row),
      next_cursor: more ? encodeCursor(page[page.length - 1]!) : null,
    };
  }

  /** Cancels a job; a flow's cancel also cancels its running steps, a step's cancel fails its flow. */
  async cancel(access: Access, id: string, reason?: string): Promise<void> {
    const job = await this.readable(access, id);
    if (FINAL_STATUSES.includes(job.status)) {
      throw new RunnelError(ErrorCode.Conflict, `job ${id} already finished with status ${job.status}`);
    }
    const message = `canceled by ${access.username}${reason ? `: ${reason}` : ''}`;
    const canceled = isFlowJob(job) ? await this.flows.cancel(id, message) : await this.canceler.cancel(id, message);
    if (!canceled) throw new RunnelError(ErrorCode.Conflict, `job ${id} finished before it could be canceled`);
    if (!isFlowJob(job) && canceled.parent_job) await this.stepFinished.announce(canceled);
  }
}
