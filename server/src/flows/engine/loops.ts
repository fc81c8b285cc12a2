/**
 * forloopflow and whileloopflow. Each iteration is a sequence of the loop's modules whose scope
 * adds `flow_input.iter = {value, index}`; the loop's result is the array of each iteration's last
 * result, in iteration order. The loop module's own stop_after_if is checked after every iteration
 * with `result` = that iteration's result and breaks the loop (this is how a while loop ends); a
 * step inside an iteration that stops (its stop_after_if) ends its iteration and breaks the loop too.
 */
import type { ForloopFlow, WhileloopFlow } from '@runnel/openapi';
import type { Run } from './run.js';
import { ExpressionFailure, describeValue, evaluateExpr, evaluateTransform, scopeOf, truthy } from './scope.js';
import { MAX_WHILE_ITERATIONS, errorResult, iterationKey, json, type StepError } from './state.js';

function loopOf(run: Run, key: string): ForloopFlow | WhileloopFlow {
  return run.module(run.step(key)).value as ForloopFlow | WhileloopFlow;
}

export function startLoop(run: Run, key: string, scope: Record<string, unknown>): void {
  const step = run.step(key);
  const v = loopOf(run, key);
  const ok = run.attempt(key, () => {
    if (v.type === 'forloopflow') {
      const items = evaluateTransform(run.ctx.evaluate, 'iterator', v.iterator, scope);
      if (!Array.isArray(items)) {
        throw new ExpressionFailure(`iterator: expected an array to iterate over, got ${describeValue(items)}`);
      }
      step.items = items.map(json);
      step.limit = v.parallel ? parallelismOf(run, v, scope, items.length) : 1;
    } else {
      // Each iteration needs the previous one's result to decide whether to go on.
      step.limit = 1;
    }
  });
  if (!ok) return;
  step.phase = 'children';
  step.children = [];
  step.next = 0;
  step.active = 0;
  fillLoop(run, key);
}

function parallelismOf(run: Run, v: ForloopFlow, scope: Record<string, unknown>, n: number): number {
  if (v.parallelism === undefined) return Math.max(n, 1);
  const p =
    typeof v.parallelism === 'number'
      ? v.parallelism
      : evaluateTransform(run.ctx.evaluate, 'parallelism', v.parallelism, scope);
  if (p === null || p === undefined) return Math.max(n, 1);
  if (typeof p !== 'number' || !Number.isInteger(p) || p < 1) {
    throw new ExpressionFailure(`parallelism: expected an integer >= 1, got ${describeValue(p)}`);
  }
  return p;
}

/** Starts iterations up to the loop's limit; completes the loop once nothing runs and nothing is left. */
function fillLoop(run: Run, key: string): void {
  const step = run.step(key);
  if (step.phase !== 'children') return;
  const children = step.children!;
  const total = step.type === 'forloopflow' ? step.items!.length : Infinity;
  while (!step.halt && step.next! < total && step.active! < step.limit!) {
    if (step.next! >= MAX_WHILE_ITERATIONS) {
      const message = `whileloopflow ${step.id} ran ${MAX_WHILE_ITERATIONS} iterations without stopping: give the loop module a stop_after_if, or a step in it one`;
      run.stepFailed(key, { name: 'LoopLimit', message, step_id: step.id });
      return;
    }
    startIteration(run, key, step.next!);
    step.next! += 1;
    step.active! += 1;
  }
  if (step.active === 0) {
    run.stepSucceeded(
      key,
      children.map((c) => json(run.seq(c).prev)),
    );
  }
}

function startIteration(run: Run, key: string, index: number): void {
  const step = run.step(key);
  const seqKey = iterationKey(key, index);
  const value = step.type === 'forloopflow' ? step.items![index] : index;
  run.newSeq(seqKey, 'iteration', run.seq(step.seq).prev, {
    parent: key,
    up: step.seq,
    n: index,
    iter: { value, index },
  });
  step.children!.push(seqKey);
  run.later(() => run.advanceSeq(seqKey));
}

export function onIterationDone(run: Run, key: string, seqKey: string): void {
  const step = run.step(key);
  if (step.phase !== 'children') return;
  step.active! -= 1;
  const seq = run.seq(seqKey);
  const brk = run.module(step).stop_after_if;
  if (seq.stopped) {
    step.halt = true;
  } else if (brk) {
    const scope = scopeOf(run.state, step.seq, { result: json(seq.prev) });
    let stop = false;
    const ok = run.attempt(key, () => {
      stop = truthy(evaluateExpr(run.ctx.evaluate, 'stop_after_if', brk.expr, scope));
    });
    if (!ok) return;
    if (stop) step.halt = true;
  }
  if (step.halt) step.message = `stopped after iteration ${seq.n}`;
  fillLoop(run, key);
}

export function onIterationFailed(run: Run, key: string, seqKey: string, error: StepError, fatal: boolean): void {
  const step = run.step(key);
  if (step.phase !== 'children') return;
  step.active! -= 1;
  if (!fatal && loopOf(run, key).skip_failures) {
    // The failed iteration's result is its error; the loop goes on.
    run.seq(seqKey).prev = errorResult(error);
    fillLoop(run, key);
    return;
  }
  run.stepFailed(key, error, fatal);
}
