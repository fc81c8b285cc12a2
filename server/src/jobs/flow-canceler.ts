import type { JobRow } from './job-row.js';

/**
 * What jobs/ needs of flows/: cancelling a flow job (`jobs_u/queue/cancel/{id}` on a flow run)
 * cancels its running steps through the flow engine. Declared here, implemented by
 * FlowOrchestrator and provided by AppModule under FLOW_CANCELER, so jobs/ imports nothing of
 * flows/ (docs/adr/0033-one-direction-jobs-flows.md).
 */
export interface FlowCanceler {
  /** Cancels flow job `id` and its running steps; the canceled row, or undefined if it had ended. */
  cancel(id: string, message: string): Promise<JobRow | undefined>;
}

export const FLOW_CANCELER = Symbol('FLOW_CANCELER');
