/**
 * The pure flow engine: `(definition, state, event) → (state', commands)`. See README.md.
 * Nothing here performs I/O; ids, the clock and the expression sandbox come from EngineContext.
 */
import type { FlowValue, Suspend } from '@runnel/api-contract';
import { Run } from './run.js';
import { indexModules, type EngineState, type StepNode } from './state.js';
import type { EngineContext, FlowEvent, FlowRunState, Transition } from './types.js';

export { flowStatus } from './status-view.js';
export type * from './types.js';

/** Starts a run: the first steps' commands, and the state to store. */
export function startFlow(def: FlowValue, input: Record<string, unknown>, ctx: EngineContext): Transition {
  const state: EngineState = {
    v: 1,
    status: 'running',
    input: structuredClone(input ?? {}),
    nodes: {},
    jobs: {},
    timers: {},
    suspended: {},
  };
  const run = new Run(def, state, ctx);
  run.start();
  return { state, commands: run.commands };
}

/**
 * Applies one event. The stored state is not modified: the new one is a copy. An event that does
 * not apply (a duplicate or unknown job_done, a stale timer, a resume of a step that is not
 * suspended, anything after the run ended) comes back `ignored`, with the state unchanged.
 */
export function applyEvent(def: FlowValue, state: FlowRunState, event: FlowEvent, ctx: EngineContext): Transition {
  if (state.v !== 1) throw new Error(`unknown flow run state version ${String(state.v)}`);
  if (state.status !== 'running') return { state, commands: [], ignored: `the run is over (${state.status})` };
  const next = structuredClone(state) as EngineState;
  const run = new Run(def, next, ctx);
  const refusal = run.apply(event);
  if (refusal) return { state, commands: [], ...refusal };
  return { state: next, commands: run.commands };
}

/** Step job ids the run waits on: after a crash, a completed one among them is delivered again. */
export function awaitedJobs(state: FlowRunState): string[] {
  return Object.keys((state as EngineState).jobs ?? {});
}

/** Timers the run waits on (retry delays, sleeps, suspend timeouts). */
export function pendingTimers(state: FlowRunState): { timer_id: string; at: number }[] {
  return Object.entries((state as EngineState).timers ?? {}).map(([timer_id, t]) => ({ timer_id, at: t.at }));
}

/** Job ids of suspended steps, which resume URLs name. */
export function suspendedJobs(state: FlowRunState): string[] {
  return Object.keys((state as EngineState).suspended ?? {});
}

/** Where an approval stands: waiting, or how the wait ended (`ended`: the run ended around it). */
type ApprovalState = 'waiting' | 'approved' | 'rejected' | 'timed_out' | 'ended';

/** An approval step under job `jobId`, waiting or not: what the approval pages show. */
export interface ApprovalView {
  id: string;
  suspend: Suspend;
  state: ApprovalState;
  required: number;
  /** When the wait times out, in ms since the epoch. */
  timeout_at: number;
  approvers: string[];
  /** Why the step failed (a rejection, a timeout), in one line. */
  message?: string;
}

/** The approval step whose suspension is job `jobId`, whatever became of it; undefined if none. */
export function approvalOf(def: FlowValue, state: FlowRunState, jobId: string): ApprovalView | undefined {
  const engine = state as EngineState;
  const step = Object.values(engine.nodes ?? {}).find((n): n is StepNode => n.k === 'step' && n.suspend?.job === jobId);
  if (!step) return undefined;
  const s = step.suspend!;
  const waiting = engine.suspended?.[jobId] !== undefined;
  const view: ApprovalView = {
    id: step.id,
    suspend: indexModules(def).get(step.id)?.suspend ?? {},
    state: waiting ? 'waiting' : (s.outcome ?? 'ended'),
    required: s.required,
    timeout_at: s.timeout_at,
    approvers: s.approvals.map((a) => a.approver),
  };
  if (step.message) view.message = step.message;
  return view;
}

/** The step that waits for approval under job `jobId`: its id, `suspend` options and approvers so far. */
export function suspendedStep(
  def: FlowValue,
  state: FlowRunState,
  jobId: string,
): { id: string; suspend: Suspend; approvers: string[] } | undefined {
  const engine = state as EngineState;
  const key = engine.suspended?.[jobId];
  if (key === undefined) return undefined;
  const step = engine.nodes[key] as StepNode;
  return {
    id: step.id,
    suspend: indexModules(def).get(step.id)?.suspend ?? {},
    approvers: (step.suspend?.approvals ?? []).map((a) => a.approver),
  };
}
