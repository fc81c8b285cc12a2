/**
 * The pure flow engine: `(definition, state, event) → (state', commands)`. See README.md.
 * Nothing here performs I/O; ids, the clock and the expression sandbox come from EngineContext.
 */
import type { FlowValue } from '@runnel/openapi';
import { onReject, onResume, onTimer } from './options.js';
import { Run } from './run.js';
import { ROOT, type EngineState } from './state.js';
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
  // As Windmill: the first step's previous_result is the flow input.
  run.newSeq(ROOT, 'root', state.input);
  run.later(() => run.advanceSeq(ROOT));
  run.drain();
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
  let ignored: string | undefined;
  switch (event.type) {
    case 'job_done':
      ignored = run.onJobDone(event);
      break;
    case 'timer':
      ignored = onTimer(run, event.timer_id);
      break;
    case 'resume':
      ignored = onResume(run, event);
      break;
    case 'reject':
      ignored = onReject(run, event);
      break;
    case 'cancel':
      run.cancelFlow(event.reason);
      break;
  }
  if (ignored !== undefined) return { state, commands: [], ignored };
  run.drain();
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
