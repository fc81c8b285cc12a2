/**
 * The contract between the pure flow engine and the server's orchestrator.
 *
 *   startFlow(def, input, ctx)          → Transition
 *   applyEvent(def, state, event, ctx)  → Transition
 *   flowStatus(def, state)              → FlowStatusView   (what jobs_u/get shows)
 *
 * The engine never performs I/O: it returns commands, and the orchestrator carries them out
 * in the same transaction that saves the new state (outbox). Every id, the clock and the
 * expression sandbox come in through EngineContext, so a transition is reproducible in tests.
 * The state is plain JSON: the orchestrator stores it as is and never looks inside, except
 * through the helpers exported from the engine (status, result, awaitedJobs).
 */
import type { FlowValue, RawScript } from '@runnel/api-contract';

export type { FlowValue };

/** Evaluates one JavaScript expression in a sandbox; throws an Error whose message says why. */
export type Evaluate = (expr: string, scope: Record<string, unknown>) => unknown;

export interface EngineContext {
  /** Milliseconds since the epoch. */
  now: number;
  /** A fresh UUID: job ids and timer ids are chosen by the engine so that commands carry them. */
  newId: () => string;
  evaluate: Evaluate;
}

export type FlowRunStatus = 'running' | 'success' | 'failure' | 'canceled';

/** Opaque to the orchestrator beyond these fields. */
export interface FlowRunState {
  status: FlowRunStatus;
  /** Set once the run is final (and for early_return, as soon as it is known). */
  result?: unknown;
  [key: string]: unknown;
}

export type StepJobSpec =
  | {
      kind: 'rawscript';
      language: RawScript['language'];
      content: string;
      tag?: string;
      /** The step's dependency lock, set at deploy (or for a preview, before it starts). */
      lock?: string;
    }
  | { kind: 'script'; path: string; hash?: string; tag?: string }
  | { kind: 'flow'; path: string };

export type Command =
  /** Create a step job (parent_job = this flow job, flow_step_id = step_id) and queue it. */
  | {
      type: 'run_job';
      job_id: string;
      step_id: string;
      spec: StepJobSpec;
      args: Record<string, unknown>;
      /** Seconds, from the module's `timeout`. */
      timeout_s?: number;
    }
  /** Deliver { type: 'timer', timer_id } at `at` (ms since the epoch), durably. */
  | { type: 'set_timer'; timer_id: string; at: number }
  | { type: 'clear_timer'; timer_id: string }
  /** Cancel a running step job (a parallel sibling after a failure, or the flow was canceled). */
  | { type: 'cancel_job'; job_id: string; reason: string }
  /** The flow's result is known before it ends (`early_return`): answer synchronous callers now. */
  | { type: 'early_return'; result: unknown }
  /** The step job `job_id` waits for approvals; resume URLs for it are now valid. */
  | {
      type: 'suspend';
      job_id: string;
      step_id: string;
      required_events: number;
      timeout_at: number;
      /**
       * Set when the step ran no job (identity, a mocked step, a loop or branch with `suspend`):
       * `job_id` is fresh, and no job row has it yet. Create one (parent_job = this flow job,
       * flow_step_id = step_id, already completed with `result`) so resume URLs can name it.
       */
      inline?: { result: unknown };
    }
  /** The run is over: the flow job takes this status and result. */
  | { type: 'finish'; status: Exclude<FlowRunStatus, 'running'>; result: unknown };

export type FlowEvent =
  | { type: 'job_done'; job_id: string; status: 'success' | 'failure' | 'canceled'; result: unknown }
  | { type: 'timer'; timer_id: string }
  /**
   * One approval of a suspended step. Towards required_events, a `resume_id` counts once and so
   * does an `approver` (without case). The orchestrator's caller vouches for `approver`: the
   * signed-in user, or the name signed into the link.
   */
  | { type: 'resume'; job_id: string; resume_id: number; approver: string; payload: unknown }
  /** A rejection of a suspended step: the flow fails as rejected. */
  | { type: 'reject'; job_id: string; resume_id: number; approver: string; reason?: string }
  | { type: 'cancel'; reason: string };

export interface Transition {
  state: FlowRunState;
  commands: Command[];
  /**
   * Set when the event changed nothing because it does not apply (a duplicate job_done, a
   * resume for a step that is not suspended, a stale timer). The orchestrator answers 409 to a
   * user's resume that is ignored, and drops other ignored events.
   */
  ignored?: string;
  /**
   * Set when a resume was refused by the step's approval rules (this approver already approved):
   * the state is unchanged and the orchestrator answers 403 with this message.
   */
  refused?: string;
}

export type StepStatus = 'waiting' | 'running' | 'suspended' | 'success' | 'failure' | 'skipped';

export interface ModuleStatusView {
  id: string;
  type: string;
  status: StepStatus;
  /** The latest step job of this module (every retry attempt is its own job). */
  job?: string;
  /** Every step job of this module, oldest first, when there was more than one. */
  jobs?: string[];
  /** forloopflow / whileloopflow: one entry per started iteration, in order. */
  iterations?: { index: number; status: StepStatus; modules: ModuleStatusView[] }[];
  /** branchall: every branch; branchone: the chosen one. */
  branches?: { index: number | 'default'; status: StepStatus; modules: ModuleStatusView[] }[];
  /** branchone: the index of the chosen branch, or 'default'. */
  branch_chosen?: number | 'default';
  /** suspend: approvals received so far. */
  approvers?: { resume_id: number; approver: string }[];
  /** Why the module failed or was skipped, in one line. */
  message?: string;
}

export interface FlowStatusView {
  status: FlowRunStatus;
  modules: ModuleStatusView[];
  failure_module?: ModuleStatusView;
}
