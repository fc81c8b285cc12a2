import type { Suspend } from '@runnel/api-contract';
import { ajv, fieldErrors } from '@runnel/runtimes/args-schema';
import { ErrorCode, RunnelError } from '../common/errors.js';
import { describe } from '../common/validate.js';
import { compileSchema } from '../common/json-schema.js';
import type { JobRow } from '../jobs/job-row.js';
import { approverOf, checkAnswerer, type Answerer } from './approval-rules.js';
import type { ApprovalView } from './engine/index.js';

/** What the app shows of one approval step: the same for a member on the run page and for a link. */
export interface ApprovalInfo {
  job: string;
  flow_job: string;
  flow_path: string | null;
  step_id: string;
  state: ApprovalView['state'];
  message: string | null;
  required_events: number;
  approvers: string[];
  timeout_at: string;
  resume_form: Record<string, unknown> | null;
  user_auth_required: boolean;
  self_approval_disabled: boolean;
  started_by: string | null;
  answer_as: string;
  refusal: string | null;
}

export const approvalInfoSchema = {
  type: 'object',
  required: [
    'job',
    'flow_job',
    'flow_path',
    'step_id',
    'state',
    'message',
    'required_events',
    'approvers',
    'timeout_at',
    'resume_form',
    'user_auth_required',
    'self_approval_disabled',
    'started_by',
    'answer_as',
    'refusal',
  ],
  properties: {
    job: { type: 'string', format: 'uuid', description: 'The suspended step job: what approve and reject name.' },
    flow_job: { type: 'string', format: 'uuid' },
    flow_path: { type: ['string', 'null'], description: 'The flow; null for an unsaved flow (a preview).' },
    step_id: { type: 'string' },
    state: {
      type: 'string',
      enum: ['waiting', 'approved', 'rejected', 'timed_out', 'ended'],
      description: 'waiting, or how the wait ended (`ended`: the run ended around it, e.g. it was canceled).',
    },
    message: { type: ['string', 'null'], description: 'Why the step failed (a rejection, a timeout).' },
    required_events: { type: 'integer', description: 'Distinct approvals needed.' },
    approvers: { type: 'array', items: { type: 'string' }, description: 'Who approved so far, in order.' },
    timeout_at: { type: 'string', format: 'date-time', description: 'When the step fails if still waiting.' },
    resume_form: {
      type: ['object', 'null'],
      additionalProperties: true,
      description: "The JSON Schema of the approval's payload (`suspend.resume_form.schema`); null when none.",
    },
    user_auth_required: { type: 'boolean' },
    self_approval_disabled: { type: 'boolean' },
    started_by: { type: ['string', 'null'], description: 'The username of who started the run.' },
    answer_as: { type: 'string', description: 'Who this caller would be recorded as.' },
    refusal: {
      type: ['string', 'null'],
      description:
        'Why this caller may not answer now (the approval rules, or the step no longer waits); null when it may.',
    },
  },
} as const;

const ENDED: Record<Exclude<ApprovalView['state'], 'waiting'>, string> = {
  approved: 'this step was approved and the flow went on',
  rejected: 'this step was rejected',
  timed_out: 'this step was not approved in time',
  ended: 'this run ended before the step was approved',
};

/**
 * The approval as `a` sees it. `refusal` is what answering would meet now — the rules of
 * approval-rules.ts and the engine's one-approval-per-approver — said in advance so a page can
 * explain instead of offering a button that fails; the POST still judges under the row lock.
 */
export function approvalInfo(
  flow: JobRow,
  stepJob: string,
  view: ApprovalView,
  a: Answerer,
  startedBy: string | null,
): ApprovalInfo {
  const answerAs = approverOf(a);
  let refusal: string | null = null;
  if (view.state !== 'waiting') refusal = ENDED[view.state];
  else {
    try {
      checkAnswerer(view.suspend, view.id, a, flow.created_by);
      if (view.approvers.some((x) => x.toLowerCase() === answerAs.toLowerCase())) {
        refusal = `${answerAs} already approved step ${view.id}: another approver must answer`;
      }
    } catch (err) {
      if (!(err instanceof RunnelError)) throw err;
      refusal = err.message;
    }
  }
  return {
    job: stepJob,
    flow_job: flow.id,
    flow_path: flow.script_path,
    step_id: view.id,
    state: view.state,
    message: view.message ?? null,
    required_events: view.required,
    approvers: view.approvers,
    timeout_at: new Date(view.timeout_at).toISOString(),
    resume_form: formSchemaOf(view.suspend) ?? null,
    user_auth_required: view.suspend.user_auth_required === true,
    self_approval_disabled: view.suspend.self_approval_disabled === true,
    started_by: startedBy,
    answer_as: answerAs,
    refusal,
  };
}

function formSchemaOf(suspend: Suspend): Record<string, unknown> | undefined {
  const schema = (suspend.resume_form as { schema?: unknown } | undefined)?.schema;
  return schema && typeof schema === 'object' && !Array.isArray(schema)
    ? (schema as Record<string, unknown>)
    : undefined;
}

/**
 * The payload of an approval, checked against the step's resume form as job arguments are
 * against a script's (the app's form runs the same Ajv): a 400 whose `details` name the fields.
 * Defaults are filled in, so the next step sees what the form meant. No form, no check.
 */
export function checkPayload(suspend: Suspend, stepId: string, payload: unknown): unknown {
  const schema = formSchemaOf(suspend);
  if (!schema) return payload;
  const validate = compileSchema(schema);
  try {
    const value = structuredClone(payload ?? {});
    if (validate(value)) return value;
    const details = fieldErrors(validate.errors);
    throw new RunnelError(
      ErrorCode.InvalidArguments,
      `the approval of step ${stepId} does not fit its resume form: ${describe(details)}`,
      details,
    );
  } finally {
    // Compiled per approval (they are rare): Ajv must not keep every one.
    ajv.removeSchema(validate.schema);
  }
}
