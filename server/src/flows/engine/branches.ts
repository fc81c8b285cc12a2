/**
 * branchone runs the first branch whose `expr` is truthy, else `default`; its result is that
 * branch's last result (the previous result for an empty branch), and a step that stops inside it
 * stops the sequence around the branchone too. branchall runs every branch, in parallel or one
 * after the other; its result is the array of each branch's last result, and a branch with
 * `skip_failure` contributes its error instead of failing the step. A stop inside a branchall
 * branch ends that branch only. Handlers return what to do next (next.ts); they never call into
 * run.ts.
 */
import type { BranchAll, BranchOne } from '@runnel/api-contract';
import { advance, fail, finish, guarded, nothing, succeed, type ModuleHandler, type Next } from './next.js';
import { evaluateExpr, truthy } from './scope.js';
import { branchKey, errorResult, json } from './state.js';
import type { Tree } from './tree.js';

export const branchOne: ModuleHandler = {
  start(tree, key, scope) {
    const step = tree.step(key);
    const v = tree.module(step).value as BranchOne;
    const i = guarded(tree, key, () =>
      v.branches.findIndex((b, i) => truthy(evaluateExpr(tree.ctx.evaluate, `branches[${i}].expr`, b.expr, scope))),
    );
    if (typeof i !== 'number') return i;
    const chosen: number | 'default' = i >= 0 ? i : 'default';
    step.phase = 'children';
    step.chosen = chosen;
    const seqKey = branchKey(key, chosen);
    step.children = [seqKey];
    tree.newSeq(seqKey, chosen === 'default' ? 'default' : 'branch', tree.seq(step.seq).prev, {
      parent: key,
      up: step.seq,
      ...(chosen === 'default' ? {} : { n: chosen }),
    });
    return advance([seqKey]);
  },

  children: (value, seq) => {
    const v = value as BranchOne;
    return seq.owner === 'default' ? v.default : v.branches[seq.n!].modules;
  },

  childDone(tree, key, seqKey) {
    const step = tree.step(key);
    if (step.phase !== 'children') return nothing;
    const seq = tree.seq(seqKey);
    if (seq.stopped) {
      // A stop inside the chosen branch stops the sequence around the branchone as well.
      step.result = json(seq.prev);
      step.status = 'success';
      step.message = 'a step in the branch stopped the flow';
      return finish(key, { skipped: false });
    }
    return succeed(key, json(seq.prev));
  },

  childFailed(tree, key, _seqKey, error, fatal) {
    if (tree.step(key).phase !== 'children') return nothing;
    return fail(key, error, fatal);
  },
};

function branchAllOf(tree: Tree, key: string): BranchAll {
  return tree.module(tree.step(key)).value as BranchAll;
}

/** Starts branches up to the limit; completes the step once nothing runs and nothing is left. */
function fillBranches(tree: Tree, key: string): Next {
  const step = tree.step(key);
  if (step.phase !== 'children') return nothing;
  const total = branchAllOf(tree, key).branches.length;
  const children = step.children!;
  const started: string[] = [];
  while (step.next! < total && step.active! < step.limit!) {
    const n = step.next!;
    const seqKey = branchKey(key, n);
    tree.newSeq(seqKey, 'branch', tree.seq(step.seq).prev, { parent: key, up: step.seq, n });
    children.push(seqKey);
    started.push(seqKey);
    step.next = n + 1;
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

export const branchAll: ModuleHandler = {
  start(tree, key) {
    const step = tree.step(key);
    const v = branchAllOf(tree, key);
    step.phase = 'children';
    step.children = [];
    step.next = 0;
    step.active = 0;
    step.limit = v.parallel ? Math.max(v.branches.length, 1) : 1;
    return fillBranches(tree, key);
  },

  children: (value, seq) => (value as BranchAll).branches[seq.n!].modules,

  childDone(tree, key) {
    const step = tree.step(key);
    if (step.phase !== 'children') return nothing;
    step.active! -= 1;
    return fillBranches(tree, key);
  },

  childFailed(tree, key, seqKey, error, fatal) {
    const step = tree.step(key);
    if (step.phase !== 'children') return nothing;
    if (!fatal) {
      const seq = tree.seq(seqKey);
      if (branchAllOf(tree, key).branches[seq.n!].skip_failure === true) {
        step.active! -= 1;
        seq.prev = errorResult(error);
        return fillBranches(tree, key);
      }
    }
    return fail(key, error, fatal);
  },
};
