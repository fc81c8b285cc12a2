/**
 * branchone runs the first branch whose `expr` is truthy, else `default`; its result is that
 * branch's last result (the previous result for an empty branch), and a step that stops inside it
 * stops the sequence around the branchone too. branchall runs every branch, in parallel or one
 * after the other; its result is the array of each branch's last result, and a branch with
 * `skip_failure` contributes its error instead of failing the step. A stop inside a branchall
 * branch ends that branch only.
 */
import type { BranchAll } from '@runnel/openapi';
import type { Run } from './run.js';
import { evaluateExpr, truthy } from './scope.js';
import { branchKey, errorResult, json, type StepError } from './state.js';

export function startBranchOne(run: Run, key: string, scope: Record<string, unknown>): void {
  const step = run.step(key);
  const v = run.module(step).value;
  if (v.type !== 'branchone') throw new Error(`step ${step.id} is not a branchone`);
  let chosen: number | 'default' = 'default';
  const ok = run.attempt(key, () => {
    const i = v.branches.findIndex((b, i) =>
      truthy(evaluateExpr(run.ctx.evaluate, `branches[${i}].expr`, b.expr, scope)),
    );
    if (i >= 0) chosen = i;
  });
  if (!ok) return;
  step.phase = 'children';
  step.chosen = chosen;
  const seqKey = branchKey(key, chosen);
  step.children = [seqKey];
  run.newSeq(seqKey, chosen === 'default' ? 'default' : 'branch', run.seq(step.seq).prev, {
    parent: key,
    up: step.seq,
    ...(chosen === 'default' ? {} : { n: chosen }),
  });
  run.later(() => run.advanceSeq(seqKey));
}

export function startBranchAll(run: Run, key: string): void {
  const step = run.step(key);
  const v = branchAllOf(run, key);
  step.phase = 'children';
  step.children = [];
  step.next = 0;
  step.active = 0;
  step.limit = v.parallel ? Math.max(v.branches.length, 1) : 1;
  fillBranches(run, key);
}

function branchAllOf(run: Run, key: string): BranchAll {
  return run.module(run.step(key)).value as BranchAll;
}

function fillBranches(run: Run, key: string): void {
  const step = run.step(key);
  if (step.phase !== 'children') return;
  const total = branchAllOf(run, key).branches.length;
  const children = step.children!;
  while (step.next! < total && step.active! < step.limit!) {
    const n = step.next!;
    const seqKey = branchKey(key, n);
    run.newSeq(seqKey, 'branch', run.seq(step.seq).prev, { parent: key, up: step.seq, n });
    children.push(seqKey);
    run.later(() => run.advanceSeq(seqKey));
    step.next = n + 1;
    step.active! += 1;
  }
  if (step.active === 0) {
    run.stepSucceeded(
      key,
      children.map((c) => json(run.seq(c).prev)),
    );
  }
}

export function onBranchDone(run: Run, key: string, seqKey: string): void {
  const step = run.step(key);
  if (step.phase !== 'children') return;
  if (step.type === 'branchall') {
    step.active! -= 1;
    return fillBranches(run, key);
  }
  const seq = run.seq(seqKey);
  if (seq.stopped) {
    // A stop inside the chosen branch stops the sequence around the branchone as well.
    step.result = json(seq.prev);
    step.status = 'success';
    step.message = 'a step in the branch stopped the flow';
    return run.stepFinished(key, { stop: true });
  }
  run.stepSucceeded(key, json(seq.prev));
}

export function onBranchFailed(run: Run, key: string, seqKey: string, error: StepError, fatal: boolean): void {
  const step = run.step(key);
  if (step.phase !== 'children') return;
  if (step.type === 'branchall' && !fatal) {
    const seq = run.seq(seqKey);
    if (branchAllOf(run, key).branches[seq.n!].skip_failure === true) {
      step.active! -= 1;
      seq.prev = errorResult(error);
      return fillBranches(run, key);
    }
  }
  run.stepFailed(key, error, fatal);
}
