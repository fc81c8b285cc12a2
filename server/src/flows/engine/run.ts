/**
 * One transition of a flow run. Run looks up the handler for the event or the module type in one
 * of two tables below, and carries out the actions the handler returns (next.ts): it alone emits
 * commands, allocates step job and timer ids, queues sequences, ends steps and sequences, cancels and
 * finishes the flow. Handlers never call back into it. Continuations go through a queue rather
 * than the call stack, so a while loop of a thousand inline steps does not recurse a thousand
 * levels deep.
 */
import type { FlowModule, FlowModuleValue, FlowValue } from '@runnel/api-contract';
import { succeeded } from './after-work.js';
import { onReject, onResume, onTimer } from './approvals-timers.js';
import { branchAll, branchOne } from './branches.js';
import { forLoop, whileLoop } from './loops.js';
import { advance, isRefusal, type ModuleHandler, type Next, type Refusal } from './next.js';
import { scopeOf } from './scope.js';
import { beforeWork, identityStep, jobSpec, jobStep, onJobDone } from './steps.js';
import {
  FAILURE,
  ROOT,
  errorResult,
  json,
  stepKey,
  type EngineState,
  type StepError,
  type StepNode,
  type TimerRef,
} from './state.js';
import { Tree } from './tree.js';
import type { Command, EngineContext, FlowEvent } from './types.js';

/** What starts a step of each module type, and what its child sequences (iterations, branches) run. */
const MODULES: Record<FlowModuleValue['type'], ModuleHandler> = {
  rawscript: jobStep,
  script: jobStep,
  flow: jobStep,
  identity: identityStep,
  forloopflow: forLoop,
  whileloopflow: whileLoop,
  branchone: branchOne,
  branchall: branchAll,
};

type EventHandler<E extends FlowEvent> = (tree: Tree, event: E) => Next | Refusal;

/** What each event does. */
const EVENTS: { [T in FlowEvent['type']]: EventHandler<Extract<FlowEvent, { type: T }>> } = {
  job_done: onJobDone,
  timer: onTimer,
  resume: onResume,
  reject: onReject,
  cancel: (_, event) => ({ do: 'cancel_flow', reason: event.reason }),
};

export class Run {
  readonly commands: Command[] = [];
  private readonly queue: (() => void)[] = [];
  private readonly tree: Tree;

  constructor(def: FlowValue, state: EngineState, ctx: EngineContext) {
    this.tree = new Tree(def, state, ctx);
  }

  private get state(): EngineState {
    return this.tree.state;
  }

  /** Starts the flow: its root sequence runs its first module. */
  start(): void {
    // As Windmill: the first step's previous_result is the flow input.
    this.tree.newSeq(ROOT, 'root', this.state.input);
    this.carry(advance([ROOT]));
    this.drain();
  }

  /** Applies one event; a refusal leaves the state and the commands untouched. */
  apply(event: FlowEvent): Refusal | undefined {
    const handler = EVENTS[event.type] as EventHandler<FlowEvent>;
    const next = handler(this.tree, event);
    if (isRefusal(next)) return next;
    this.carry(next);
    this.drain();
    return undefined;
  }

  // --- carrying out actions ----------------------------------------------------------------------

  private carry(next: Next): void {
    if (Array.isArray(next)) {
      for (const n of next) this.carry(n);
      return;
    }
    switch (next.do) {
      case 'nothing':
        return;
      case 'advance':
        for (const seq of next.seqs) this.later(() => this.advanceSeq(seq));
        return;
      case 'run_job':
        return this.runJob(next.step);
      case 'succeed':
        return this.carry(succeeded(this.tree, next.step, next.result));
      case 'finish':
        return this.stepFinished(next.step, next.stop);
      case 'fail':
        return this.stepFailed(next.step, next.error, next.fatal === true);
      case 'set_timer': {
        const id = this.setTimer(next.step, next.kind, next.at);
        const step = this.tree.step(next.step);
        if (next.kind === 'suspend') step.suspend!.timer = id;
        else step.timer = id;
        return;
      }
      case 'clear_timer':
        return this.clearTimer(next.timer);
      case 'suspend':
        return this.emit(next.command);
      case 'cancel_flow':
        return this.cancelFlow(next.reason);
    }
  }

  private emit(command: Command): void {
    this.commands.push(command);
  }

  private later(fn: () => void): void {
    this.queue.push(fn);
  }

  private drain(): void {
    for (let i = 0; i < this.queue.length && this.state.status === 'running'; i++) this.queue[i]();
    this.queue.length = 0;
  }

  private handlerOf(stepKey: string): ModuleHandler {
    return MODULES[this.tree.module(this.tree.step(stepKey)).value.type];
  }

  private setTimer(step: string, kind: TimerRef['kind'], at: number): string {
    const id = this.tree.ctx.newId();
    this.state.timers[id] = { at, step, kind };
    this.emit({ type: 'set_timer', timer_id: id, at });
    return id;
  }

  private clearTimer(id: string | undefined): void {
    if (id === undefined || !(id in this.state.timers)) return;
    delete this.state.timers[id];
    this.emit({ type: 'clear_timer', timer_id: id });
  }

  // --- sequences -------------------------------------------------------------------------------

  /** The modules a sequence runs. */
  private modulesOf(seqKey: string): FlowModule[] {
    const seq = this.tree.seq(seqKey);
    const def = this.tree.def;
    if (seq.owner === 'root') return def.modules;
    if (seq.owner === 'failure') return def.failure_module ? [def.failure_module] : [];
    const v = this.tree.module(this.tree.step(seq.parent!)).value;
    const children = MODULES[v.type].children;
    if (!children) throw new Error(`sequence ${seqKey} belongs to a ${v.type} module`);
    return children(v, seq);
  }

  private advanceSeq(key: string): void {
    const seq = this.tree.seq(key);
    if (seq.status !== 'running') return;
    const modules = this.modulesOf(key);
    if (seq.pos >= modules.length) this.seqDone(key);
    else this.startStep(key, modules[seq.pos], seq.pos);
  }

  private seqDone(key: string): void {
    const seq = this.tree.seq(key);
    if (seq.status !== 'running') return;
    seq.status = 'success';
    if (seq.owner === 'root') this.finishFlow('success', json(seq.prev));
    else if (seq.owner === 'failure') this.finishFlow('failure', json(seq.prev));
    else this.carry(this.handlerOf(seq.parent!).childDone!(this.tree, seq.parent!, key));
  }

  private seqFailed(key: string, error: StepError, fatal: boolean): void {
    const seq = this.tree.seq(key);
    if (seq.status !== 'running') return;
    seq.status = 'failure';
    seq.error = error;
    if (seq.owner === 'root') this.flowFailed(error);
    else if (seq.owner === 'failure') this.finishFlow('failure', errorResult(error));
    else this.carry(this.handlerOf(seq.parent!).childFailed!(this.tree, seq.parent!, key, error, fatal));
  }

  // --- steps -----------------------------------------------------------------------------------

  private startStep(seqKey: string, module: FlowModule, pos: number): void {
    const key = stepKey(seqKey, module.id);
    this.state.nodes[key] = {
      k: 'step',
      seq: seqKey,
      id: module.id,
      type: module.value.type,
      pos,
      phase: 'job',
      status: 'running',
      jobs: [],
    };
    const scope = scopeOf(this.state, seqKey);
    this.carry(beforeWork(this.tree, key, module, scope) ?? MODULES[module.value.type].start(this.tree, key, scope));
  }

  private runJob(key: string): void {
    const step = this.tree.step(key);
    const jobId = this.tree.ctx.newId();
    step.jobs.push(jobId);
    step.phase = 'job';
    step.status = 'running';
    this.state.jobs[jobId] = key;
    const command: Command = {
      type: 'run_job',
      job_id: jobId,
      step_id: step.id,
      spec: jobSpec(this.tree.module(step)),
      args: step.args ?? {},
    };
    if (step.timeout_s !== undefined) command.timeout_s = step.timeout_s;
    this.emit(command);
  }

  /** The step is over (success, skipped, or failed with continue_on_error): record it, go on. */
  private stepFinished(key: string, stop?: { skipped: boolean }): void {
    const step = this.tree.step(key);
    const seq = this.tree.seq(step.seq);
    step.phase = 'done';
    if (step.status === 'running' || step.status === 'suspended') step.status = 'success';
    const result = json(step.result);
    seq.results[step.id] = result;
    seq.prev = result;
    seq.pos = step.pos + 1;
    if (step.seq === ROOT && this.tree.def.early_return === step.id) {
      this.state.result = result;
      this.emit({ type: 'early_return', result });
    }
    if (stop) {
      seq.stopped = true;
      if (step.seq === ROOT) {
        this.state.stopped_early = true;
        if (stop.skipped) this.state.skipped = true;
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
  private stepFailed(key: string, error: StepError, fatal: boolean): void {
    const step: StepNode = this.tree.step(key);
    if (step.phase === 'done') return;
    step.status = 'failure';
    step.message = error.message.split('\n', 1)[0];
    this.cancelUnder(key, `step ${step.id} failed`);
    this.clearTimer(step.timer);
    if (step.suspend) {
      this.clearTimer(step.suspend.timer);
      delete this.state.suspended[step.suspend.job];
    }
    if (!fatal && this.tree.module(step).continue_on_error) {
      step.result = errorResult(error);
      return this.stepFinished(key);
    }
    step.phase = 'done';
    this.later(() => this.seqFailed(step.seq, error, fatal));
  }

  // --- the run as a whole ------------------------------------------------------------------------

  private flowFailed(error: StepError): void {
    this.cancelUnder(ROOT, 'the flow failed');
    if (this.tree.def.failure_module && !(FAILURE in this.state.nodes)) {
      this.state.error = error;
      const { message, name, step_id } = error;
      this.tree.newSeq(FAILURE, 'failure', { message, name, step_id }, { up: ROOT });
      this.later(() => this.advanceSeq(FAILURE));
      return;
    }
    this.finishFlow('failure', errorResult(error));
  }

  private finishFlow(status: 'success' | 'failure' | 'canceled', result: unknown): void {
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

  private cancelFlow(reason: string): void {
    this.cancelUnder(ROOT, reason);
    if (FAILURE in this.state.nodes) this.cancelUnder(FAILURE, reason);
    this.finishFlow('canceled', { error: { name: 'Canceled', message: `the flow was canceled: ${reason}` } });
  }

  /**
   * Cancels everything still running below node `key` (not the node itself): step jobs get a
   * cancel_job, timers are cleared, running steps fail as canceled and their sequences stop.
   */
  private cancelUnder(key: string, reason: string): void {
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
