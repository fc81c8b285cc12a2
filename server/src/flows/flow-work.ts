import type { EncodedJob } from '../jobs/job-publisher.js';
import type { JobRow, RunOptions } from '../jobs/job-row.js';
import type { FlowEvent, FlowValue } from './engine/types.js';

/** The types FlowOrchestrator and FlowSteps share (so neither file imports the other). */

export interface NewFlowJob {
  id: string;
  workspace: string;
  kind: 'flow' | 'flowpreview';
  path: string | null;
  hash: string | null;
  value: FlowValue;
  args: Record<string, unknown>;
  userId: string | null;
  /** What started it (schedule, trigger); a schedule tick that already has its job answers Conflict. */
  options?: RunOptions;
  /** Set for a sub-flow: the flow job it is a step of. */
  parent_job?: string;
  step_id?: string;
}

/** The columns of a flow job the orchestrator reads under its row lock. */
export interface FlowJobRow {
  id: string;
  workspace_id: string;
  kind: string;
  status: string;
  script_path: string | null;
  flow_value: unknown;
  flow_state: unknown;
  parent_job: string | null;
  flow_step_id: string | null;
  created_by: string | null;
  started_at: Date | null;
}

/**
 * One unit of work inside an orchestration transaction. `check` runs once the flow row is locked
 * and may throw to refuse the event (an approver the step's rules do not allow).
 */
export type WorkItem = { job: string; event: FlowEvent; check?: (flow: FlowJobRow) => void } | { start: NewFlowJob };

/** What to do once the transaction has committed: the outbox's second half. */
export interface AfterCommit {
  publish: EncodedJob[];
  timers: number[];
  cancels: { id: string; reason: string }[];
  answered: JobRow[];
  /** Flows whose progress changed without ending: announced to live watchers (flowProgress). */
  progressed: string[];
  /** Events applied (or not) to flow runs, for metrics and logs: `outcome` is `running`, the final status, `ignored` or `refused`. */
  transitions: { flow: Pick<FlowJobRow, 'id'> & Partial<FlowJobRow>; event: string; outcome: string }[];
}
