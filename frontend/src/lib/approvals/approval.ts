import { messageOf, type Schemas } from '$lib/api/client';

/** One approval step as the API shows it (listFlowApprovals, getApprovalByLink). */
export type Approval = Schemas['Approval'];

/** What answering gave: done, a payload the resume form refuses (a 400 by field), or a refusal said in words. */
export type AnswerOutcome =
  { kind: 'done'; approver: string } | { kind: 'invalid'; body: unknown } | { kind: 'error'; message: string };

/** Who may approve or reject, in a sentence. */
export function whoMayAnswer(a: Approval): string {
  const starter = a.started_by ? `${a.started_by}, who started this run` : 'whoever started this run';
  if (a.user_auth_required) {
    const who = 'Signed-in members of the workspace with the operator role or above';
    return a.self_approval_disabled ? `${who}, except ${starter}.` : `${who}.`;
  }
  const who = 'Members with the operator role or above, and anyone holding an approval link';
  return a.self_approval_disabled ? `${who}; signed in, ${starter} may not.` : `${who}.`;
}

/** "1 of 2 approvals so far: olga". */
export function progress(a: Approval): string {
  const n = `${a.approvers.length} of ${a.required_events} approval${a.required_events === 1 ? '' : 's'}`;
  return a.approvers.length ? `${n} so far: ${a.approvers.join(', ')}` : `${n} so far`;
}

/** "in 9 min" / "in 3 h" / "in 2 days" / "now": when a waiting step times out. */
export function untilText(at: string, now: number): string {
  const s = Math.round((Date.parse(at) - now) / 1000);
  if (s <= 0) return 'now';
  if (s < 60) return `in ${s} s`;
  if (s < 3600) return `in ${Math.round(s / 60)} min`;
  if (s < 2 * 86400) return `in ${Math.round(s / 3600)} h`;
  return `in ${Math.round(s / 86400)} days`;
}

/** Why the step no longer waits, said to whoever came to answer it; '' while it waits. */
export function endedText(a: Approval): string {
  switch (a.state) {
    case 'waiting':
      return '';
    case 'approved':
      return `Already approved${a.approvers.length ? ` by ${a.approvers.join(', ')}` : ''}: the flow went on.`;
    case 'rejected':
      return `Already rejected: ${a.message ?? 'the flow was stopped'}.`;
    case 'timed_out':
      return `Expired: ${a.message ?? 'the step was not approved in time'}.`;
    case 'ended':
      return 'This run ended before the step was approved; nothing is left to answer.';
  }
}

/** An answer's HTTP outcome in words a person can act on. */
export function answerOutcome(
  res: { data?: { approver: string }; error?: unknown; response: Response },
  what: 'approve' | 'reject',
): AnswerOutcome {
  if (res.data) return { kind: 'done', approver: res.data.approver };
  const { status } = res.response;
  const message = messageOf(res.error, res.response);
  if (status === 400 && what === 'approve') return { kind: 'invalid', body: res.error };
  if (status === 401) return { kind: 'error', message: `Not signed in, or the link is not valid: ${message}` };
  if (status === 403) return { kind: 'error', message: `Not allowed: ${message}` };
  if (status === 404) return { kind: 'error', message: `Not found: ${message}` };
  if (status === 409) return { kind: 'error', message: `Already answered: ${message}` };
  return { kind: 'error', message: `Could not ${what}: ${message}` };
}

interface StatusNode {
  status?: string;
  job?: string;
  approvers?: unknown[];
  iterations?: { modules?: StatusNode[] }[];
  branches?: { modules?: StatusNode[] }[];
}

/**
 * What of a flow's status (`flow_status` of jobs_u/get) concerns approvals: the suspended steps'
 * jobs and approval counts. When it changes, the waiting approvals are asked for again.
 */
export function approvalsKey(flowStatus: unknown): string {
  const keys: string[] = [];
  const walk = (modules: StatusNode[] | undefined) => {
    for (const m of modules ?? []) {
      if (m.status === 'suspended') keys.push(`${m.job}:${m.approvers?.length ?? 0}`);
      for (const child of [...(m.iterations ?? []), ...(m.branches ?? [])]) walk(child.modules);
    }
  };
  const status = flowStatus as { modules?: StatusNode[]; failure_module?: StatusNode } | null | undefined;
  walk(status?.modules);
  if (status?.failure_module) walk([status.failure_module]);
  return keys.join(' ');
}
