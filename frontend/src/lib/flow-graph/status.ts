/**
 * A flow run's progress → what each node of the graph shows: its status, its job, and for a loop
 * how many iterations ran and which one the body shows. Pure: the run page feeds it the
 * `flowProgress` subscription's values (or jobs_u/get's when the socket is down).
 */

/** What a step node shows during or after a run (`data-status`). */
export type StepStatus = 'waiting' | 'queued' | 'running' | 'suspended' | 'success' | 'failure' | 'skipped';

/** The engine's view of one module (the server's ModuleStatusView, jobs_u/get's `flow_status`). */
export interface ModuleView {
  id: string;
  type?: string;
  status: 'waiting' | 'running' | 'suspended' | 'success' | 'failure' | 'skipped';
  job?: string;
  jobs?: string[];
  message?: string;
  iterations?: { index: number; status: string; modules: ModuleView[] }[];
  branch_chosen?: number | 'default';
  branches?: { index: number | 'default'; status: string; modules: ModuleView[] }[];
  /** jobs_u/get only (Windmill's view): a loop's or branchall's job per iteration or branch. */
  flow_jobs?: string[];
}

/** What jobs_u/get names a loop that ended without running any job (Windmill's nil job). */
const NIL_JOB = '00000000-0000-0000-0000-000000000000';

/**
 * The module's own job. jobs_u/get (server/src/windmill/flow-status-view.ts) also gives a loop or
 * branchall the job of its latest iteration or branch, as Windmill's clients need: that one is
 * listed in `flow_jobs` and is not the step's own.
 */
export function ownJob(m: Pick<ModuleView, 'job' | 'flow_jobs'>): string | undefined {
  if (!m.job || m.job === NIL_JOB || m.flow_jobs?.includes(m.job)) return undefined;
  return m.job;
}

export interface FlowView {
  status: string;
  modules: ModuleView[];
  failure_module?: ModuleView;
}

/** One step job as flowProgress lists it; its status says queued or running. */
export interface StepJob {
  id: string;
  status: string;
}

export interface StepState {
  status: StepStatus;
  /** The job of the step (of the iteration shown, for a step inside a loop). */
  jobId?: string;
  /** Loops: how many iterations have started, and which one the body shows. */
  iterations?: number;
  iteration?: number;
  /** A step inside a loop: the (innermost) loop, and which of its iterations this state is of. */
  inIteration?: { loop: string; index: number; of: number };
  message?: string;
}

const FINAL = new Set(['success', 'failure', 'canceled']);

/**
 * Every step's state, by step id. `picked` says which iteration each loop shows (the newest by
 * default). Steps the run never reached show `waiting` while the flow runs and `skipped` after.
 */
export function stepStates(
  view: FlowView | null | undefined,
  jobs: readonly StepJob[],
  stepIds: readonly string[],
  flowStatus: string,
  picked: Readonly<Record<string, number>> = {},
): Record<string, StepState> {
  const jobStatus = new Map(jobs.map((j) => [j.id, j.status.toLowerCase()]));
  const out: Record<string, StepState> = {};
  const visit = (modules: ModuleView[], inIteration?: StepState['inIteration']) => {
    for (const m of modules) {
      const state: StepState = { status: m.status };
      if (inIteration) state.inIteration = inIteration;
      const job = ownJob(m);
      if (job) state.jobId = job;
      if (m.message) state.message = m.message;
      // The engine says running once it queued the job; the job itself knows whether a worker has it.
      if (m.status === 'running' && job && jobStatus.get(job) === 'queued') state.status = 'queued';
      out[m.id] = state;
      if (m.iterations) {
        state.iterations = m.iterations.length;
        if (m.iterations.length > 0) {
          const wanted = picked[m.id];
          const shown = m.iterations.find((i) => i.index === wanted) ?? m.iterations[m.iterations.length - 1]!;
          state.iteration = shown.index;
          visit(shown.modules, { loop: m.id, index: shown.index, of: m.iterations.length });
        }
      }
      for (const branch of m.branches ?? []) visit(branch.modules, inIteration);
    }
  };
  if (view) {
    visit(view.modules);
    if (view.failure_module) visit([view.failure_module]);
  }
  const unreached: StepStatus = FINAL.has(flowStatus.toLowerCase()) ? 'skipped' : 'waiting';
  for (const id of stepIds) out[id] ??= { status: unreached };
  return out;
}

/** Words for a status, as shown next to its icon (never colour alone). */
export const STATUS_TEXT: Record<StepStatus, string> = {
  waiting: 'waiting',
  queued: 'queued',
  running: 'running',
  suspended: 'waiting for approval',
  success: 'success',
  failure: 'failure',
  skipped: 'skipped',
};

export const STATUS_ICON: Record<StepStatus, string> = {
  waiting: '○',
  queued: '◔',
  running: '▶',
  // Not U+23F8 (⏸): Debian's default fonts lack it, and it showed as an empty box.
  suspended: '‖',
  success: '✓',
  failure: '✗',
  skipped: '⤼',
};
