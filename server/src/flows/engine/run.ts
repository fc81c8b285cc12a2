/**
 * One transition of a flow run: the Run object holds the definition, the state being changed in
 * place (a copy of the stored one), the context and the commands emitted so far. Continuations go
 * through a queue rather than the call stack, so a while loop of a thousand inline steps does not
 * recurse a thousand levels deep.
 */
import type { FlowModule, FlowValue } from '@runnel/openapi';
import { onBranchDone, onBranchFailed, startBranchAll, startBranchOne } from './branches.js';
import { onIterationDone, onIterationFailed, startLoop } from './loops.js';
import { afterSuspend, evaluateStop, suspendStep } from './options.js';
import { maxRetries, retryDelaySeconds } from './retry.js';
import { ExpressionFailure, evaluateArgs, evaluateExpr, evaluateSeconds, scopeOf, truthy } from './scope.js';
import {
  FAILURE,
  ROOT,
  errorFromResult,
  errorResult,
  indexModules,
  json,
  stepKey,
  type EngineState,
  type SeqNode,
  type SeqOwner,
  type StepError,
  type StepNode,
  type TimerRef,
} from './state.js';
import type { Command, EngineContext, FlowEvent, StepJobSpec } from './types.js';

export class Run {
  readonly commands: Command[] = [];
  private readonly queue: (() => void)[] = [];
  private readonly modules: Map<string, FlowModule>;

  constructor(
    readonly def: FlowValue,
    readonly state: EngineState,
    readonly ctx: EngineContext,
  ) {
    this.modules = indexModules(def);
  }

  emit(command: Command): void {
    this.commands.push(command);
  }

  later(fn: () => void): void {
    this.queue.push(fn);
  }

  drain(): void {
    for (let i = 0; i < this.queue.length && this.state.status === 'running'; i++) this.queue[i]();
    this.queue.length = 0;
  }

  seq(key: string): SeqNode {
    return this.state.nodes[key] as SeqNode;
  }

  step(key: string): StepNode {
    return this.state.nodes[key] as StepNode;
  }

  module(step: StepNode): FlowModule {
    const m = this.modules.get(step.id);
    if (!m) throw new Error(`flow definition has no module "${step.id}" (was the flow changed under a running run?)`);
    return m;
  }

  /** The modules a sequence runs. */
  modulesOf(seqKey: string): FlowModule[] {
    const seq = this.seq(seqKey);
    if (seq.owner === 'root') return this.def.modules;
    if (seq.owner === 'failure') return this.def.failure_module ? [this.def.failure_module] : [];
    const v = this.module(this.step(seq.parent!)).value;
    if (v.type === 'forloopflow' || v.type === 'whileloopflow') return v.modules;
    if (v.type === 'branchone') return seq.owner === 'default' ? v.default : v.branches[seq.n!].modules;
    if (v.type === 'branchall') return v.branches[seq.n!].modules;
    throw new Error(`sequence ${seqKey} belongs to a ${v.type} module`);
  }

  newSeq(key: string, owner: SeqOwner, prev: unknown, fields: Partial<SeqNode> = {}): SeqNode {
    const seq: SeqNode = { k: 'seq', owner, pos: 0, prev: json(prev), results: {}, status: 'running', ...fields };
    this.state.nodes[key] = seq;
    return seq;
  }

  setTimer(step: string, kind: TimerRef['kind'], at: number): string {
    const id = this.ctx.newId();
    this.state.timers[id] = { at, step, kind };
    this.emit({ type: 'set_timer', timer_id: id, at });
    return id;
  }

  clearTimer(id: string | undefined): void {
    if (id === undefined || !(id in this.state.timers)) return;
    delete this.state.timers[id];
    this.emit({ type: 'clear_timer', timer_id: id });
  }

  /** Runs `fn`; an expression failure in it fails step `key` instead. Returns whether fn completed. */
  attempt(key: string, fn: () => void): boolean {
    try {
      fn();
      return true;
    } catch (err) {
      if (!(err instanceof ExpressionFailure)) throw err;
      this.stepFailed(key, { name: err.name, message: err.message, step_id: this.step(key).id });
      return false;
    }
  }

  // --- sequences -------------------------------------------------------------------------------

  advanceSeq(key: string): void {
    const seq = this.seq(key);
    if (seq.status !== 'running') return;
    const modules = this.modulesOf(key);
    if (seq.pos >= modules.length) this.seqDone(key);
    else this.startStep(key, modules[seq.pos], seq.pos);
  }

  private seqDone(key: string): void {
    const seq = this.seq(key);
    if (seq.status !== 'running') return;
    seq.status = 'success';
    if (seq.owner === 'root') this.finishFlow('success', json(seq.prev));
    else if (seq.owner === 'failure') this.finishFlow('failure', json(seq.prev));
    else if (seq.owner === 'iteration') onIterationDone(this, seq.parent!, key);
    else onBranchDone(this, seq.parent!, key);
  }

  private seqFailed(key: string, error: StepError, fatal: boolean): void {
    const seq = this.seq(key);
    if (seq.status !== 'running') return;
    seq.status = 'failure';
    seq.error = error;
    if (seq.owner === 'root') this.flowFailed(error);
    else if (seq.owner === 'failure') this.finishFlow('failure', errorResult(error));
    else if (seq.owner === 'iteration') onIterationFailed(this, seq.parent!, key, error, fatal);
    else onBranchFailed(this, seq.parent!, key, error, fatal);
  }

  // --- steps -----------------------------------------------------------------------------------

  private startStep(seqKey: string, module: FlowModule, pos: number): void {
    const key = stepKey(seqKey, module.id);
    const seq = this.seq(seqKey);
    const step: StepNode = {
      k: 'step',
      seq: seqKey,
      id: module.id,
      type: module.value.type,
      pos,
      phase: 'job',
      status: 'running',
      jobs: [],
    };
    this.state.nodes[key] = step;
    const scope = scopeOf(this.state, seqKey);
    let skip = false;
    const ok = this.attempt(key, () => {
      skip =
        module.skip_if !== undefined && truthy(evaluateExpr(this.ctx.evaluate, 'skip_if', module.skip_if.expr, scope));
    });
    if (!ok) return;
    if (skip) {
      // As Windmill: a skipped step passes the previous result on.
      step.status = 'skipped';
      step.message = `skip_if \`${module.skip_if!.expr}\` was true`;
      step.result = json(seq.prev);
      return this.stepFinished(key);
    }
    if (module.mock?.enabled) return this.stepSucceeded(key, json(module.mock.return_value));
    const v = module.value;
    switch (v.type) {
      case 'rawscript':
      case 'script':
      case 'flow': {
        const prepared = this.attempt(key, () => {
          step.args = evaluateArgs(this.ctx.evaluate, v.input_transforms, scope);
          const timeout =
            module.timeout === undefined ? 0 : evaluateSeconds(this.ctx.evaluate, 'timeout', module.timeout, scope);
          if (timeout > 0) step.timeout_s = timeout;
        });
        if (prepared) this.runJob(key);
        return;
      }
      case 'identity':
        return this.stepSucceeded(key, json(seq.prev));
      case 'forloopflow':
      case 'whileloopflow':
        return startLoop(this, key, scope);
      case 'branchone':
        return startBranchOne(this, key, scope);
      case 'branchall':
        return startBranchAll(this, key);
    }
  }

  runJob(key: string): void {
    const step = this.step(key);
    const jobId = this.ctx.newId();
    step.jobs.push(jobId);
    step.phase = 'job';
    step.status = 'running';
    this.state.jobs[jobId] = key;
    const command: Command = {
      type: 'run_job',
      job_id: jobId,
      step_id: step.id,
      spec: specOf(this.module(step)),
      args: step.args ?? {},
    };
    if (step.timeout_s !== undefined) command.timeout_s = step.timeout_s;
    this.emit(command);
  }

  onJobDone(event: Extract<FlowEvent, { type: 'job_done' }>): string | undefined {
    const key = this.state.jobs[event.job_id];
    if (key === undefined) return `job ${event.job_id} is not awaited by this run`;
    delete this.state.jobs[event.job_id];
    const step = this.step(key);
    if (event.status === 'success') {
      this.stepSucceeded(key, json(event.result));
      return undefined;
    }
    const error = errorFromResult(event.result, step.id, event.status === 'canceled' ? 'Canceled' : 'Error');
    if (event.status === 'failure' && this.retry(key, event.job_id, event.result, error)) return undefined;
    this.stepFailed(key, error);
    return undefined;
  }

  /** Schedules the next attempt of a failed step job, if its retry policy has one left. */
  private retry(key: string, failedJob: string, result: unknown, error: StepError): boolean {
    const step = this.step(key);
    const retry = this.module(step).retry;
    const previousRetries = step.jobs.length - 1;
    if (previousRetries >= maxRetries(retry)) return false;
    const delay = retryDelaySeconds(retry, previousRetries, failedJob);
    if (delay === undefined) return false;
    if (retry?.retry_if) {
      const expr = retry.retry_if.expr;
      let again = false;
      const scope = scopeOf(this.state, step.seq, { result, error });
      if (!this.attempt(key, () => (again = truthy(evaluateExpr(this.ctx.evaluate, 'retry.retry_if', expr, scope))))) {
        return true; // the step failed on the expression
      }
      if (!again) return false;
    }
    if (delay <= 0) {
      this.runJob(key);
    } else {
      step.phase = 'retry_wait';
      step.timer = this.setTimer(key, 'retry', this.ctx.now + delay * 1000);
    }
    return true;
  }

  /** The step's own work succeeded: stop_after_if, then suspend, then sleep, then the next step. */
  stepSucceeded(key: string, result: unknown): void {
    const step = this.step(key);
    step.result = json(result);
    const stop = evaluateStop(this, key);
    if (stop === 'failed') return;
    if (stop) {
      step.status = 'success';
      step.message = stop.message;
      return this.stepFinished(key, { stop: true, skipped: stop.skipped });
    }
    const suspend = this.module(step).suspend;
    if (suspend) return suspendStep(this, key, suspend);
    afterSuspend(this, key);
  }

  /** The step is over (success, skipped, or failed with continue_on_error): record it, go on. */
  stepFinished(key: string, opts: { stop?: boolean; skipped?: boolean } = {}): void {
    const step = this.step(key);
    const seq = this.seq(step.seq);
    step.phase = 'done';
    if (step.status === 'running' || step.status === 'suspended') step.status = 'success';
    const result = json(step.result);
    seq.results[step.id] = result;
    seq.prev = result;
    seq.pos = step.pos + 1;
    if (step.seq === ROOT && this.def.early_return === step.id) {
      this.state.result = result;
      this.emit({ type: 'early_return', result });
    }
    if (opts.stop) {
      seq.stopped = true;
      if (step.seq === ROOT) {
        this.state.stopped_early = true;
        if (opts.skipped) this.state.skipped = true;
      }
      this.later(() => this.seqDone(step.seq));
    } else {
      this.later(() => this.advanceSeq(step.seq));
    }
  }

  /**
   * The step failed. `fatal` failures (a rejection, an early stop with an error message) fail the
   * flow whatever continue_on_error, skip_failures or skip_failure say.
   */
  stepFailed(key: string, error: StepError, fatal = false): void {
    const step = this.step(key);
    if (step.phase === 'done') return;
    step.status = 'failure';
    step.message = error.message.split('\n', 1)[0];
    this.cancelUnder(key, `step ${step.id} failed`);
    this.clearTimer(step.timer);
    if (step.suspend) {
      this.clearTimer(step.suspend.timer);
      delete this.state.suspended[step.suspend.job];
    }
    if (!fatal && this.module(step).continue_on_error) {
      step.result = errorResult(error);
      return this.stepFinished(key);
    }
    step.phase = 'done';
    this.later(() => this.seqFailed(step.seq, error, fatal));
  }

  // --- the run as a whole ------------------------------------------------------------------------

  private flowFailed(error: StepError): void {
    this.cancelUnder(ROOT, 'the flow failed');
    if (this.def.failure_module && !(FAILURE in this.state.nodes)) {
      this.state.error = error;
      const { message, name, step_id } = error;
      this.newSeq(FAILURE, 'failure', { message, name, step_id }, { up: ROOT });
      this.later(() => this.advanceSeq(FAILURE));
      return;
    }
    this.finishFlow('failure', errorResult(error));
  }

  finishFlow(status: 'success' | 'failure' | 'canceled', result: unknown): void {
    for (const job of Object.keys(this.state.jobs)) {
      this.emit({ type: 'cancel_job', job_id: job, reason: `the flow ended (${status})` });
    }
    this.state.jobs = {};
    for (const timer of Object.keys(this.state.timers)) this.clearTimer(timer);
    this.state.suspended = {};
    this.state.status = status;
    this.state.result = result;
    this.emit({ type: 'finish', status, result });
  }

  cancelFlow(reason: string): void {
    this.cancelUnder(ROOT, reason);
    if (FAILURE in this.state.nodes) this.cancelUnder(FAILURE, reason);
    this.finishFlow('canceled', { error: { name: 'Canceled', message: `the flow was canceled: ${reason}` } });
  }

  /**
   * Cancels everything still running below node `key` (not the node itself): step jobs get a
   * cancel_job, timers are cleared, running steps fail as canceled and their sequences stop.
   */
  cancelUnder(key: string, reason: string): void {
    const below = (k: string) => k.length > key.length && k.startsWith(key) && '/#@'.includes(k[key.length]);
    for (const [job, step] of Object.entries(this.state.jobs)) {
      if (!below(step)) continue;
      delete this.state.jobs[job];
      this.emit({ type: 'cancel_job', job_id: job, reason });
    }
    for (const [timer, ref] of Object.entries(this.state.timers)) if (below(ref.step)) this.clearTimer(timer);
    for (const [job, step] of Object.entries(this.state.suspended)) if (below(step)) delete this.state.suspended[job];
    for (const [k, node] of Object.entries(this.state.nodes)) {
      if (!below(k)) continue;
      if (node.k === 'seq' && node.status === 'running') node.status = 'canceled';
      if (node.k === 'step' && node.phase !== 'done') {
        node.phase = 'done';
        node.status = 'failure';
        node.message = `canceled: ${reason}`;
      }
    }
  }
}

function specOf(module: FlowModule): StepJobSpec {
  const v = module.value;
  switch (v.type) {
    case 'rawscript':
      return { kind: 'rawscript', language: v.language, content: v.content, ...(v.tag ? { tag: v.tag } : {}) };
    case 'script':
      return {
        kind: 'script',
        path: v.path,
        ...(v.hash ? { hash: v.hash } : {}),
        ...(v.tag_override ? { tag: v.tag_override } : {}),
      };
    case 'flow':
      return { kind: 'flow', path: v.path };
    default:
      throw new Error(`module ${module.id} of type ${v.type} runs no job`);
  }
}
