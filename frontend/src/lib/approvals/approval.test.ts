import { describe, expect, it } from 'vitest';
import { approvalsKey, answerOutcome, endedText, progress, untilText, whoMayAnswer, type Approval } from './approval';

const base: Approval = {
  job: 'j1',
  flow_job: 'f1',
  flow_path: 'f/x',
  step_id: 'ask',
  state: 'waiting',
  message: null,
  required_events: 2,
  approvers: [],
  timeout_at: '2026-01-01T00:10:00.000Z',
  resume_form: null,
  user_auth_required: false,
  self_approval_disabled: false,
  started_by: 'olga',
  answer_as: 'admin',
  refusal: null,
};
const res = (status: number, error?: unknown) => ({ error, response: new Response(null, { status }) });

describe('approval texts', () => {
  it('says who may answer under each rule', () => {
    expect(whoMayAnswer(base)).toBe('Members with the operator role or above, and anyone holding an approval link.');
    expect(whoMayAnswer({ ...base, user_auth_required: true, self_approval_disabled: true })).toBe(
      'Signed-in members of the workspace with the operator role or above, except olga, who started this run.',
    );
    expect(whoMayAnswer({ ...base, self_approval_disabled: true, started_by: null })).toMatch(
      /signed in, whoever started this run may not\.$/,
    );
  });

  it('counts approvals and says when the wait ends', () => {
    expect(progress(base)).toBe('0 of 2 approvals so far');
    expect(progress({ ...base, required_events: 1, approvers: ['ann'] })).toBe('1 of 1 approval so far: ann');
    const t0 = Date.parse('2026-01-01T00:00:00Z');
    expect(untilText(base.timeout_at, t0)).toBe('in 10 min');
    expect(untilText(base.timeout_at, t0 + 600_000)).toBe('now');
    expect(untilText('2026-01-03T00:00:00Z', t0)).toBe('in 2 days');
  });

  it('explains why a step no longer waits', () => {
    expect(endedText(base)).toBe('');
    expect(endedText({ ...base, state: 'approved', approvers: ['ann', 'bob'] })).toBe(
      'Already approved by ann, bob: the flow went on.',
    );
    expect(endedText({ ...base, state: 'rejected', message: 'step ask was rejected by bob: no' })).toBe(
      'Already rejected: step ask was rejected by bob: no.',
    );
    expect(endedText({ ...base, state: 'timed_out', message: null })).toMatch(/^Expired/);
  });

  it("turns the server's answers into outcomes", () => {
    const err = (message: string) => ({ error: { code: 'x', message } });
    expect(answerOutcome({ data: { approver: 'ann' }, response: new Response() }, 'approve')).toEqual({
      kind: 'done',
      approver: 'ann',
    });
    expect(answerOutcome(res(400, err('bad')), 'approve').kind).toBe('invalid');
    expect(answerOutcome(res(403, err('self-approval is disabled')), 'reject')).toEqual({
      kind: 'error',
      message: 'Not allowed: self-approval is disabled',
    });
    expect(answerOutcome(res(409, err('not waiting')), 'approve')).toEqual({
      kind: 'error',
      message: 'Already answered: not waiting',
    });
    expect(answerOutcome(res(401, err('bad signature')), 'approve').kind).toBe('error');
  });

  it('keys a flow status by its suspended steps, nested ones too', () => {
    expect(approvalsKey(null)).toBe('');
    const status = {
      modules: [
        { status: 'success', job: 'a' },
        { status: 'suspended', job: 'b', approvers: [{}] },
        { status: 'running', iterations: [{ modules: [{ status: 'suspended', job: 'c' }] }] },
      ],
    };
    expect(approvalsKey(status)).toBe('b:1 c:0');
  });
});
