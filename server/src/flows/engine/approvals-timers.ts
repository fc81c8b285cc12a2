/**
 * The events a waiting step gets: resume and reject of a suspended step (approvals), and timers
 * (a retry's delay, a sleep, a suspend's timeout). Each handler returns what to do next, or why
 * the event does not apply; it never calls into run.ts.
 */
import { sleepThenFinish } from './after-work.js';
import { fail, finish, runJob, type Next, type Refusal } from './next.js';
import { DEFAULT_SUSPEND_TIMEOUT_S, json } from './state.js';
import type { Tree } from './tree.js';
import type { FlowEvent } from './types.js';

/**
 * One approval. A resume id counts once (the same link again is ignored), and so does an
 * approver, compared without case: whoever holds several links of one step is still one approver.
 */
export function onResume(tree: Tree, event: Extract<FlowEvent, { type: 'resume' }>): Next | Refusal {
  const key = tree.state.suspended[event.job_id];
  if (key === undefined) return { ignored: `job ${event.job_id} is not waiting for approval` };
  const step = tree.step(key);
  const s = step.suspend!;
  if (s.approvals.some((a) => a.resume_id === event.resume_id)) {
    return { ignored: `resume_id ${event.resume_id} was already counted for job ${event.job_id}` };
  }
  const who = event.approver.toLowerCase();
  if (s.approvals.some((a) => a.approver.toLowerCase() === who)) {
    return {
      refused:
        `${event.approver} already approved step ${step.id}: each of its ${s.required} approvals must come ` +
        `from a different approver (${s.approvals.length} so far)`,
    };
  }
  s.approvals.push({ resume_id: event.resume_id, approver: event.approver, payload: json(event.payload) });
  if (s.approvals.length < s.required) return { do: 'nothing' };
  delete tree.state.suspended[s.job];
  s.outcome = 'approved';
  // What the steps after this one see as `resume` (the last payload) and `resumes` (all of them).
  tree.seq(step.seq).resume = {
    resume: s.approvals[s.approvals.length - 1].payload,
    resumes: s.approvals.map((a) => a.payload),
    approvers: s.approvals.map((a) => a.approver),
  };
  return [{ do: 'clear_timer', timer: s.timer }, sleepThenFinish(tree, key)];
}

/** A rejection fails the flow, whatever the module options say. */
export function onReject(tree: Tree, event: Extract<FlowEvent, { type: 'reject' }>): Next | Refusal {
  const key = tree.state.suspended[event.job_id];
  if (key === undefined) return { ignored: `job ${event.job_id} is not waiting for approval` };
  const step = tree.step(key);
  const message = `step ${step.id} was rejected by ${event.approver}${event.reason ? `: ${event.reason}` : ''}`;
  step.suspend!.outcome = 'rejected';
  return fail(key, { name: 'Rejected', message, step_id: step.id }, true);
}

export function onTimer(tree: Tree, event: Extract<FlowEvent, { type: 'timer' }>): Next | Refusal {
  const ref = tree.state.timers[event.timer_id];
  if (ref === undefined) return { ignored: `timer ${event.timer_id} is not pending` };
  delete tree.state.timers[event.timer_id];
  const step = tree.step(ref.step);
  switch (ref.kind) {
    case 'retry':
      step.timer = undefined;
      return runJob(ref.step);
    case 'sleep':
      step.timer = undefined;
      return finish(ref.step);
    case 'suspend': {
      const s = step.suspend!;
      delete tree.state.suspended[s.job];
      s.outcome = 'timed_out';
      const timeout = tree.module(step).suspend?.timeout ?? DEFAULT_SUSPEND_TIMEOUT_S;
      const message = `step ${step.id} was not approved within ${timeout}s: ${s.approvals.length} of ${s.required} approvals`;
      return fail(ref.step, { name: 'SuspendTimeout', message, step_id: step.id });
    }
  }
}
