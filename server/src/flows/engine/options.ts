/**
 * What happens around a step's own work: stop_after_if, suspend (approvals), sleep, and the
 * timers and approval events they wait on. Retries are in Run.retry, next to the job they repeat.
 */
import type { Suspend } from '@runnel/openapi';
import type { Run } from './run.js';
import { evaluateExpr, evaluateSeconds, scopeOf, truthy } from './scope.js';
import { DEFAULT_SUSPEND_TIMEOUT_S, json } from './state.js';
import type { Command, FlowEvent } from './types.js';

/**
 * After a step succeeded: does it stop its sequence? Loops and branchall are checked with
 * stop_after_all_iters_if here (a loop's stop_after_if is its per-iteration break, see loops.ts).
 * 'failed' when the expression failed or the stop carries an error message (the step failed).
 */
export function evaluateStop(run: Run, key: string): false | 'failed' | { message: string; skipped: boolean } {
  const step = run.step(key);
  const module = run.module(step);
  const container = step.type === 'forloopflow' || step.type === 'whileloopflow' || step.type === 'branchall';
  const cfg = container ? module.stop_after_all_iters_if : module.stop_after_if;
  const where = container ? 'stop_after_all_iters_if' : 'stop_after_if';
  if (!cfg) return false;
  let stop = false;
  const scope = scopeOf(run.state, step.seq, { result: step.result });
  if (!run.attempt(key, () => (stop = truthy(evaluateExpr(run.ctx.evaluate, where, cfg.expr, scope))))) return 'failed';
  if (!stop) return false;
  if (cfg.error_message !== undefined) {
    const message = `Flow early stop: ${cfg.error_message || cfg.expr}`;
    run.stepFailed(key, { name: 'EarlyStop', message, step_id: step.id }, true);
    return 'failed';
  }
  return { message: `${where} \`${cfg.expr}\` was true: stopped`, skipped: cfg.skip_if_stopped === true };
}

/**
 * Suspends a step whose work succeeded until `required_events` distinct approvals arrive, or
 * fails it when the timeout fires first. A step that ran no job (identity, mock, a loop or a
 * branch) is suspended under a fresh id, announced with `inline` so the orchestrator can make a
 * step job row for it that resume URLs can name.
 */
export function suspendStep(run: Run, key: string, cfg: Suspend): void {
  const step = run.step(key);
  let job = step.jobs.at(-1);
  const inline = job === undefined;
  if (job === undefined) {
    job = run.ctx.newId();
    step.jobs.push(job);
  }
  const required = cfg.required_events ?? 1;
  const at = run.ctx.now + (cfg.timeout ?? DEFAULT_SUSPEND_TIMEOUT_S) * 1000;
  step.phase = 'suspended';
  step.status = 'suspended';
  const command: Command = {
    type: 'suspend',
    job_id: job,
    step_id: step.id,
    required_events: required,
    timeout_at: at,
  };
  if (inline) command.inline = { result: json(step.result) };
  run.emit(command);
  const timer = run.setTimer(key, 'suspend', at);
  step.suspend = { job, required, timeout_at: at, timer, approvals: [] };
  run.state.suspended[job] = key;
}

/** After the step's approvals (if any): sleep if asked, then the step is over. */
export function afterSuspend(run: Run, key: string): void {
  const step = run.step(key);
  const sleep = run.module(step).sleep;
  step.status = 'success';
  if (sleep !== undefined) {
    let seconds = 0;
    const scope = scopeOf(run.state, step.seq, { result: step.result });
    if (!run.attempt(key, () => (seconds = evaluateSeconds(run.ctx.evaluate, 'sleep', sleep, scope)))) return;
    if (seconds > 0) {
      step.phase = 'sleeping';
      step.timer = run.setTimer(key, 'sleep', run.ctx.now + seconds * 1000);
      return;
    }
  }
  run.stepFinished(key);
}

export function onResume(run: Run, event: Extract<FlowEvent, { type: 'resume' }>): string | undefined {
  const key = run.state.suspended[event.job_id];
  if (key === undefined) return `job ${event.job_id} is not waiting for approval`;
  const step = run.step(key);
  const s = step.suspend!;
  if (s.approvals.some((a) => a.resume_id === event.resume_id)) {
    return `resume_id ${event.resume_id} was already counted for job ${event.job_id}`;
  }
  s.approvals.push({ resume_id: event.resume_id, approver: event.approver, payload: json(event.payload) });
  if (s.approvals.length < s.required) return undefined;
  delete run.state.suspended[s.job];
  run.clearTimer(s.timer);
  // What the steps after this one see as `resume` (the last payload) and `resumes` (all of them).
  run.seq(step.seq).resume = {
    resume: s.approvals[s.approvals.length - 1].payload,
    resumes: s.approvals.map((a) => a.payload),
    approvers: s.approvals.map((a) => a.approver),
  };
  afterSuspend(run, key);
  return undefined;
}

export function onReject(run: Run, event: Extract<FlowEvent, { type: 'reject' }>): string | undefined {
  const key = run.state.suspended[event.job_id];
  if (key === undefined) return `job ${event.job_id} is not waiting for approval`;
  const step = run.step(key);
  const message = `step ${step.id} was rejected by ${event.approver}${event.reason ? `: ${event.reason}` : ''}`;
  run.stepFailed(key, { name: 'Rejected', message, step_id: step.id }, true);
  return undefined;
}

export function onTimer(run: Run, timerId: string): string | undefined {
  const ref = run.state.timers[timerId];
  if (ref === undefined) return `timer ${timerId} is not pending`;
  delete run.state.timers[timerId];
  const step = run.step(ref.step);
  switch (ref.kind) {
    case 'retry':
      step.timer = undefined;
      run.runJob(ref.step);
      break;
    case 'sleep':
      step.timer = undefined;
      run.stepFinished(ref.step);
      break;
    case 'suspend': {
      const s = step.suspend!;
      delete run.state.suspended[s.job];
      const timeout = run.module(step).suspend?.timeout ?? DEFAULT_SUSPEND_TIMEOUT_S;
      const message = `step ${step.id} was not approved within ${timeout}s: ${s.approvals.length} of ${s.required} approvals`;
      run.stepFailed(ref.step, { name: 'SuspendTimeout', message, step_id: step.id });
      break;
    }
  }
  return undefined;
}
