/* eslint-disable */
/**
 * Generated from flow.schema.json by scripts/generate.mjs (npm run generate -w openapi).
 * Do not edit: change the schema and regenerate.
 */

/**
 * This interface was referenced by `OpenFlow`'s JSON-Schema
 * via the `definition` "FlowModuleValue".
 */
export type FlowModuleValue =
  RawScript | PathScript | PathFlow | ForloopFlow | WhileloopFlow | BranchOne | BranchAll | Identity;
/**
 * This interface was referenced by `OpenFlow`'s JSON-Schema
 * via the `definition` "InputTransform".
 */
export type InputTransform = StaticTransform | JavascriptTransform;
/**
 * This interface was referenced by `OpenFlow`'s JSON-Schema
 * via the `definition` "NumberOrTransform".
 */
export type NumberOrTransform = number | InputTransform;

/**
 * A flow document in Windmill's OpenFlow shape. Objects accept properties that are not listed (a Windmill export carries editor and enterprise fields Runnel ignores); every listed property is checked.
 */
export interface OpenFlow {
  summary: string;
  description?: string;
  value: FlowValue;
  /**
   * JSON Schema of the flow's input.
   */
  schema?: {};
}
/**
 * The flow: `modules` run in order. `failure_module` runs when the flow fails, with `error` in scope, and its result becomes the flow's result (the flow stays failed). `early_return` names a top-level step whose result is returned to synchronous callers as soon as it is known. `preprocessor_module` and the concurrency, cache and priority fields are accepted for Windmill compatibility and not acted on.
 *
 * This interface was referenced by `OpenFlow`'s JSON-Schema
 * via the `definition` "FlowValue".
 */
export interface FlowValue {
  modules: FlowModule[];
  failure_module?: FlowModule;
  preprocessor_module?: FlowModule;
  /**
   * Id of a top-level step: its result is returned to synchronous callers as soon as it is known.
   */
  early_return?: string;
  /**
   * Inline Bun and Python steps run in a dedicated runtime: one process per step's code, kept warm by the worker for its next runs (docs/adr/0050). Deployed scripts the flow calls follow their own `dedicated`.
   */
  dedicated?: boolean;
  same_worker?: boolean;
  concurrent_limit?: number;
  concurrency_key?: string;
  concurrency_time_window_s?: number;
  skip_expr?: string;
  cache_ttl?: number;
  priority?: number;
  flow_env?: {
    [k: string]: string | undefined;
  };
}
/**
 * One step. `stop_after_if` is evaluated after the step with `result` in scope (on a loop: after each iteration, a break); `stop_after_all_iters_if` (loops, branchall) once every iteration ended, with `result` = the array of results. `sleep` is seconds to wait after the step, `timeout` seconds its job may run (each a number or an input transform).
 *
 * This interface was referenced by `OpenFlow`'s JSON-Schema
 * via the `definition` "FlowModule".
 */
export interface FlowModule {
  /**
   * Unique across the whole flow; results are read as `results.<id>`.
   */
  id: string;
  value: FlowModuleValue;
  summary?: string;
  stop_after_if?: StopAfterIf;
  stop_after_all_iters_if?: StopAfterIf;
  skip_if?: SkipIf;
  sleep?: NumberOrTransform;
  timeout?: NumberOrTransform;
  suspend?: Suspend;
  retry?: Retry;
  /**
   * Default false. When true a failure becomes the step's result and the flow goes on.
   */
  continue_on_error?: boolean;
  mock?: Mock;
  cache_ttl?: number;
  priority?: number;
  delete_after_use?: boolean;
}
/**
 * This interface was referenced by `OpenFlow`'s JSON-Schema
 * via the `definition` "RawScript".
 */
export interface RawScript {
  type: 'rawscript';
  content: string;
  language: 'bun' | 'deno' | 'python3' | 'bash' | 'nativets';
  input_transforms?: InputTransforms;
  path?: string | null;
  /**
   * The exact versions of the packages the step imports, set by the server at every deploy (a lock sent is ignored); absent when it imports none.
   */
  lock?: string | null;
  tag?: string | null;
}
/**
 * This interface was referenced by `OpenFlow`'s JSON-Schema
 * via the `definition` "InputTransforms".
 */
export interface InputTransforms {
  [k: string]: InputTransform | undefined;
}
/**
 * This interface was referenced by `OpenFlow`'s JSON-Schema
 * via the `definition` "StaticTransform".
 */
export interface StaticTransform {
  type: 'static';
  value?: unknown;
}
/**
 * This interface was referenced by `OpenFlow`'s JSON-Schema
 * via the `definition` "JavascriptTransform".
 */
export interface JavascriptTransform {
  type: 'javascript';
  expr: string;
}
/**
 * This interface was referenced by `OpenFlow`'s JSON-Schema
 * via the `definition` "PathScript".
 */
export interface PathScript {
  type: 'script';
  path: string;
  hash?: string | null;
  input_transforms?: InputTransforms;
  tag_override?: string | null;
}
/**
 * This interface was referenced by `OpenFlow`'s JSON-Schema
 * via the `definition` "PathFlow".
 */
export interface PathFlow {
  type: 'flow';
  path: string;
  input_transforms?: InputTransforms;
}
/**
 * `iterator` must evaluate to an array; `parallelism` (parallel loops) caps the iterations running at once, default all.
 *
 * This interface was referenced by `OpenFlow`'s JSON-Schema
 * via the `definition` "ForloopFlow".
 */
export interface ForloopFlow {
  type: 'forloopflow';
  modules: FlowModule[];
  iterator: InputTransform;
  /**
   * When true a failed iteration's error becomes its result and the loop goes on.
   */
  skip_failures?: boolean;
  /**
   * Default false.
   */
  parallel?: boolean;
  parallelism?: NumberOrTransform;
}
/**
 * Iterates until a step's stop_after_if, or the loop's own stop_after_if after an iteration, says stop.
 *
 * This interface was referenced by `OpenFlow`'s JSON-Schema
 * via the `definition` "WhileloopFlow".
 */
export interface WhileloopFlow {
  type: 'whileloopflow';
  modules: FlowModule[];
  skip_failures?: boolean;
  /**
   * Accepted for Windmill compatibility; iterations run one at a time.
   */
  parallel?: boolean;
  parallelism?: NumberOrTransform;
}
/**
 * This interface was referenced by `OpenFlow`'s JSON-Schema
 * via the `definition` "BranchOne".
 */
export interface BranchOne {
  type: 'branchone';
  branches: BranchOneBranch[];
  default: FlowModule[];
}
export interface BranchOneBranch {
  summary?: string;
  expr: string;
  modules: FlowModule[];
}
/**
 * This interface was referenced by `OpenFlow`'s JSON-Schema
 * via the `definition` "BranchAll".
 */
export interface BranchAll {
  type: 'branchall';
  branches: BranchAllBranch[];
  /**
   * Default false.
   */
  parallel?: boolean;
}
export interface BranchAllBranch {
  summary?: string;
  /**
   * Default false. When true a failed branch's error becomes its result and the others go on.
   */
  skip_failure?: boolean;
  modules: FlowModule[];
}
/**
 * This interface was referenced by `OpenFlow`'s JSON-Schema
 * via the `definition` "Identity".
 */
export interface Identity {
  type: 'identity';
  flow?: boolean;
}
/**
 * This interface was referenced by `OpenFlow`'s JSON-Schema
 * via the `definition` "StopAfterIf".
 */
export interface StopAfterIf {
  expr: string;
  /**
   * Default false.
   */
  skip_if_stopped?: boolean;
  /**
   * When set, stopping fails the flow with this message instead of ending it successfully.
   */
  error_message?: string;
}
/**
 * This interface was referenced by `OpenFlow`'s JSON-Schema
 * via the `definition` "SkipIf".
 */
export interface SkipIf {
  expr: string;
}
/**
 * Pause after the step until `required_events` approvals from distinct approvers arrive. An approver is the signed-in user, or else the name bound into the signed link when it was made (`resume_urls?approver=`), or else `anonymous`; each approver counts once, whatever number of links they hold. `user_groups_required` (Windmill's approver groups) is refused: Runnel has no user groups yet.
 *
 * This interface was referenced by `OpenFlow`'s JSON-Schema
 * via the `definition` "Suspend".
 */
export interface Suspend {
  /**
   * Distinct approvals needed to go on. Default 1.
   */
  required_events?: number;
  /**
   * Seconds to wait for the approvals before the step fails. Default 30 days.
   */
  timeout?: number;
  resume_form?: {
    schema?: {};
  };
  /**
   * Default false. When true, only a signed-in member of the workspace with the operator role or above may approve or reject, each member counting once; the link alone is not enough.
   */
  user_auth_required?: boolean;
  /**
   * Default false. When true, the user who started the run may not approve or reject it when signed in; with user_auth_required, that means never.
   */
  self_approval_disabled?: boolean;
  user_groups_required?: InputTransform;
}
/**
 * This interface was referenced by `OpenFlow`'s JSON-Schema
 * via the `definition` "Retry".
 */
export interface Retry {
  constant?: ConstantRetry;
  exponential?: ExponentialRetry;
  /**
   * Retry only when this expression is truthy; it sees `result` (the failed job's result).
   */
  retry_if?: {
    expr: string;
  };
}
export interface ConstantRetry {
  attempts?: number;
  seconds?: number;
}
/**
 * Delay before retry n (1-based, counted after the constant attempts) = multiplier * seconds ^ n, +/- random_factor %.
 */
export interface ExponentialRetry {
  attempts?: number;
  multiplier?: number;
  seconds?: number;
  random_factor?: number;
}
/**
 * This interface was referenced by `OpenFlow`'s JSON-Schema
 * via the `definition` "Mock".
 */
export interface Mock {
  enabled: boolean;
  return_value?: unknown;
}
