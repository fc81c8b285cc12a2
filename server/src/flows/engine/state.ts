/**
 * The run state: plain JSON the orchestrator stores as is. A run is a tree of sequences and steps
 * kept flat in `nodes`, keyed by paths that say where a node sits:
 *
 *   r                 the flow's modules (root sequence)
 *   r/b               step `b` of the root sequence
 *   r/b#0             iteration 0 of loop `b` (a sequence)
 *   r/b#0/c           step `c` inside that iteration
 *   r/d@1  r/d@d      branch 1 / the default branch of branch step `d`
 *   f  f/failure      the failure module, run as a sequence of one
 */
import type { FlowModule, FlowValue } from '@runnel/api-contract';
import type { FlowRunState, StepStatus } from './types.js';

export interface StepError {
  name: string;
  message: string;
  /** The innermost step that failed. */
  step_id: string;
  stack?: string;
}

/** What a failed step, a failed flow and a skipped failure hold as their result. */
interface ErrorResult {
  error: StepError;
}

export interface ResumeScope {
  /** The last approval's payload. */
  resume: unknown;
  /** Every approval's payload, in the order received. */
  resumes: unknown[];
  approvers: string[];
}

export type SeqOwner = 'root' | 'failure' | 'iteration' | 'branch' | 'default';

export interface SeqNode {
  k: 'seq';
  owner: SeqOwner;
  /** The container step this sequence belongs to (iterations and branches). */
  parent?: string;
  /** The sequence whose results and iteration this one also sees. */
  up?: string;
  /** Iteration index, or branch index. */
  n?: number;
  iter?: { value: unknown; index: number };
  /** Position of the module running now, or of the next one. */
  pos: number;
  /** `previous_result` for the module at `pos`; the sequence's result once it ended. */
  prev: unknown;
  results: Record<string, unknown>;
  resume?: ResumeScope;
  status: 'running' | 'success' | 'failure' | 'canceled';
  /** A step's stop_after_if ended this sequence early. */
  stopped?: boolean;
  error?: StepError;
}

export interface Approval {
  resume_id: number;
  approver: string;
  payload: unknown;
}

interface Suspension {
  job: string;
  required: number;
  timeout_at: number;
  timer: string;
  approvals: Approval[];
  /** How the wait ended; unset while waiting, and when the run ended around it (canceled). */
  outcome?: 'approved' | 'rejected' | 'timed_out';
}

type StepPhase =
  | 'job' // a step job runs
  | 'retry_wait' // waiting for the retry timer
  | 'children' // loop iterations or branches run
  | 'suspended'
  | 'sleeping'
  | 'done';

export interface StepNode {
  k: 'step';
  seq: string;
  id: string;
  type: string;
  pos: number;
  phase: StepPhase;
  status: StepStatus;
  message?: string;
  /** Every step job, oldest first; also the id a job-less step was suspended under. */
  jobs: string[];
  args?: Record<string, unknown>;
  timeout_s?: number;
  result?: unknown;
  /** Child sequence keys: iterations in order, or branches. */
  children?: string[];
  items?: unknown[];
  limit?: number;
  /** Child sequences running now. */
  active?: number;
  /** Loops: index of the next iteration to start; branchall: next branch. */
  next?: number;
  /** The loop broke (stop_after_if), or branchall must start no more branches. */
  halt?: boolean;
  chosen?: number | 'default';
  suspend?: Suspension;
  timer?: string;
}

type AnyNode = SeqNode | StepNode;

export interface TimerRef {
  at: number;
  step: string;
  kind: 'retry' | 'sleep' | 'suspend';
}

export interface EngineState extends FlowRunState {
  v: 1;
  input: Record<string, unknown>;
  nodes: Record<string, AnyNode>;
  /** Step jobs the run waits on → the step node's key. */
  jobs: Record<string, string>;
  timers: Record<string, TimerRef>;
  /** Suspended steps: the job id resume URLs name → the step node's key. */
  suspended: Record<string, string>;
  /** The error that sent the run to its failure module. */
  error?: StepError;
  stopped_early?: boolean;
  skipped?: boolean;
}

export const ROOT = 'r';
export const FAILURE = 'f';
export const MAX_WHILE_ITERATIONS = 10_000;
/** Default suspend timeout: 30 days. */
export const DEFAULT_SUSPEND_TIMEOUT_S = 30 * 24 * 3600;

// Ids are encoded so that a module id holding '/', '#' or '@' cannot be read as a path.
export const stepKey = (seq: string, id: string) => `${seq}/${encodeURIComponent(id)}`;
export const iterationKey = (step: string, index: number) => `${step}#${index}`;
export const branchKey = (step: string, branch: number | 'default') => `${step}@${branch === 'default' ? 'd' : branch}`;

/** Module definitions by id (ids are unique across a flow, which validateFlow checks). */
export function indexModules(def: FlowValue): Map<string, FlowModule> {
  const index = new Map<string, FlowModule>();
  const visit = (modules: FlowModule[]) => {
    for (const m of modules) {
      index.set(m.id, m);
      const v = m.value;
      if (v.type === 'forloopflow' || v.type === 'whileloopflow') visit(v.modules);
      if (v.type === 'branchone') visit(v.default);
      if (v.type === 'branchone' || v.type === 'branchall') for (const b of v.branches) visit(b.modules);
    }
  };
  visit(def.modules);
  if (def.failure_module) visit([def.failure_module]);
  return index;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** JSON has no undefined: what the engine stores, it stores as null. */
export function json(v: unknown): unknown {
  return v === undefined ? null : v;
}

/**
 * The error of a failed step job. Workers store `{error: {name, message, stack?}}`; anything
 * else is described as well as it can be.
 */
export function errorFromResult(result: unknown, stepId: string, fallbackName = 'Error'): StepError {
  if (isRecord(result) && isRecord(result.error)) {
    const e = result.error;
    const out: StepError = {
      name: typeof e.name === 'string' ? e.name : fallbackName,
      message: typeof e.message === 'string' ? e.message : JSON.stringify(e),
      // A sub-flow's error names its own step; in this flow, the failing step is the sub-flow step.
      step_id: stepId,
    };
    if (typeof e.stack === 'string') out.stack = e.stack;
    return out;
  }
  const message = typeof result === 'string' ? result : `step failed with result ${JSON.stringify(result ?? null)}`;
  return { name: fallbackName, message, step_id: stepId };
}

export function errorResult(error: StepError): ErrorResult {
  return { error };
}
