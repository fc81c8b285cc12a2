import type { Access } from '../auth/path-access.js';
import { randomUUID } from 'node:crypto';
import { withAudit, type Actor } from '../audit/audit-log.js';
import { requireTriggerTarget } from '../flows/trigger-target.js';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ErrorCode, RunnelError, notFound } from '../common/errors.js';
import { SERVER_CONFIG, type ServerConfig } from '../common/config.js';
import { FlowsService } from '../flows/flows.service.js';
import { ArgValidator } from '../jobs/arg-validator.js';
import { JobPublisher, scriptJob } from '../jobs/job-publisher.js';
import { ScriptsService, assertScriptPath } from '../scripts/scripts.service.js';
import { nextTick, parseCron } from './cron.js';
import { SCHEDULE_SELECT, type ScheduleFields, type ScheduleRow } from './schedule-row.js';
import { Scheduler } from './scheduler.js';
import { deleteOwnedRow } from '../common/owned-rows.js';

export type NewSchedule = Partial<ScheduleFields> & {
  path: string;
  schedule: string;
  timezone: string;
  script_path: string;
  no_flow_overlap?: boolean;
};
export type ScheduleChanges = Partial<ScheduleFields> & { no_flow_overlap?: boolean };

/**
 * Schedules: validated when written (cron, time zone, target, arguments, failure handler), so the
 * scheduler only meets schedules that could run when they were saved. Every write that moves
 * `next_fire_at` tells the scheduler, which re-arms here and on the other replicas.
 */
@Injectable()
export class SchedulesService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(ScriptsService) private readonly scripts: ScriptsService,
    @Inject(FlowsService) private readonly flows: FlowsService,
    @Inject(ArgValidator) private readonly validator: ArgValidator,
    @Inject(JobPublisher) private readonly publisher: JobPublisher,
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
    @Inject(Scheduler) private readonly scheduler: Scheduler,
  ) {}

  async create(workspace: string, actor: Actor, input: NewSchedule): Promise<ScheduleRow> {
    assertScriptPath(input.path);
    const fields = await this.check(workspace, {
      schedule: input.schedule,
      timezone: input.timezone,
      script_path: input.script_path,
      is_flow: input.is_flow ?? false,
      args: input.args ?? {},
      enabled: input.enabled ?? true,
      no_overlap: input.no_overlap ?? input.no_flow_overlap ?? false,
      on_failure: input.on_failure || null,
      catch_up: input.catch_up ?? false,
      summary: input.summary ?? null,
    });
    const next = this.firstTick(fields);
    const entry = { workspace, actor, action: 'schedules.create', path: input.path };
    await withAudit(this.db, entry, async (tx) => {
      const inserted: ScheduleRow[] = await tx.query(
        `INSERT INTO schedule (workspace_id, path, schedule, timezone, script_path, is_flow, args, enabled, no_overlap,
         on_failure, catch_up, summary, next_fire_at, created_by, edited_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14)
       ON CONFLICT (workspace_id, path) DO NOTHING RETURNING path`,
        [workspace, input.path, ...this.params(fields), next, actor.userId],
      );
      if (!inserted.length) {
        throw new RunnelError(
          ErrorCode.Conflict,
          `schedule "${input.path}" already exists in workspace "${workspace}"; update it instead`,
        );
      }
    });
    if (next) this.scheduler.changed(next);
    return this.get(workspace, input.path);
  }

  async get(workspace: string, path: string): Promise<ScheduleRow> {
    const rows: ScheduleRow[] = await this.db.query(`${SCHEDULE_SELECT} WHERE s.workspace_id = $1 AND s.path = $2`, [
      workspace,
      path,
    ]);
    if (!rows[0]) throw notFound(`schedule "${path}" not found in workspace "${workspace}"`);
    return rows[0];
  }

  /** The schedules the caller may read. */
  async list(access: Access, filter: { script_path?: string; enabled?: boolean } = {}): Promise<ScheduleRow[]> {
    const params: unknown[] = [access.workspace, filter.script_path ?? null, filter.enabled ?? null];
    const readable = access.where('s.path', params);
    return this.db.query(
      `${SCHEDULE_SELECT} WHERE s.workspace_id = $1 AND ($2::text IS NULL OR s.script_path = $2)
         AND ($3::boolean IS NULL OR s.enabled = $3) AND ${readable} ORDER BY s.path`,
      params,
    );
  }

  /** Changes any of the fields; the next tick is computed again from now. */
  async update(workspace: string, actor: Actor, path: string, changes: ScheduleChanges): Promise<ScheduleRow> {
    const current = await this.get(workspace, path);
    const fields = await this.check(workspace, {
      schedule: changes.schedule ?? current.schedule,
      timezone: changes.timezone ?? current.timezone,
      script_path: changes.script_path ?? current.script_path,
      is_flow: changes.is_flow ?? current.is_flow,
      args: changes.args ?? current.args,
      enabled: changes.enabled ?? current.enabled,
      no_overlap: changes.no_overlap ?? changes.no_flow_overlap ?? current.no_overlap,
      on_failure: changes.on_failure === undefined ? current.on_failure : changes.on_failure || null,
      catch_up: changes.catch_up ?? current.catch_up,
      summary: changes.summary === undefined ? current.summary : changes.summary,
    });
    const next = this.firstTick(fields);
    const entry = { workspace, actor, action: 'schedules.update', path };
    await withAudit(this.db, entry, async (tx) => {
      const [, count]: [unknown[], number] = await tx.query(
        `UPDATE schedule SET schedule = $3, timezone = $4, script_path = $5, is_flow = $6, args = $7, enabled = $8,
         no_overlap = $9, on_failure = $10, catch_up = $11, summary = $12, next_fire_at = $13, error = NULL,
         edited_by = $14, edited_at = now()
       WHERE workspace_id = $1 AND path = $2`,
        [workspace, path, ...this.params(fields), next, actor.userId],
      );
      if (!count) throw notFound(`schedule "${path}" not found in workspace "${workspace}"`);
    });
    if (next) this.scheduler.changed(next);
    return this.get(workspace, path);
  }

  /** Enabling starts from the next tick after now: ticks that passed while disabled never run. */
  async setEnabled(workspace: string, actor: Actor, path: string, enabled: boolean): Promise<ScheduleRow> {
    const current = await this.get(workspace, path);
    const next = enabled ? this.firstTick({ ...current, enabled }) : null;
    const entry = { workspace, actor, action: 'schedules.update', path, details: { enabled } };
    await withAudit(this.db, entry, (tx) =>
      tx.query(
        `UPDATE schedule SET enabled = $3, next_fire_at = $4, error = CASE WHEN $3 THEN NULL ELSE error END,
           edited_by = $5, edited_at = now()
         WHERE workspace_id = $1 AND path = $2`,
        [workspace, path, enabled, next, actor.userId],
      ),
    );
    if (next) this.scheduler.changed(next);
    return this.get(workspace, path);
  }

  /** Jobs the schedule started keep their `schedule_path`. */
  async delete(workspace: string, actor: Actor, path: string): Promise<void> {
    const entry = { workspace, actor, action: 'schedules.delete', path };
    await withAudit(this.db, entry, (tx) => deleteOwnedRow(tx, 'schedule', 'schedule', workspace, path));
  }

  /** The next tick after now, null while disabled. */
  private firstTick(fields: Pick<ScheduleFields, 'schedule' | 'timezone' | 'enabled'>): Date | null {
    if (!fields.enabled) return null;
    return nextTick(parseCron(fields.schedule, fields.timezone), new Date());
  }

  /** Everything a tick needs must hold now: a valid cron and zone, the target, its arguments, the handler. */
  private async check(workspace: string, fields: ScheduleFields): Promise<ScheduleFields> {
    parseCron(fields.schedule, fields.timezone);
    const target = await requireTriggerTarget(this.scripts, this.flows, workspace, fields.script_path, fields.is_flow);
    if ('flow' in target) this.validator.validate(`flow:${target.flow.hash}`, target.flow.schema, fields.args);
    else {
      const args = this.validator.validate(target.script.hash, target.script.schema, fields.args);
      // Each tick would be refused for its size: better said now than logged at every tick.
      const timeout = target.script.timeout_s ?? this.config.defaultTimeoutS;
      this.publisher.encode(scriptJob(randomUUID(), target.script, args, timeout), "this schedule's job");
    }
    if (fields.on_failure)
      await requireTriggerTarget(this.scripts, this.flows, workspace, fields.on_failure, false, 'on_failure');
    return fields;
  }

  private params(f: ScheduleFields): unknown[] {
    return [
      f.schedule.trim(),
      f.timezone,
      f.script_path,
      f.is_flow,
      JSON.stringify(f.args),
      f.enabled,
      f.no_overlap,
      f.on_failure,
      f.catch_up,
      f.summary,
    ];
  }
}
