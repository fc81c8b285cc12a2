import type { Access } from '../auth/path-access.js';
import { randomInt } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { roleAtLeast, type Caller } from '../auth/roles.js';
import { ErrorCode, RunnelError } from '../common/errors.js';
import { isFlowJob, type JobRow } from '../jobs/job-row.js';
import { JobsService } from '../jobs/jobs.service.js';
import { APPROVER_ROLE, approverOf, checkAnswerer, type Answerer } from './approval-rules.js';
import { approvalInfo, checkPayload, type ApprovalInfo } from './approval-view.js';
import { approvalOf, suspendedJobs, suspendedStep } from './engine/index.js';
import type { FlowEvent, FlowRunState, FlowValue } from './engine/types.js';
import { FlowOrchestrator } from './flow-orchestrator.js';

export type Answer = { type: 'resume'; payload: unknown } | { type: 'reject'; reason?: string };

/** Resume ids run to 2^32 - 1 (approval-links.ts); the app's own answers take a random one. */
const RESUME_ID_LIMIT = 2 ** 32;

/**
 * Approving and rejecting suspended steps, and what a page shows of them: for a signed-in member
 * in the app (by step job, ADR 0027) and for whoever holds a signed link (approval-links.ts).
 * Both answer through `answer`, so the rules (approval-rules.ts, the engine's one approval per
 * approver) and the resume form's check are the same whichever way an approval comes.
 */
@Injectable()
export class Approvals {
  constructor(
    @Inject(FlowOrchestrator) private readonly orchestrator: FlowOrchestrator,
    @Inject(JobsService) private readonly jobs: JobsService,
    @Inject(DataSource) private readonly db: DataSource,
  ) {}

  /** Approves or rejects step job `stepJob` as `answerer`, judged under the flow row's lock. */
  async answer(stepJob: string, resumeId: number, answerer: Answerer, answer: Answer) {
    const approver = approverOf(answerer);
    const event: Extract<FlowEvent, { type: 'resume' | 'reject' }> =
      answer.type === 'resume'
        ? { type: 'resume', job_id: stepJob, resume_id: resumeId, approver, payload: answer.payload }
        : { type: 'reject', job_id: stepJob, resume_id: resumeId, approver, reason: answer.reason };
    await this.orchestrator.resumeStep(stepJob, event, (flow) => {
      const step = suspendedStep(flow.flow_value as FlowValue, flow.flow_state as FlowRunState, stepJob);
      // Not suspended: the engine ignores the event and the caller hears 409.
      if (!step) return;
      checkAnswerer(step.suspend, step.id, answerer, flow.created_by);
      if (event.type === 'resume') event.payload = checkPayload(step.suspend, step.id, event.payload);
    });
    return { approver, resumeId };
  }

  /** A member's answer from the app: no link, so a fresh resume id; the member is the approver. */
  answerAsMember(access: Access, stepJob: string, caller: Caller, answer: Answer) {
    return this.jobs
      .readable(access, stepJob)
      .then(() => this.answer(stepJob, randomInt(RESUME_ID_LIMIT - 1), { caller }, answer));
  }

  /** The approval under step job `stepJob` as `answerer` would meet it; 404 when it is none. */
  async info(workspace: string, stepJob: string, answerer: Answerer): Promise<ApprovalInfo> {
    const step = await this.stepOf(workspace, stepJob);
    const flow = step.parent_job ? await this.jobs.get(workspace, step.parent_job) : undefined;
    const view = flow && approvalOf(flow.flow_value as FlowValue, flow.flow_state as FlowRunState, stepJob);
    if (!flow || !view) {
      throw new RunnelError(ErrorCode.NotFound, `job "${stepJob}" is not an approval step of a flow`);
    }
    return approvalInfo(flow, stepJob, view, answerer, await this.usernameOf(flow.created_by));
  }

  /** The steps of flow job `flowJob` that wait for approval now, as `caller` would meet them. */
  async pending(access: Access, flowJob: string, caller: Caller): Promise<ApprovalInfo[]> {
    const workspace = access.workspace;
    const flow = await this.jobs.readable(access, flowJob);
    if (!isFlowJob(flow)) {
      throw new RunnelError(ErrorCode.BadRequest, `job "${flowJob}" is a ${flow.kind} job, not a flow`);
    }
    if (flow.status !== 'running' || !flow.flow_state) return [];
    const startedBy = await this.usernameOf(flow.created_by);
    // The app's endpoints need the operator role, whatever the step's own rules.
    const roleRefusal = roleAtLeast(caller.role!, APPROVER_ROLE)
      ? null
      : `answering needs the ${APPROVER_ROLE} role or above in "${workspace}"; you are ${caller.role}`;
    return suspendedJobs(flow.flow_state as FlowRunState).flatMap((job) => {
      const view = approvalOf(flow.flow_value as FlowValue, flow.flow_state as FlowRunState, job);
      if (!view) return [];
      const info = approvalInfo(flow, job, view, { caller }, startedBy);
      return [{ ...info, refusal: info.refusal ?? roleRefusal }];
    });
  }

  private async stepOf(workspace: string, stepJob: string): Promise<JobRow> {
    return this.jobs.get(workspace, stepJob);
  }

  private async usernameOf(userId: string | null): Promise<string | null> {
    if (!userId) return null;
    const rows: { username: string }[] = await this.db.query('SELECT username FROM app_user WHERE id = $1', [userId]);
    return rows[0]?.username ?? null;
  }
}
