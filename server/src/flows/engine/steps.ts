/**
 * Steps that do their own work in their sequence: skip_if and mock (before any module's work),
 * rawscript / script / flow (a step job, its result, its retries) and identity. Handlers return
 * what to do next (next.ts); they never call into run.ts.
 */
import type { FlowModule } from '@runnel/api-contract';
import {
  fail,
  finish,
  guarded,
  runJob,
  succeed,
  type ModuleHandler,
  type Next,
  type Refusal,
  type Scope,
} from './next.js';
import { maxRetries, retryDelaySeconds } from './retry.js';
import { evaluateArgs, evaluateExpr, evaluateSeconds, scopeOf, truthy } from './scope.js';
import { errorFromResult, json, type StepError } from './state.js';
import type { Tree } from './tree.js';
import type { FlowEvent, StepJobSpec } from './types.js';

/**
 * What comes before a module's own work: skip_if (a skipped step passes the previous result on,
 * as in Windmill), then mock. Undefined when the module's own work should start.
 */
export function beforeWork(tree: Tree, key: string, module: FlowModule, scope: Scope): Next | undefined {
  const step = tree.step(key);
  const skip = guarded(
    tree,
    key,
    () =>
      module.skip_if !== undefined && truthy(evaluateExpr(tree.ctx.evaluate, 'skip_if', module.skip_if.expr, scope)),
  );
  if (typeof skip !== 'boolean') return skip;
  if (skip) {
    step.status = 'skipped';
    step.message = `skip_if \`${module.skip_if!.expr}\` was true`;
    step.result = json(tree.seq(step.seq).prev);
    return finish(key);
  }
  if (module.mock?.enabled) return succeed(key, json(module.mock.return_value));
  return undefined;
}

/** rawscript, script and flow: evaluate the arguments and the timeout, then run a step job. */
export const jobStep: ModuleHandler = {
  start(tree, key, scope) {
    const step = tree.step(key);
    const module = tree.module(step);
    const v = module.value;
    if (v.type !== 'rawscript' && v.type !== 'script' && v.type !== 'flow') {
      throw new Error(`module ${module.id} of type ${v.type} runs no job`);
    }
    return guarded(tree, key, () => {
      step.args = evaluateArgs(tree.ctx.evaluate, v.input_transforms, scope);
      const timeout =
        module.timeout === undefined ? 0 : evaluateSeconds(tree.ctx.evaluate, 'timeout', module.timeout, scope);
      if (timeout > 0) step.timeout_s = timeout;
      return runJob(key);
    });
  },
};

/** identity: its result is the previous result. */
export const identityStep: ModuleHandler = {
  start: (tree, key) => succeed(key, json(tree.seq(tree.step(key).seq).prev)),
};

/** What the orchestrator runs for a job step. */
export function jobSpec(module: FlowModule): StepJobSpec {
  const v = module.value;
  switch (v.type) {
    case 'rawscript':
      return {
        kind: 'rawscript',
        language: v.language,
        content: v.content,
        ...(v.tag ? { tag: v.tag } : {}),
        ...(v.lock ? { lock: v.lock } : {}),
      };
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

/** A step job ended: the step succeeded, retries, or failed. */
export function onJobDone(tree: Tree, event: Extract<FlowEvent, { type: 'job_done' }>): Next | Refusal {
  const key = tree.state.jobs[event.job_id];
  if (key === undefined) return { ignored: `job ${event.job_id} is not awaited by this run` };
  delete tree.state.jobs[event.job_id];
  const step = tree.step(key);
  if (event.status === 'success') return succeed(key, json(event.result));
  const error = errorFromResult(event.result, step.id, event.status === 'canceled' ? 'Canceled' : 'Error');
  if (event.status === 'failure') return retryOrFail(tree, key, event.job_id, event.result, error);
  return fail(key, error);
}

/** The next attempt of a failed step job, if its retry policy has one left; else the step fails. */
function retryOrFail(tree: Tree, key: string, failedJob: string, result: unknown, error: StepError): Next {
  const step = tree.step(key);
  const retry = tree.module(step).retry;
  const previousRetries = step.jobs.length - 1;
  if (previousRetries >= maxRetries(retry)) return fail(key, error);
  const delay = retryDelaySeconds(retry, previousRetries, failedJob);
  if (delay === undefined) return fail(key, error);
  if (retry?.retry_if) {
    const expr = retry.retry_if.expr;
    const scope = scopeOf(tree.state, step.seq, { result, error });
    const again = guarded(tree, key, () => truthy(evaluateExpr(tree.ctx.evaluate, 'retry.retry_if', expr, scope)));
    if (typeof again !== 'boolean') return again; // the step failed on the expression
    if (!again) return fail(key, error);
  }
  if (delay <= 0) return runJob(key);
  step.phase = 'retry_wait';
  return { do: 'set_timer', step: key, kind: 'retry', at: tree.ctx.now + delay * 1000 };
}
