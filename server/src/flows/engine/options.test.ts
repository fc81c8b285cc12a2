import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { approvalOf, pendingTimers } from './index.js';
import { retryDelaySeconds } from './retry.js';
import { Driver, fail, flowOf, loadFlow, sandbox, type RunJob } from './testing/driver.js';
import type { Command, Evaluate } from './types.js';

let evaluate: Evaluate;
let dispose: () => void;
before(async () => ({ evaluate, dispose } = await sandbox()));
after(() => dispose());

const script = (id: string, extra: Record<string, unknown> = {}, transforms: Record<string, unknown> = {}) => ({
  id,
  ...extra,
  value: { type: 'script', path: `f/${id}`, input_transforms: transforms },
});
const js = (expr: string) => ({ type: 'javascript', expr });

test('retry constant: every attempt is a new job after `seconds`, then the step fails', () => {
  const def = flowOf([script('a', { retry: { constant: { attempts: 2, seconds: 5 } } }, { x: js('1 + 1') })]);
  const d = new Driver(def, evaluate, { a: fail('flaky') }).start().run();
  const jobs = d.jobsOf('a');
  assert.equal(jobs.length, 3, 'one attempt and two retries');
  assert.equal(new Set(jobs.map((j) => j.job_id)).size, 3);
  assert.ok(jobs.every((j) => j.args.x === 2));
  assert.deepEqual(
    d.timers.map((t) => t.delay_s),
    [5, 5],
  );
  assert.equal(d.state.status, 'failure');
  const a = d.status().modules[0];
  assert.deepEqual(
    a.jobs,
    jobs.map((j) => j.job_id),
  );
  assert.equal(a.job, jobs[2].job_id);
});

test('retry exponential: delay = multiplier * seconds ^ n; a success stops the retries', () => {
  const def = flowOf([
    script('a', { retry: { exponential: { attempts: 4, multiplier: 2, seconds: 3 } } }),
    script('b'),
  ]);
  const d = new Driver(def, evaluate, {
    a: (_: RunJob, attempt: number) => (attempt < 4 ? fail('not yet') : 'ok'),
    b: 'B',
  });
  d.start().run();
  assert.deepEqual(
    d.timers.map((t) => t.delay_s),
    [6, 18, 54],
  );
  assert.deepEqual(d.steps(), ['a', 'a', 'a', 'a', 'b']);
  assert.equal(d.state.status, 'success');
});

test('retry exponential with random_factor: jitter within bounds, a function of the job id', () => {
  const retry = { exponential: { attempts: 3, multiplier: 1, seconds: 10, random_factor: 50 } };
  for (const seed of ['job-1', 'job-2', 'job-3', 'job-4']) {
    const s = retryDelaySeconds(retry, 0, seed)!;
    assert.ok(s >= 5 && s <= 15, `${s} within 10 ± 50%`);
    assert.equal(retryDelaySeconds(retry, 0, seed), s, 'same job id, same delay');
  }
  assert.equal(retryDelaySeconds(retry, 3, 'x'), undefined, 'no attempt left');
  assert.equal(
    retryDelaySeconds(
      { constant: { attempts: 1, seconds: 2 }, exponential: { attempts: 1, multiplier: 1, seconds: 3 } },
      1,
      'x',
    ),
    9,
  );
});

test('retry_if: only failures the expression accepts are retried', () => {
  const def = flowOf([
    script('a', { retry: { constant: { attempts: 5, seconds: 0 }, retry_if: { expr: 'error.name === "Timeout"' } } }),
  ]);
  const d = new Driver(def, evaluate, {
    a: (_: RunJob, attempt: number) => (attempt === 1 ? fail('slow', 'Timeout') : fail('bad', 'ValueError')),
  });
  d.start().run();
  assert.equal(d.jobsOf('a').length, 2, 'a zero delay retries at once, without a timer');
  assert.deepEqual(d.timers, []);
  assert.deepEqual(d.state.result, { error: { name: 'ValueError', message: 'bad', step_id: 'a' } });
});

test('sleep: a timer after the step, static or computed from its result', () => {
  const def = flowOf([
    script('a', { sleep: { type: 'static', value: 30 } }),
    script('b', { sleep: js('result.wait') }),
    script('c'),
  ]);
  const d = new Driver(def, evaluate, { a: 1, b: { wait: 7 }, c: 3 }).start();
  d.finish(d.pending[0].job_id);
  assert.deepEqual(d.pending, [], 'b waits for the sleep');
  assert.deepEqual(pendingTimers(d.state), [{ timer_id: d.timers[0].timer_id, at: d.now + 30_000 }]);
  assert.equal(d.status().modules[0].status, 'success');
  d.run();
  assert.deepEqual(
    d.timers.map((t) => t.delay_s),
    [30, 7],
  );
  assert.deepEqual(d.steps(), ['a', 'b', 'c']);
  assert.equal(d.state.status, 'success');
});

test('timeout: a static number or a transform; a bad value fails the step', () => {
  const def = flowOf([script('a', { timeout: js('"soon"') })]);
  const d = new Driver(def, evaluate).start();
  assert.deepEqual(d.state.result, {
    error: {
      name: 'ExpressionError',
      message: 'timeout: expected a number of seconds >= 0, got string "soon"',
      step_id: 'a',
    },
  });
});

test('stop_after_if: the flow ends after the step, successfully, with its result', () => {
  const def = flowOf([
    script('a', { stop_after_if: { expr: 'result.length === 0', skip_if_stopped: true } }),
    script('b'),
  ]);
  const d = new Driver(def, evaluate, { a: [] }).start().run();
  assert.deepEqual(d.steps(), ['a']);
  assert.equal(d.state.status, 'success');
  assert.deepEqual(d.state.result, []);
  assert.equal(d.state.skipped, true);
  assert.deepEqual(
    d.status().modules.map((m) => m.status),
    ['success', 'waiting'],
  );
});

test('stop_after_if with error_message fails the flow', () => {
  const def = flowOf([
    script('a', { stop_after_if: { expr: 'result < 0', error_message: 'negative balance' } }),
    script('b'),
  ]);
  const d = new Driver(def, evaluate, { a: -5 }).start().run();
  assert.equal(d.state.status, 'failure');
  assert.deepEqual(d.state.result, {
    error: { name: 'EarlyStop', message: 'Flow early stop: negative balance', step_id: 'a' },
  });
});

test('suspend: waits for distinct approvals, then the next step sees resume, resumes and approvers', () => {
  const d = new Driver(loadFlow('approval'), evaluate, { plan: { changes: 3 }, deploy: (j: RunJob) => j.args });
  d.start();
  const plan = d.pending[0].job_id;
  d.finish(plan);
  const suspend = d.commands.find((c) => c.type === 'suspend');
  assert.deepEqual(suspend, {
    type: 'suspend',
    job_id: plan,
    step_id: 'plan',
    required_events: 2,
    timeout_at: d.now + 3_600_000,
  });
  assert.deepEqual(d.status().modules[0].status, 'suspended');
  d.apply({ type: 'resume', job_id: plan, resume_id: 1, approver: 'ann', payload: { ok: 1 } });
  const dup = d.apply({ type: 'resume', job_id: plan, resume_id: 1, approver: 'ann', payload: { ok: 1 } });
  assert.equal(dup.ignored, `resume_id 1 was already counted for job ${plan}`);
  assert.deepEqual(d.status().modules[0].approvers, [{ resume_id: 1, approver: 'ann' }]);
  assert.deepEqual(d.pending, []);
  assert.deepEqual(approvalOf(d.def, d.state, plan), {
    id: 'plan',
    suspend: { required_events: 2, timeout: 3600, resume_form: { schema: { type: 'object' } } },
    state: 'waiting',
    required: 2,
    timeout_at: d.now + 3_600_000,
    approvers: ['ann'],
  });
  assert.equal(approvalOf(d.def, d.state, 'no-such-job'), undefined);
  d.apply({ type: 'resume', job_id: plan, resume_id: 2, approver: 'bob', payload: { ok: 2 } });
  assert.deepEqual(d.commands.filter((c) => c.type === 'clear_timer').length, 1);
  assert.deepEqual(pendingTimers(d.state), []);
  d.run();
  assert.deepEqual(d.state.result, {
    last: { ok: 2 },
    all: [{ ok: 1 }, { ok: 2 }],
    who: ['ann', 'bob'],
    plan: { changes: 3 },
  });
  const again = d.apply({ type: 'resume', job_id: plan, resume_id: 3, approver: 'cy', payload: null });
  assert.ok(again.ignored);
  assert.equal(approvalOf(d.def, d.state, plan)?.state, 'approved');
  assert.deepEqual(approvalOf(d.def, d.state, plan)?.approvers, ['ann', 'bob']);
});

test('suspend: one approver counts once, whatever number of resume ids they hold', () => {
  const d = new Driver(loadFlow('approval'), evaluate, { plan: 1, deploy: 'done' }).start();
  const plan = d.pending[0].job_id;
  d.finish(plan);
  d.apply({ type: 'resume', job_id: plan, resume_id: 0, approver: 'anonymous', payload: 1 });
  const again = d.apply({ type: 'resume', job_id: plan, resume_id: 1, approver: 'anonymous', payload: 2 });
  assert.equal(
    again.refused,
    'anonymous already approved step plan: each of its 2 approvals must come from a different approver (1 so far)',
  );
  assert.deepEqual(again.commands, []);
  assert.match(
    d.apply({ type: 'resume', job_id: plan, resume_id: 2, approver: 'Anonymous', payload: 3 }).refused!,
    /a different approver/,
  );
  assert.deepEqual(d.status().modules[0].approvers, [{ resume_id: 0, approver: 'anonymous' }]);
  assert.equal(d.status().modules[0].status, 'suspended');
  d.apply({ type: 'resume', job_id: plan, resume_id: 1, approver: 'bob', payload: 4 });
  d.run();
  assert.equal(d.state.status, 'success');
});

test('suspend: a rejection fails the flow as Rejected, naming the approver', () => {
  const d = new Driver(loadFlow('approval'), evaluate, { plan: 1 }).start();
  const plan = d.pending[0].job_id;
  d.finish(plan);
  d.apply({ type: 'reject', job_id: plan, resume_id: 1, approver: 'carol', reason: 'too risky' });
  assert.equal(d.state.status, 'failure');
  assert.deepEqual(d.state.result, {
    error: { name: 'Rejected', message: 'step plan was rejected by carol: too risky', step_id: 'plan' },
  });
  const view = approvalOf(d.def, d.state, plan);
  assert.equal(view?.state, 'rejected');
  assert.equal(view?.message, 'step plan was rejected by carol: too risky');
  assert.deepEqual(pendingTimers(d.state), []);
});

test('suspend: the timeout fails the step', () => {
  const d = new Driver(loadFlow('approval'), evaluate, { plan: 1 }).start();
  const plan = d.pending[0].job_id;
  d.finish(plan);
  d.apply({ type: 'resume', job_id: plan, resume_id: 7, approver: 'ann', payload: null });
  d.run();
  assert.equal(d.state.status, 'failure');
  assert.deepEqual(d.state.result, {
    error: {
      name: 'SuspendTimeout',
      message: 'step plan was not approved within 3600s: 1 of 2 approvals',
      step_id: 'plan',
    },
  });
  assert.equal(approvalOf(d.def, d.state, plan)?.state, 'timed_out');
});

test('suspend on an identity step: a fresh id announced as inline, the default 30 day timeout', () => {
  const def = flowOf([{ id: 'gate', suspend: {}, value: { type: 'identity' } }, script('b', {}, { r: js('resume') })]);
  const d = new Driver(def, evaluate, { b: (j: RunJob) => j.args }).start({ in: 1 });
  const suspend = d.commands.find((c) => c.type === 'suspend') as Extract<Command, { type: 'suspend' }>;
  assert.deepEqual(suspend, {
    type: 'suspend',
    job_id: suspend.job_id,
    step_id: 'gate',
    required_events: 1,
    timeout_at: d.now + 30 * 24 * 3600 * 1000,
    inline: { result: { in: 1 } },
  });
  assert.equal(d.status().modules[0].job, suspend.job_id);
  d.apply({ type: 'resume', job_id: suspend.job_id, resume_id: 1, approver: 'x', payload: 'go' });
  d.run();
  assert.deepEqual(d.state.result, { r: 'go' });
});

test('a flow exported from Windmill runs as is: parallel loop, retry, branch, approval, sleep', () => {
  const def = loadFlow('../../../../../openapi/src/fixtures/windmill-export');
  const limited = new Set<unknown>();
  const d = new Driver(def, evaluate, {
    a: [{ company: 'acme' }, { company: 'tiny' }],
    // acme's first call is rate limited (retried after 5 s), then acme is large, tiny is not.
    c: (j: RunJob) =>
      j.args.company === 'acme' && !limited.has('acme')
        ? (limited.add('acme'), fail('rate limited'))
        : { size: j.args.company === 'acme' ? 500 : 3 },
    f: (j: RunJob) => j.args,
  });
  d.start({ since: '2025-01-01' });
  assert.deepEqual(d.runJobs[0].args, { since: '2025-01-01' });
  d.run({ timers: false });
  assert.deepEqual(d.steps(), ['a', 'c', 'c']);
  assert.ok(d.fireNextTimer(), 'the retry delay of c');
  d.run({ timers: false });
  // acme is large: its iteration waits for an approval (identity e); tiny's took the empty default.
  const suspend = d.commands.find((c) => c.type === 'suspend') as Extract<Command, { type: 'suspend' }>;
  assert.equal(suspend.step_id, 'e');
  assert.deepEqual(suspend.inline, { result: { size: 500 } });
  d.apply({ type: 'resume', job_id: suspend.job_id, resume_id: 1, approver: 'ops', payload: { note: 'fine' } });
  d.run();
  assert.deepEqual(d.steps(), ['a', 'c', 'c', 'c', 'f']);
  assert.deepEqual(d.jobsOf('c')[0].timeout_s, 60);
  assert.equal(d.state.status, 'success');
  assert.deepEqual(d.state.result, { count: 2, channel: '#signups' });
  assert.deepEqual(
    d.timers.map((t) => t.delay_s),
    [5, 1800, 2],
  );
});
