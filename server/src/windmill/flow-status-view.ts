/**
 * The flow engine's per-module view (flows/engine/status-view.ts) in the words Windmill's clients
 * poll for: each module's `type` is its status (`InProgress`, `Success`, …), `job` its step job,
 * and a loop's or branchall's `flow_jobs` one job per iteration or branch. Such a container's
 * `job` is then its latest entry of `flow_jobs` (or NIL_JOB), as Windmill's clients need one to
 * follow it; it is not a job of the step's own (the app tells them apart: frontend flow-graph/status.ts).
 * A branchone gets no such `job`: Windmill's has a job of its own, which Runnel does not run. Pure.
 */
import type { FlowStatusView, ModuleStatusView, StepStatus } from '../flows/engine/types.js';

/** Windmill's `job` of a loop or branchall that finished without running any job. */
export const NIL_JOB = '00000000-0000-0000-0000-000000000000';

export const WINDMILL_MODULE_TYPES = [
  'WaitingForPriorSteps',
  'WaitingForEvents',
  'WaitingForExecutor',
  'InProgress',
  'Success',
  'Failure',
] as const;
export type WindmillModuleType = (typeof WINDMILL_MODULE_TYPES)[number];

type Children = { index: number | 'default'; status: StepStatus; modules: WindmillModule[] }[];

export interface WindmillModule extends Omit<ModuleStatusView, 'type' | 'iterations' | 'branches'> {
  /** Windmill's word for the status (Runnel's own stays in `status`). */
  type: WindmillModuleType;
  /** The module's kind (`rawscript`, `forloopflow`, …): the engine view's `type`. */
  module_type: string;
  iterations?: Children;
  branches?: Children;
  /** Loops and branchall: a job per iteration or branch, in order (see childJobs). */
  flow_jobs?: string[];
  flow_jobs_success?: boolean[];
  /** A step skipped by its skip_if. */
  skipped?: boolean;
}

export interface WindmillFlowStatus extends Omit<FlowStatusView, 'modules' | 'failure_module'> {
  /** The index of the first module that has not ended (the length of `modules` once all have). */
  step: number;
  modules: WindmillModule[];
  failure_module?: WindmillModule;
}

const ENDED: ReadonlySet<StepStatus> = new Set(['success', 'failure', 'skipped']);
const LOOPS = new Set(['forloopflow', 'whileloopflow']);

/**
 * `view` (null for a flow that has no status yet: no module) as Windmill's FlowStatus. `queued`:
 * the step jobs no worker has started, whose modules are `WaitingForExecutor`.
 */
export function windmillFlowStatus(view: FlowStatusView | null, queued: ReadonlySet<string>): WindmillFlowStatus {
  if (!view) return { status: 'running', step: 0, modules: [] };
  const { modules, failure_module, ...rest } = view;
  const step = modules.findIndex((m) => !ENDED.has(m.status));
  return {
    ...rest,
    step: step < 0 ? modules.length : step,
    modules: modules.map((m) => windmillModule(m, queued)),
    ...(failure_module ? { failure_module: windmillModule(failure_module, queued) } : {}),
  };
}

/** Every step job of `view` that a running module waits for: those to ask whether a worker took them. */
export function runningStepJobs(view: FlowStatusView | null): string[] {
  const out: string[] = [];
  const visit = (m: ModuleStatusView) => {
    if (m.status === 'running' && m.job) out.push(m.job);
    for (const child of [...(m.iterations ?? []), ...(m.branches ?? [])]) child.modules.forEach(visit);
  };
  view?.modules.forEach(visit);
  if (view?.failure_module) visit(view.failure_module);
  return out;
}

function windmillModule(m: ModuleStatusView, queued: ReadonlySet<string>): WindmillModule {
  const { type: moduleType, iterations, branches, ...rest } = m;
  const out: WindmillModule = { ...rest, type: typeOf(m, queued), module_type: moduleType };
  const convert = (children: NonNullable<ModuleStatusView['iterations' | 'branches']>): Children =>
    children.map((c) => ({ ...c, modules: c.modules.map((x) => windmillModule(x, queued)) }));
  if (iterations) out.iterations = convert(iterations);
  if (branches) out.branches = convert(branches);
  if (m.status === 'skipped') out.skipped = true;

  if (LOOPS.has(moduleType) || moduleType === 'branchall') {
    // Windmill's clients tell a loop by `flow_jobs` being there, so it always is on these.
    const { jobs, success } = childJobs((LOOPS.has(moduleType) ? out.iterations : out.branches) ?? []);
    out.flow_jobs = jobs;
    out.flow_jobs_success = success;
    out.job ??= jobs[jobs.length - 1] ?? (ENDED.has(m.status) ? NIL_JOB : undefined);
    if (out.job === undefined) delete out.job;
  }
  return out;
}

function typeOf(m: ModuleStatusView, queued: ReadonlySet<string>): WindmillModuleType {
  switch (m.status) {
    case 'waiting':
      return 'WaitingForPriorSteps';
    case 'suspended':
      return 'WaitingForEvents';
    case 'running':
      return m.job && queued.has(m.job) ? 'WaitingForExecutor' : 'InProgress';
    case 'success':
    case 'skipped':
      return 'Success';
    case 'failure':
      return 'Failure';
  }
}

/**
 * One job per iteration or branch, in order: the first step job inside it (Windmill runs each
 * iteration as a job of its own; here an iteration is its steps, and its first job stands for it).
 * The list only grows, as pollers expect (they track it by count): an iteration that ended
 * without a job is left out, and one that has none yet ends the list until it does.
 */
function childJobs(children: Children): { jobs: string[]; success: boolean[] } {
  const jobs: string[] = [];
  const success: boolean[] = [];
  for (const child of children) {
    const job = firstJob(child.modules);
    if (job) {
      jobs.push(job);
      success.push(child.status === 'success');
    } else if (!ENDED.has(child.status)) {
      break;
    }
  }
  return { jobs, success };
}

/** The first step job in `modules`; a container's own `job` (its latest) only when none of its children has one. */
function firstJob(modules: WindmillModule[]): string | undefined {
  for (const m of modules) {
    for (const child of [...(m.iterations ?? []), ...(m.branches ?? [])]) {
      const job = firstJob(child.modules);
      if (job) return job;
    }
    if (m.job && m.job !== NIL_JOB) return m.job;
  }
  return undefined;
}
