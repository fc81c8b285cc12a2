import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { SERVER_CONFIG, type ServerConfig } from '../common/config.js';
import { ErrorCode, RunnelError, badRequest } from '../common/errors.js';
import type { InputTransform } from '@runnel/api-contract';
import { ArgValidator } from '../jobs/arg-validator.js';
import { JobCanceler } from '../jobs/job-canceler.js';
import { JobEvents } from '../jobs/job-events.js';
import type { FlowCanceler } from '../jobs/flow-canceler.js';
import { StepFinished } from '../jobs/step-finished.js';
import { JobPublisher } from '../jobs/job-publisher.js';
import { FINAL_STATUSES, isFlowJob, type JobRow, type RunOptions } from '../jobs/job-row.js';
import { JobTelemetry } from '../metrics/job-telemetry.js';
import { NATS } from '../nats/nats-token.js';
import type { Nats } from '../nats/nats.js';
import { applyEvent, awaitedJobs, flowStatus, pendingTimers, startFlow } from './engine/index.js';
import type { Command, EngineContext, FlowEvent, FlowRunState, FlowValue, Transition } from './engine/types.js';
import { evaluateArgs } from './engine/scope.js';
import { createEvaluator, type Evaluator } from '../isolate/evaluator.js';
import { FlowSteps } from './flow-steps.js';
import type { AfterCommit, FlowJobRow, NewFlowJob, WorkItem } from './flow-work.js';
import { FlowTimers, type FlowTimerRow } from './flow-timers.js';
import { FlowsService, type FlowRow } from './flows.service.js';
import { prepared } from '../database/prepared.js';

/** Why an event changed nothing: it does not apply (409 to a user), or the approval rules refused it (403). */
type Unapplied = { ignored: string } | { refused: string };

/** Flow rows one transaction holds, by id, and those whose state it has yet to write. */
interface Held {
  rows: Map<string, FlowJobRow>;
  unsaved: Set<string>;
}

/** How often an orchestration transaction is retried after a deadlock or serialization failure. */
const TX_ATTEMPTS = 5;

/**
 * Runs flows. Every change to a flow run goes through `process`: in one transaction it locks
 * the flow job's row, applies one event to the pure engine, saves the new state, and records
 * what the commands ask for (step job rows, timer rows). Jobs are published and waiters woken
 * only after the commit; a publish that is lost is the relay's to redo. Events that one
 * transition causes for another run of the same tree (a sub-flow finishing, a step that fails
 * at once) are applied in the same transaction, so a tree is never half-updated.
 */
@Injectable()
export class FlowOrchestrator implements OnModuleInit, OnApplicationShutdown, FlowCanceler {
  private readonly logger = new Logger('FlowOrchestrator');
  private evaluator: Evaluator | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(NATS) private readonly nats: Nats,
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
    @Inject(FlowsService) private readonly flows: FlowsService,
    @Inject(FlowSteps) private readonly steps: FlowSteps,
    @Inject(FlowTimers) private readonly timers: FlowTimers,
    @Inject(ArgValidator) private readonly validator: ArgValidator,
    @Inject(JobPublisher) private readonly publisher: JobPublisher,
    @Inject(JobCanceler) private readonly canceler: JobCanceler,
    @Inject(JobEvents) private readonly events: JobEvents,
    @Inject(StepFinished) private readonly stepFinished: StepFinished,
    @Inject(JobTelemetry) private readonly telemetry: JobTelemetry,
  ) {}

  async onModuleInit(): Promise<void> {
    this.evaluator = await createEvaluator({ timeoutMs: this.config.expressionTimeoutMs });
    this.unsubscribe = this.stepFinished.subscribe((row) => this.onChildFinished(row));
    await this.recover();
    await this.timers.start((timer) => this.fireTimer(timer));
  }

  onApplicationShutdown(): void {
    this.unsubscribe?.();
    this.evaluator?.dispose();
  }

  /** Starts a deployed flow (by path) or an unsaved one (preview); returns the flow job's id. */
  async run(
    workspace: string,
    userId: string,
    ref: { path: string } | { version: FlowRow } | { preview: { value: unknown; schema?: unknown } },
    body: unknown,
    options: RunOptions = {},
  ): Promise<string> {
    let job: NewFlowJob;
    const id = randomUUID();
    if ('path' in ref || 'version' in ref) {
      // `version`: the caller has just read the newest version (an HTTP route, for its inputs).
      const flow = 'version' in ref ? ref.version : await this.flows.getByPath(workspace, ref.path);
      if (flow.archived) throw badRequest(`flow "${flow.path}" is archived; deploy it again to run it`);
      const args = this.validator.validate(`flow:${flow.hash}`, flow.schema, body);
      job = { id, workspace, kind: 'flow', path: flow.path, hash: flow.hash, value: flow.value, args, userId, options };
    } else {
      const { value, schema } = await this.flows.checkAndLock(
        { summary: '', value: ref.preview.value, schema: ref.preview.schema },
        true,
      );
      const args = this.validator.validate(`preview:${id}`, schema, body);
      job = { id, workspace, kind: 'flowpreview', path: null, hash: null, value, args, userId, options };
    }
    await this.process([{ start: job }]);
    // The flow's own row runs on no worker, so nothing else announces it to lists of runs.
    this.nats.nc.publish(this.nats.names.jobCreatedSubject(id));
    return id;
  }

  /**
   * One input of a step, evaluated as a run evaluates it (the engine's evaluateArgs, this
   * orchestrator's QuickJS sandbox): the editor's "Test this step". Throws the engine's
   * ExpressionFailure, whose message names `input_transforms.<name>` and the expression's error.
   */
  evaluateInput(name: string, transform: InputTransform, scope: Record<string, unknown>): unknown {
    return evaluateArgs((expr, s) => this.evaluator!.evaluate(expr, s), { [name]: transform }, scope)[name];
  }

  /** Cancels a flow run and, through the engine's commands, its running steps. */
  async cancel(id: string, message: string): Promise<JobRow | undefined> {
    await this.process([{ job: id, event: { type: 'cancel', reason: message } }]);
    const [row]: JobRow[] = await this.db.query('SELECT * FROM job WHERE id = $1', [id]);
    return row?.status === 'canceled' ? row : undefined;
  }

  /**
   * Applies an approval or a rejection to the flow that owns step job `stepJobId`. Throws 409
   * when that step is not waiting for one, 403 when this approver already approved it. `check`
   * sees the flow row under its lock, so approval rules are judged on the state the event meets.
   */
  async resumeStep(
    stepJobId: string,
    event: Extract<FlowEvent, { type: 'resume' | 'reject' }>,
    check: (flow: FlowJobRow) => void,
  ): Promise<void> {
    const [step]: { parent_job: string | null }[] = await this.db.query('SELECT parent_job FROM job WHERE id = $1', [
      stepJobId,
    ]);
    if (!step?.parent_job) throw new RunnelError(ErrorCode.NotFound, `job ${stepJobId} is not a step of a flow`);
    const unapplied = await this.process([{ job: step.parent_job, event, check }]);
    if (unapplied && 'refused' in unapplied) throw new RunnelError(ErrorCode.Forbidden, unapplied.refused);
    if (unapplied) {
      throw new RunnelError(
        ErrorCode.Conflict,
        `step job ${stepJobId} is not waiting for approval: ${unapplied.ignored}`,
      );
    }
  }

  /** A step job ended (its result was applied, it was canceled or given up on). Idempotent. */
  async onChildFinished(row: JobRow): Promise<void> {
    if (!row.parent_job || !FINAL_STATUSES.includes(row.status)) return;
    await this.process([
      {
        job: row.parent_job,
        event: { type: 'job_done', job_id: row.id, status: row.status as 'success', result: row.result },
      },
    ]);
  }

  private async fireTimer(timer: FlowTimerRow): Promise<void> {
    await this.process([{ job: timer.flow_job, event: { type: 'timer', timer_id: timer.id } }], async (tx) => {
      const [rows]: [unknown[], number] = await tx.query('DELETE FROM flow_timer WHERE id = $1 RETURNING id', [
        timer.id,
      ]);
      return rows.length > 0;
    });
  }

  /**
   * After a crash, a step may have ended while no server could tell its flow: hand every such
   * step to its flow again (the engine ignores what it already knew).
   */
  async recover(): Promise<number> {
    const flows: { flow_state: FlowRunState }[] = await this.db.query(
      `SELECT flow_state FROM job WHERE kind IN ('flow', 'flowpreview') AND status = 'running'`,
    );
    const awaited = flows.flatMap((f) => awaitedJobs(f.flow_state));
    if (!awaited.length) return 0;
    const rows: JobRow[] = await this.db.query(
      `SELECT * FROM job WHERE id = ANY($1::uuid[]) AND status IN ('success', 'failure', 'canceled')`,
      [awaited],
    );
    for (const row of rows) await this.onChildFinished(row);
    if (rows.length) this.logger.log(`recovered ${rows.length} step result(s) their flows had not seen`);
    return rows.length;
  }

  /**
   * Applies work items in one transaction (retried on deadlock), then carries out what must
   * wait for the commit. Returns why the first item changed nothing, if it did.
   */
  private async process(
    items: WorkItem[],
    claim?: (tx: EntityManager) => Promise<boolean>,
  ): Promise<Unapplied | undefined> {
    for (let attempt = 1; ; attempt++) {
      const after: AfterCommit = {
        publish: [],
        timers: [],
        cancels: [],
        answered: [],
        progressed: [],
        transitions: [],
      };
      try {
        const ignored = await this.db.transaction(async (tx) => {
          if (claim && !(await claim(tx))) return undefined;
          return this.applyAll(tx, [...items], after);
        });
        await this.afterCommit(after);
        return ignored;
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (attempt < TX_ATTEMPTS && (code === '40P01' || code === '40001')) continue;
        throw err;
      }
    }
  }

  private async applyAll(tx: EntityManager, queue: WorkItem[], after: AfterCommit): Promise<Unapplied | undefined> {
    let firstUnapplied: Unapplied | undefined;
    const ctx: EngineContext = {
      now: Date.now(),
      newId: randomUUID,
      evaluate: (expr, scope) => this.evaluator!.evaluate(expr, scope),
    };
    // The flow rows this transaction holds (locked or inserted by it), as they are now: the next
    // event of the same run (a nativets step done in this transaction) neither reads the row
    // again nor has its state written in between; a running flow's state is written once, below.
    const held: Held = { rows: new Map(), unsaved: new Set() };
    for (let n = 0; queue.length; n++) {
      const item = queue.shift()!;
      const event = 'start' in item ? 'start' : item.event.type;
      const applied = await this.transition(tx, item, ctx, held);
      if ('row' in applied) {
        const outcome = await this.execute(tx, applied.row, applied.t, queue, after, held);
        after.transitions.push({ flow: applied.row, event, outcome });
      } else {
        const flow = { id: 'start' in item ? item.start.id : item.job };
        after.transitions.push({ flow, event, outcome: 'ignored' in applied ? 'ignored' : 'refused' });
        if (n === 0) firstUnapplied = applied;
      }
    }
    for (const id of held.unsaved) {
      const row = held.rows.get(id)!;
      await tx.query(prepared('UPDATE job SET flow_state = $2, flow_status = $3 WHERE id = $1'), [
        row.id,
        JSON.stringify(row.flow_state),
        JSON.stringify(flowStatus(row.flow_value as FlowValue, row.flow_state as FlowRunState)),
      ]);
      after.progressed.push(row.id);
    }
    return firstUnapplied;
  }

  /** Starts a run, or locks a run's row and applies an event to it; or says why the event does not apply. */
  private async transition(
    tx: EntityManager,
    item: WorkItem,
    ctx: EngineContext,
    held: Held,
  ): Promise<{ row: FlowJobRow; t: Transition } | Unapplied> {
    if ('start' in item) {
      const row = await this.steps.insertFlowJob(tx, item.start);
      held.rows.set(row.id, row);
      return { row, t: startFlow(row.flow_value as FlowValue, item.start.args, ctx) };
    }
    let row = held.rows.get(item.job);
    if (!row) {
      [row] = (await tx.query(
        prepared(`SELECT id, workspace_id, kind, status, script_path, flow_value, flow_state, parent_job, flow_step_id,
                created_by, started_at
         FROM job WHERE id = $1 FOR UPDATE`),
        [item.job],
      )) as FlowJobRow[];
      if (row) held.rows.set(row.id, row);
    }
    if (!row || !isFlowJob(row)) return { ignored: 'no such flow job' };
    if (row.status !== 'running') return { ignored: `the flow already ended (${row.status})` };
    item.check?.(row);
    const t = applyEvent(row.flow_value as FlowValue, row.flow_state as FlowRunState, item.event, ctx);
    if (t.ignored) return { ignored: t.ignored };
    return t.refused ? { refused: t.refused } : { row, t };
  }

  /** Carries out a transition's commands; returns what the run is now: `running` or its final status. */
  private async execute(
    tx: EntityManager,
    row: FlowJobRow,
    t: Transition,
    queue: WorkItem[],
    after: AfterCommit,
    held: Held,
  ): Promise<string> {
    let finish: Extract<Command, { type: 'finish' }> | undefined;
    // A flow's timer rows are those of its state (both written in the same transactions).
    const timed = row.flow_state != null && pendingTimers(row.flow_state as FlowRunState).length > 0;
    for (const cmd of t.commands) {
      switch (cmd.type) {
        case 'run_job':
          await this.steps.createStep(tx, row, cmd, queue, after);
          break;
        case 'set_timer':
          await tx.query(
            `INSERT INTO flow_timer (id, flow_job, fire_at) VALUES ($1, $2, to_timestamp($3 / 1000.0))
             ON CONFLICT (id) DO UPDATE SET fire_at = excluded.fire_at`,
            [cmd.timer_id, row.id, cmd.at],
          );
          after.timers.push(cmd.at);
          break;
        case 'clear_timer':
          await tx.query('DELETE FROM flow_timer WHERE id = $1', [cmd.timer_id]);
          break;
        case 'cancel_job':
          after.cancels.push({ id: cmd.job_id, reason: cmd.reason });
          break;
        case 'early_return': {
          const [[answered]]: [JobRow[], number] = await tx.query(
            'UPDATE job SET result = $2, early_return = true WHERE id = $1 RETURNING *',
            [row.id, JSON.stringify(cmd.result ?? null)],
          );
          after.answered.push(answered!);
          break;
        }
        case 'suspend':
          // A step that ran no job (identity, a loop) still needs a job row for its approval links.
          if (cmd.inline) await this.steps.insertInlineStep(tx, row, cmd.job_id, cmd.step_id, cmd.inline.result);
          break;
        case 'finish':
          finish = cmd;
          break;
      }
    }
    row.flow_state = t.state;
    if (!finish) {
      // Written once the transaction's work is done (applyAll).
      held.unsaved.add(row.id);
      return 'running';
    }
    held.unsaved.delete(row.id);
    row.status = finish.status;
    const view = flowStatus(row.flow_value as FlowValue, t.state);
    if (timed) await tx.query('DELETE FROM flow_timer WHERE flow_job = $1', [row.id]);
    const [[done]]: [JobRow[], number] = await tx.query(
      `UPDATE job SET flow_state = $2, flow_status = $3, status = $4, result = $5, completed_at = clock_timestamp(),
         duration_ms = round(extract(epoch FROM clock_timestamp() - started_at) * 1000)
       WHERE id = $1 AND status = 'running' RETURNING *`,
      [row.id, JSON.stringify(t.state), JSON.stringify(view), finish.status, JSON.stringify(finish.result ?? null)],
    );
    after.answered.push(done!);
    if (row.parent_job) {
      queue.push({
        job: row.parent_job,
        event: { type: 'job_done', job_id: row.id, status: finish.status, result: finish.result },
      });
    }
    return finish.status;
  }

  private async afterCommit(after: AfterCommit): Promise<void> {
    await Promise.all(after.publish.map((job) => this.publisher.publish(job)));
    this.timers.added(after.timers);
    for (const id of new Set(after.progressed)) this.nats.nc.publish(this.nats.names.jobUpdatedSubject(id));
    for (const { flow, event, outcome } of after.transitions) {
      if (event === 'start' && outcome !== 'ignored' && outcome !== 'refused') {
        this.telemetry.created({
          id: flow.id,
          workspace_id: flow.workspace_id ?? '',
          kind: flow.kind ?? 'flow',
          tag: 'flow',
          language: 'flow',
          parent_job: flow.parent_job,
          flow_step_id: flow.flow_step_id,
        });
      }
      this.telemetry.flowTransition(flow, event, outcome);
    }
    for (const row of after.answered) {
      // An early return answers the flow's waiters while it runs on: not an end.
      if (FINAL_STATUSES.includes(row.status)) this.telemetry.finished(row);
      this.events.announce(row);
      this.nats.nc.publish(this.nats.names.doneSubject(row.id), row.status);
    }
    for (const { id, reason } of after.cancels) {
      await this.cancelStep(id, reason).catch((err: Error) =>
        this.logger.warn(`cannot cancel step job ${id}: ${err.message}`),
      );
    }
  }

  private async cancelStep(id: string, reason: string): Promise<void> {
    const [row]: { kind: string }[] = await this.db.query('SELECT kind FROM job WHERE id = $1', [id]);
    if (!row) return;
    if (isFlowJob(row)) await this.cancel(id, reason);
    else await this.canceler.cancel(id, reason);
  }
}
