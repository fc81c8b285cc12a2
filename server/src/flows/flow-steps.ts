import { Inject, Injectable } from '@nestjs/common';
import { recordRun } from '../jobs/run-audit.js';
import type { EntityManager } from 'typeorm';
import { SERVER_CONFIG, type ServerConfig } from '../common/config.js';
import { ErrorCode, RunnelError, errorName } from '../common/errors.js';
import { latestVersion } from '../common/versions.js';
import { ArgValidator } from '../jobs/arg-validator.js';
import { JobPublisher, scriptJob, type PublishableJob } from '../jobs/job-publisher.js';
import { jobError, runOptionParams, type JobRow } from '../jobs/job-row.js';
import type { ScriptRow } from '../scripts/script-row.js';
import { NativeJobs } from '../native/native-jobs.js';
import type { NativeOutcome } from '../native/native-runner.js';
import { readSignature } from '../scripts/signatures.js';
import type { Command, StepJobSpec } from './engine/types.js';
import type { AfterCommit, FlowJobRow, NewFlowJob, WorkItem } from './flow-work.js';
import type { FlowRow } from './flows.service.js';
import { prepared } from '../database/prepared.js';

type RunJob = Extract<Command, { type: 'run_job' }>;

/**
 * Turns the engine's `run_job` commands into job rows inside the orchestration transaction.
 * A step that cannot even start (its script is gone, its arguments do not fit) becomes a
 * failed job at once, so it shows in the flow's status like any other failure.
 */
@Injectable()
export class FlowSteps {
  constructor(
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
    @Inject(ArgValidator) private readonly validator: ArgValidator,
    @Inject(JobPublisher) private readonly publisher: JobPublisher,
    @Inject(NativeJobs) private readonly native: NativeJobs,
  ) {}

  async insertFlowJob(tx: EntityManager, job: NewFlowJob): Promise<FlowJobRow> {
    const [row]: FlowJobRow[] = await tx.query(
      prepared(`INSERT INTO job (id, workspace_id, kind, script_path, script_hash, language, args, tag, timeout_s, status,
         created_by, started_at, flow_value, parent_job, flow_step_id, schedule_path, scheduled_for, trigger_kind,
         trigger_path)
       VALUES ($1, $2, $3, $4, $5, 'flow', $6, 'flow', $7, 'running', $8, clock_timestamp(), $9, $10, $11,
         $12, $13, $14, $15)
       ON CONFLICT (workspace_id, schedule_path, scheduled_for) WHERE schedule_path IS NOT NULL DO NOTHING
       RETURNING id, workspace_id, kind, status, script_path, flow_value, flow_state, parent_job, flow_step_id,
                 created_by, started_at`),
      [
        job.id,
        job.workspace,
        job.kind,
        job.path,
        job.hash,
        JSON.stringify(job.args),
        this.config.defaultTimeoutS,
        job.userId,
        JSON.stringify(job.value),
        job.parent_job ?? job.options?.parent ?? null,
        job.step_id ?? null,
        ...runOptionParams(job.options),
      ],
    );
    if (!row) throw new RunnelError(ErrorCode.Conflict, 'this schedule tick already has its job');
    if (!job.parent_job && job.userId) {
      await recordRun(tx, { ...job, userId: job.userId, jobId: job.id, path: job.path });
    }
    return row;
  }

  async createStep(tx: EntityManager, flow: FlowJobRow, cmd: RunJob, queue: WorkItem[], after: AfterCommit) {
    const { spec } = cmd;
    try {
      if (spec.kind === 'flow') {
        const sub = await latestVersion<FlowRow>(tx, 'flow', flow.workspace_id, spec.path);
        if (!sub) throw new StepError('NotFound', `flow "${spec.path}" not found`);
        const args = this.validator.validate(`flow:${sub.hash}`, sub.schema, cmd.args);
        queue.push({
          start: {
            id: cmd.job_id,
            workspace: flow.workspace_id,
            kind: 'flow',
            path: sub.path,
            hash: sub.hash,
            value: sub.value,
            args,
            userId: flow.created_by,
            parent_job: flow.id,
            step_id: cmd.step_id,
          },
        });
        return;
      }
      const inline = spec.kind === 'rawscript';
      const job = {
        ...(inline ? this.inlineJob(flow, cmd, spec) : await this.scriptJob(tx, flow, cmd, spec)),
        kind: inline ? 'flowscript' : 'script',
        flow_id: flow.id,
      };
      const kind = inline ? 'flowscript' : 'script';
      if (job.language === 'nativets') {
        // Run now, inside this transaction (docs/adr/0048): no worker, no message, one row written
        // once. A server that dies meanwhile rolls it back, and the step runs again on redelivery.
        // A step that calls fetch would hold the transaction while it waits on the network: it
        // is stopped at its first call and runs again after the commit, as a job of its own.
        const done = await this.native.run(job, { committed: false, userId: flow.created_by, deferFetch: true });
        if (!done.deferred) {
          const row = await this.insertStep(tx, flow, cmd, kind, { ...job, inline, done });
          after.answered.push(row);
          queue.push({
            job: flow.id,
            event: { type: 'job_done', job_id: cmd.job_id, status: done.status, result: done.result },
          });
          return;
        }
      }
      const encoded = this.publisher.encode(job);
      // An inline script has no script row: the job keeps its content and lock, for the relay to republish.
      await this.insertStep(tx, flow, cmd, kind, { ...job, inline });
      after.publish.push(encoded);
    } catch (err) {
      if (!(err instanceof StepError) && !(err instanceof RunnelError)) throw err;
      const name = err instanceof StepError ? err.errorName : errorName(err.code);
      const failed = jobError(name, `step ${cmd.step_id}: ${err.message}`);
      await this.insertStep(tx, flow, cmd, spec.kind === 'rawscript' ? 'flowscript' : spec.kind, {
        script_path: spec.kind === 'rawscript' ? null : spec.path,
        script_hash: null,
        language: spec.kind === 'rawscript' ? spec.language : spec.kind,
        args: cmd.args,
        failed,
      });
      queue.push({ job: flow.id, event: { type: 'job_done', job_id: cmd.job_id, status: 'failure', result: failed } });
    }
  }

  private inlineJob(flow: FlowJobRow, cmd: RunJob, spec: Extract<StepJobSpec, { kind: 'rawscript' }>): PublishableJob {
    const signature = readSignature(spec.language, spec.content);
    return {
      id: cmd.job_id,
      workspace_id: flow.workspace_id,
      language: spec.language,
      content: spec.content,
      args: this.validator.validate(`raw:${signature.key}`, signature.schema, argsFor(spec.language, cmd.args)),
      arg_order: signature.order,
      tag: spec.tag ?? 'default',
      timeout_s: cmd.timeout_s ?? this.config.defaultTimeoutS,
      network: null,
      script_path: `${flow.script_path ?? 'preview'}/${cmd.step_id}`,
      script_hash: null,
      lock: spec.lock ?? null,
      // The flow asks for dedicated runtimes for its inline steps (docs/adr/0050).
      ...((flow.flow_value as { dedicated?: unknown } | null)?.dedicated === true && { dedicated: true }),
    };
  }

  private async scriptJob(
    tx: EntityManager,
    flow: FlowJobRow,
    cmd: RunJob,
    spec: Extract<StepJobSpec, { kind: 'script' }>,
  ): Promise<PublishableJob> {
    const script: ScriptRow | undefined = spec.hash
      ? (
          await tx.query('SELECT * FROM script WHERE workspace_id = $1 AND hash = $2', [flow.workspace_id, spec.hash])
        )[0]
      : await latestVersion<ScriptRow>(tx, 'script', flow.workspace_id, spec.path);
    if (!script) throw new StepError('NotFound', `script "${spec.hash ?? spec.path}" not found`);
    const args = this.validator.validate(script.hash, script.schema, argsFor(script.language, cmd.args));
    const timeout = cmd.timeout_s ?? script.timeout_s ?? this.config.defaultTimeoutS;
    return { ...scriptJob(cmd.job_id, script, args, timeout), tag: spec.tag ?? script.tag };
  }

  /** A completed step of a module that ran no job, so that it can be named (approval links). */
  async insertInlineStep(tx: EntityManager, flow: FlowJobRow, id: string, stepId: string, result: unknown) {
    await tx.query(
      `INSERT INTO job (id, workspace_id, kind, script_path, language, args, tag, timeout_s, status, result,
         created_by, parent_job, flow_step_id, started_at, completed_at, duration_ms)
       VALUES ($1, $2, 'identity', $3, 'identity', '{}', 'flow', 1, 'success', $4, $5, $6, $7,
         clock_timestamp(), clock_timestamp(), 0)`,
      [
        id,
        flow.workspace_id,
        `${flow.script_path ?? 'preview'}/${stepId}`,
        JSON.stringify(result ?? null),
        flow.created_by,
        flow.id,
        stepId,
      ],
    );
  }

  /**
   * The step's job row: queued with what the publish carries, already failed (`failed`), or
   * already run here (`done`, a nativets step, with what it printed).
   */
  private async insertStep(
    tx: EntityManager,
    flow: FlowJobRow,
    cmd: RunJob,
    kind: string,
    s: Pick<PublishableJob, 'script_path' | 'script_hash' | 'language' | 'args'> &
      Partial<PublishableJob> & { inline?: boolean; failed?: unknown; done?: NativeOutcome },
  ): Promise<JobRow> {
    const { done } = s;
    const status = done ? done.status : s.failed ? 'failure' : 'queued';
    const result = done ? done.result : (s.failed ?? null);
    const [row]: JobRow[] = await tx.query(
      prepared(`INSERT INTO job (id, workspace_id, kind, script_path, script_hash, language, args, tag, timeout_s, status,
         result, created_by, parent_job, flow_step_id, content, arg_order, lock, started_at, completed_at,
         duration_ms, worker, attempts)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,
         CASE WHEN $10 = 'failure' AND $18::timestamptz IS NULL THEN clock_timestamp() ELSE $18::timestamptz END,
         CASE WHEN $10 = 'failure' AND $19::timestamptz IS NULL THEN clock_timestamp() ELSE $19::timestamptz END,
         CASE WHEN $10 = 'failure' AND $20::int IS NULL THEN 0 ELSE $20::int END, $21, $22)
       RETURNING id, workspace_id, kind, status, result, script_path, script_hash, language, tag, parent_job,
         flow_step_id, created_by, created_at, started_at, completed_at, duration_ms, attempts, worker`),
      [
        cmd.job_id,
        flow.workspace_id,
        kind,
        s.script_path,
        s.script_hash,
        s.language,
        JSON.stringify(s.args),
        s.tag ?? 'default',
        s.timeout_s ?? cmd.timeout_s ?? this.config.defaultTimeoutS,
        status,
        result === null ? null : JSON.stringify(result),
        flow.created_by,
        flow.id,
        cmd.step_id,
        s.inline ? s.content : null,
        s.inline ? s.arg_order : null,
        s.inline ? (s.lock ?? null) : null,
        done?.startedAt ?? null,
        done?.completedAt ?? null,
        done?.durationMs ?? null,
        done ? this.native.worker : null,
        done ? 1 : 0,
      ],
    );
    if (done?.logs) {
      await tx.query('INSERT INTO job_log (job_id, attempt, seq, text) VALUES ($1, 1, 0, $2)', [
        cmd.job_id,
        `${done.logs.replaceAll('\0', '\uFFFD')}\n`,
      ]);
    }
    return row!;
  }
}

class StepError extends Error {
  constructor(
    readonly errorName: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Bash parameters are strings. Expressions hand a step numbers and objects, so for Bash they
 * are passed as their text (JSON for objects), as Windmill does.
 */
function argsFor(language: string, args: Record<string, unknown>): Record<string, unknown> {
  if (language !== 'bash') return args;
  return Object.fromEntries(
    Object.entries(args).map(([k, v]) => [
      k,
      v === null || v === undefined || typeof v === 'string'
        ? v
        : typeof v === 'object'
          ? JSON.stringify(v)
          : String(v),
    ]),
  );
}
