/**
 * A test run's progress, step by step, from the flow job's `flow_status` (server/src/flows/engine/
 * status-view.ts): what the outline marks on each step. The engine says `waiting` where the issue's
 * vocabulary says `queued`; inside a loop a step shows its latest iteration.
 */
import { ownJob } from '$lib/flow-graph/status';

export type StepStatus = 'queued' | 'running' | 'suspended' | 'success' | 'failure' | 'skipped';

export interface StepRun {
  status: StepStatus;
  /** The step's latest job, whose args, result and logs the test panel shows. */
  job?: string;
  /** Loops: iterations started so far. */
  iterations?: number;
  message?: string;
}

interface ModuleView {
  id: string;
  status: string;
  job?: string;
  flow_jobs?: string[];
  message?: string;
  iterations?: { index: number; status: string; modules: ModuleView[] }[];
  branches?: { index: number | 'default'; status: string; modules: ModuleView[] }[];
}

const STATUSES = new Set<string>(['running', 'suspended', 'success', 'failure', 'skipped']);

function statusOf(s: string): StepStatus {
  return STATUSES.has(s) ? (s as StepStatus) : 'queued';
}

/** Every step's run, by id; steps the flow has not reached yet are absent. */
export function stepRuns(flowStatus: unknown): Record<string, StepRun> {
  const out: Record<string, StepRun> = {};
  const view = flowStatus as { modules?: ModuleView[]; failure_module?: ModuleView } | null | undefined;
  const visit = (m: ModuleView) => {
    const run: StepRun = { status: statusOf(m.status) };
    const job = ownJob(m);
    if (job) run.job = job;
    if (m.message) run.message = m.message;
    if (m.iterations) {
      run.iterations = m.iterations.length;
      for (const it of m.iterations) it.modules.forEach(visit);
    }
    for (const b of m.branches ?? []) b.modules.forEach(visit);
    // A later iteration's view of a step replaces the earlier one's.
    out[m.id] = run;
  };
  if (Array.isArray(view?.modules)) view.modules.forEach(visit);
  if (view?.failure_module && view.failure_module.status !== 'waiting') visit(view.failure_module);
  return out;
}
