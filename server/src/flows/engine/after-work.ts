/**
 * What follows a step's successful work, in this order: stop_after_if (stop_after_all_iters_if
 * for loops and branchall), suspend (approvals), sleep; then the step is over. The events a
 * suspended or sleeping step waits for are in approvals-timers.ts. Handlers return what to do next
 * (next.ts); they never call into run.ts.
 */
import type { Suspend } from '@runnel/api-contract';
import { fail, finish, guarded, type Action, type Next } from './next.js';
import { evaluateExpr, evaluateSeconds, scopeOf, truthy } from './scope.js';
import { DEFAULT_SUSPEND_TIMEOUT_S, json } from './state.js';
import type { Tree } from './tree.js';
import type { Command } from './types.js';

/** The step's own work succeeded with `result`. */
export function succeeded(tree: Tree, key: string, result: unknown): Next {
  const step = tree.step(key);
  step.result = json(result);
  const stop = stopAfter(tree, key);
  if (stop) return stop;
  const suspend = tree.module(step).suspend;
  if (suspend) return suspendStep(tree, key, suspend);
  return sleepThenFinish(tree, key);
}

/**
 * Does the step stop its sequence? Loops and branchall are checked with stop_after_all_iters_if
 * here (a loop's stop_after_if is its per-iteration break, see loops.ts). A stop with an error
 * message fails the flow. Undefined when the step goes on.
 */
function stopAfter(tree: Tree, key: string): Action | undefined {
  const step = tree.step(key);
  const module = tree.module(step);
  const container = step.type === 'forloopflow' || step.type === 'whileloopflow' || step.type === 'branchall';
  const cfg = container ? module.stop_after_all_iters_if : module.stop_after_if;
  const where = container ? 'stop_after_all_iters_if' : 'stop_after_if';
  if (!cfg) return undefined;
  const scope = scopeOf(tree.state, step.seq, { result: step.result });
  const stop = guarded(tree, key, () => truthy(evaluateExpr(tree.ctx.evaluate, where, cfg.expr, scope)));
  if (typeof stop !== 'boolean') return stop;
  if (!stop) return undefined;
  if (cfg.error_message !== undefined) {
    const message = `Flow early stop: ${cfg.error_message || cfg.expr}`;
    return fail(key, { name: 'EarlyStop', message, step_id: step.id }, true);
  }
  step.status = 'success';
  step.message = `${where} \`${cfg.expr}\` was true: stopped`;
  return finish(key, { skipped: cfg.skip_if_stopped === true });
}

/**
 * Suspends a step whose work succeeded until `required_events` approvals from distinct approvers
 * arrive, or fails it when the timeout fires first. A step that ran no job (identity, mock, a
 * loop or a branch) is suspended under a fresh id, announced with `inline` so the orchestrator can
 * make a step job row for it that resume URLs can name.
 */
function suspendStep(tree: Tree, key: string, cfg: Suspend): Next {
  const step = tree.step(key);
  let job = step.jobs.at(-1);
  const inline = job === undefined;
  if (job === undefined) {
    job = tree.ctx.newId();
    step.jobs.push(job);
  }
  const required = cfg.required_events ?? 1;
  const at = tree.ctx.now + (cfg.timeout ?? DEFAULT_SUSPEND_TIMEOUT_S) * 1000;
  step.phase = 'suspended';
  step.status = 'suspended';
  const command: Extract<Command, { type: 'suspend' }> = {
    type: 'suspend',
    job_id: job,
    step_id: step.id,
    required_events: required,
    timeout_at: at,
  };
  if (inline) command.inline = { result: json(step.result) };
  // `timer` is filled in by the set_timer action, which allocates the timer's id.
  step.suspend = { job, required, timeout_at: at, timer: '', approvals: [] };
  tree.state.suspended[job] = key;
  return [
    { do: 'suspend', command },
    { do: 'set_timer', step: key, kind: 'suspend', at },
  ];
}

/** After the step's approvals (if any): sleep if asked, then the step is over. */
export function sleepThenFinish(tree: Tree, key: string): Next {
  const step = tree.step(key);
  const sleep = tree.module(step).sleep;
  step.status = 'success';
  if (sleep !== undefined) {
    const scope = scopeOf(tree.state, step.seq, { result: step.result });
    const seconds = guarded(tree, key, () => evaluateSeconds(tree.ctx.evaluate, 'sleep', sleep, scope));
    if (typeof seconds !== 'number') return seconds;
    if (seconds > 0) {
      step.phase = 'sleeping';
      return { do: 'set_timer', step: key, kind: 'sleep', at: tree.ctx.now + seconds * 1000 };
    }
  }
  return finish(key);
}
