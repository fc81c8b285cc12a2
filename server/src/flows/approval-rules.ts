import type { Suspend } from '@runnel/api-contract';
import { roleAtLeast, type Caller, type Role } from '../auth/roles.js';
import { forbidden, unauthorized } from '../common/errors.js';

/** The least workspace role that may answer an approval of a step with `user_auth_required`. */
export const APPROVER_ROLE: Role = 'operator';

/** Who answers an approval link: the signed-in caller, the name signed into the link, both or neither. */
export interface Answerer {
  caller?: Caller;
  /** The name bound into the link when it was made (`resume_urls?approver=`). */
  linkName?: string;
}

/**
 * The approver recorded, and counted once towards `required_events`: the signed-in user, else the
 * name signed into the link, else `anonymous` (every unnamed link is the same one approver).
 */
export function approverOf(a: Answerer): string {
  return a.caller?.username ?? a.linkName ?? 'anonymous';
}

/**
 * Throws 401 or 403, saying why, unless the rules of the suspended step `stepId` let `a` answer
 * it (approve or reject, as in Windmill). `startedBy` is the user who started the run.
 */
export function checkAnswerer(suspend: Suspend, stepId: string, a: Answerer, startedBy: string | null): void {
  const { caller, linkName } = a;
  if (caller && linkName !== undefined && linkName.toLowerCase() !== caller.username.toLowerCase()) {
    throw forbidden(`this approval link was made for "${linkName}"; you are signed in as "${caller.username}"`);
  }
  if (suspend.user_groups_required) {
    throw forbidden(
      `step ${stepId} requires approvers from user groups (user_groups_required), which Runnel does not have: ` +
        'nobody can answer it through a link; cancel the flow run instead',
    );
  }
  if (suspend.user_auth_required) {
    if (!caller) {
      throw unauthorized(
        `step ${stepId} may only be answered by a signed-in member of the workspace: send ` +
          `"Authorization: Bearer <token>" of a user with the ${APPROVER_ROLE} role or above`,
      );
    }
    if (!roleAtLeast(caller.role!, APPROVER_ROLE)) {
      throw forbidden(
        `answering step ${stepId} needs the ${APPROVER_ROLE} role or above in "${caller.workspace}"; you are ${caller.role}`,
      );
    }
  }
  if (suspend.self_approval_disabled && caller && caller.userId === startedBy) {
    throw forbidden(
      `self-approval is disabled for step ${stepId}: ${caller.username} started this run, so another member must answer`,
    );
  }
}
