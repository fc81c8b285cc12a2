/**
 * What a handler returns: what to do next. Handlers (steps.ts, loops.ts, branches.ts,
 * after-work.ts, approvals-timers.ts) read the tree and change their own step's node, then return
 * actions; run.ts carries them out in order. Only run.ts emits commands, allocates step job and
 * timer ids, queues sequences, ends steps and finishes the flow, so no handler calls back into it.
 */
import type { FlowModule, FlowModuleValue } from '@runnel/api-contract';
import { ExpressionFailure } from './scope.js';
import type { SeqNode, StepError, TimerRef } from './state.js';
import type { Tree } from './tree.js';
import type { Command } from './types.js';

export type Action =
  /** Nothing more this time: the step waits (for jobs, children, approvals or a timer). */
  | { do: 'nothing' }
  /** Queue these sequences to run their next module (new iterations or branches). */
  | { do: 'advance'; seqs: string[] }
  /** Queue another job for this step (its first attempt or a retry). */
  | { do: 'run_job'; step: string }
  /** The step's own work succeeded with `result`: stop_after_if, suspend and sleep come next. */
  | { do: 'succeed'; step: string; result: unknown }
  /** The step is over: record its result and move its sequence on (or end it, on a stop). */
  | { do: 'finish'; step: string; stop?: { skipped: boolean } }
  /** The step failed; `fatal` failures fail the flow whatever the module options say. */
  | { do: 'fail'; step: string; error: StepError; fatal?: boolean }
  /** Arm a timer for this step; its id goes to `step.timer` (`step.suspend.timer` for a suspend). */
  | { do: 'set_timer'; step: string; kind: TimerRef['kind']; at: number }
  | { do: 'clear_timer'; timer: string }
  /** Tell the orchestrator that a step waits for approvals. */
  | { do: 'suspend'; command: Extract<Command, { type: 'suspend' }> }
  /** Cancel the whole run. */
  | { do: 'cancel_flow'; reason: string };

/** One action, or several carried out in order. */
export type Next = Action | Next[];

/** An event that does not apply: the stored state stays as it is and no command goes out. */
export type Refusal = { ignored: string } | { refused: string };

export function isRefusal(r: Next | Refusal): r is Refusal {
  return !Array.isArray(r) && ('ignored' in r || 'refused' in r);
}

export const nothing: Action = { do: 'nothing' };
export const advance = (seqs: string[]): Action => ({ do: 'advance', seqs });
export const runJob = (step: string): Action => ({ do: 'run_job', step });
export const succeed = (step: string, result: unknown): Action => ({ do: 'succeed', step, result });
export const finish = (step: string, stop?: { skipped: boolean }): Action =>
  stop ? { do: 'finish', step, stop } : { do: 'finish', step };
export const fail = (step: string, error: StepError, fatal = false): Action => ({ do: 'fail', step, error, fatal });

/** Runs `decide`; an expression failure in it fails step `key` instead (a `fail` action comes back). */
export function guarded<T>(tree: Tree, key: string, decide: () => T): T | Action {
  try {
    return decide();
  } catch (err) {
    if (!(err instanceof ExpressionFailure)) throw err;
    return fail(key, { name: err.name, message: err.message, step_id: tree.step(key).id });
  }
}

/** What expressions of a module see (scope.ts `scopeOf`). */
export type Scope = Record<string, unknown>;

/**
 * One module type's handler. run.ts keeps one table of them, by `value.type`; a handler never
 * calls another one: it returns what to do next.
 */
export interface ModuleHandler {
  /** The step's own work begins (its skip_if and mock are handled already). */
  start(tree: Tree, key: string, scope: Scope): Next;
  /** Containers: the modules child sequence `seq` of a step with this `value` runs. */
  children?(value: FlowModuleValue, seq: SeqNode): FlowModule[];
  /** Containers: child sequence `seqKey` of step `key` ran to its end. */
  childDone?(tree: Tree, key: string, seqKey: string): Next;
  /** Containers: child sequence `seqKey` of step `key` failed. */
  childFailed?(tree: Tree, key: string, seqKey: string, error: StepError, fatal: boolean): Next;
}
