/**
 * forloopflow and whileloopflow. Each iteration is a sequence of the loop's modules whose scope
 * adds `flow_input.iter = {value, index}`; the loop's result is the array of each iteration's last
 * result, in iteration order. The loop module's own stop_after_if is checked after every iteration
 * with `result` = that iteration's result and breaks the loop (this is how a while loop ends); a
 * step inside an iteration that stops (its stop_after_if) ends its iteration and breaks the loop too.
 * Handlers return what to do next (next.ts); they never call into run.ts.
 */
import type { ForloopFlow, WhileloopFlow } from '@runnel/api-contract';
import { advance, fail, guarded, nothing, succeed, type ModuleHandler, type Next, type Scope } from './next.js';
import { ExpressionFailure, describeValue, evaluateExpr, evaluateTransform, scopeOf, truthy } from './scope.js';
import { MAX_WHILE_ITERATIONS, errorResult, iterationKey, json, type StepError } from './state.js';
import type { Tree } from './tree.js';

function loopOf(tree: Tree, key: string): ForloopFlow | WhileloopFlow {
  return tree.module(tree.step(key)).value as ForloopFlow | WhileloopFlow;
}

/** forloopflow: iterate over `iterator`'s array, `parallelism` iterations at a time when `parallel`. */
function startFor(tree: Tree, key: string, scope: Scope): Next {
  const step = tree.step(key);
  const v = loopOf(tree, key) as ForloopFlow;
  return guarded(tree, key, () => {
    const items = evaluateTransform(tree.ctx.evaluate, 'iterator', v.iterator, scope);
    if (!Array.isArray(items)) {
      throw new ExpressionFailure(`iterator: expected an array to iterate over, got ${describeValue(items)}`);
    }
    step.items = items.map(json);
    step.limit = v.parallel ? parallelismOf(tree, v, scope, items.length) : 1;
    return startChildren(tree, key);
  });
}

/** whileloopflow: one iteration at a time, as each needs the previous one's result to decide whether to go on. */
function startWhile(tree: Tree, key: string): Next {
  tree.step(key).limit = 1;
  return startChildren(tree, key);
}

function startChildren(tree: Tree, key: string): Next {
  const step = tree.step(key);
  step.phase = 'children';
  step.children = [];
  step.next = 0;
  step.active = 0;
  return fillLoop(tree, key);
}

function parallelismOf(tree: Tree, v: ForloopFlow, scope: Scope, n: number): number {
  if (v.parallelism === undefined) return Math.max(n, 1);
  const p =
    typeof v.parallelism === 'number'
      ? v.parallelism
      : evaluateTransform(tree.ctx.evaluate, 'parallelism', v.parallelism, scope);
  if (p === null || p === undefined) return Math.max(n, 1);
  if (typeof p !== 'number' || !Number.isInteger(p) || p < 1) {
    throw new ExpressionFailure(`parallelism: expected an integer >= 1, got ${describeValue(p)}`);
  }
  return p;
}

/** Starts iterations up to the loop's limit; completes the loop once nothing runs and nothing is left. */
function fillLoop(tree: Tree, key: string): Next {
  const step = tree.step(key);
  if (step.phase !== 'children') return nothing;
  const children = step.children!;
  const total = step.type === 'forloopflow' ? step.items!.length : Infinity;
  const started: string[] = [];
  while (!step.halt && step.next! < total && step.active! < step.limit!) {
    if (step.next! >= MAX_WHILE_ITERATIONS) {
      const message = `whileloopflow ${step.id} ran ${MAX_WHILE_ITERATIONS} iterations without stopping: give the loop module a stop_after_if, or a step in it one`;
      return [advance(started), fail(key, { name: 'LoopLimit', message, step_id: step.id })];
    }
    started.push(newIteration(tree, key, step.next!));
    step.next! += 1;
    step.active! += 1;
  }
  if (step.active === 0) {
    return succeed(
      key,
      children.map((c) => json(tree.seq(c).prev)),
    );
  }
  return advance(started);
}

function newIteration(tree: Tree, key: string, index: number): string {
  const step = tree.step(key);
  const seqKey = iterationKey(key, index);
  const value = step.type === 'forloopflow' ? step.items![index] : index;
  tree.newSeq(seqKey, 'iteration', tree.seq(step.seq).prev, {
    parent: key,
    up: step.seq,
    n: index,
    iter: { value, index },
  });
  step.children!.push(seqKey);
  return seqKey;
}

function iterationDone(tree: Tree, key: string, seqKey: string): Next {
  const step = tree.step(key);
  if (step.phase !== 'children') return nothing;
  step.active! -= 1;
  const seq = tree.seq(seqKey);
  const brk = tree.module(step).stop_after_if;
  if (seq.stopped) {
    step.halt = true;
  } else if (brk) {
    const scope = scopeOf(tree.state, step.seq, { result: json(seq.prev) });
    const stop = guarded(tree, key, () => truthy(evaluateExpr(tree.ctx.evaluate, 'stop_after_if', brk.expr, scope)));
    if (typeof stop !== 'boolean') return stop;
    if (stop) step.halt = true;
  }
  if (step.halt) step.message = `stopped after iteration ${seq.n}`;
  return fillLoop(tree, key);
}

function iterationFailed(tree: Tree, key: string, seqKey: string, error: StepError, fatal: boolean): Next {
  const step = tree.step(key);
  if (step.phase !== 'children') return nothing;
  step.active! -= 1;
  if (!fatal && loopOf(tree, key).skip_failures) {
    // The failed iteration's result is its error; the loop goes on.
    tree.seq(seqKey).prev = errorResult(error);
    return fillLoop(tree, key);
  }
  return fail(key, error, fatal);
}

const iterations: Omit<ModuleHandler, 'start'> = {
  children: (value) => (value as ForloopFlow | WhileloopFlow).modules,
  childDone: iterationDone,
  childFailed: iterationFailed,
};

export const forLoop: ModuleHandler = { start: startFor, ...iterations };
export const whileLoop: ModuleHandler = { start: startWhile, ...iterations };
