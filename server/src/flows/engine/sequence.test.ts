import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { awaitedJobs } from './index.js';
import { Driver, fail, flowOf, loadFlow, ok, sandbox } from './testing/driver.js';
import type { Evaluate } from './types.js';

let evaluate: Evaluate;
let dispose: () => void;
before(async () => ({ evaluate, dispose } = await sandbox()));
after(() => dispose());

const job = (id: string, path: string, expr = 'previous_result') => ({
  id,
  value: { type: 'script', path, input_transforms: { x: { type: 'javascript', expr } } },
});

test('rawscript, script and flow steps become run_job commands with their args, tag and timeout', () => {
  const d = new Driver(loadFlow('sequence'), evaluate, { a: { n: 2 }, b: { n: 4 }, c: 'sub-flow result' });
  d.start({ name: 'ada', t: 5 });
  assert.deepEqual(
    d.pending.map((j) => j.step_id),
    ['a'],
    'one step at a time',
  );
  d.run();
  const [a, b, c] = d.runJobs;
  assert.deepEqual(d.steps(), ['a', 'b', 'c'], 'identity runs no job');
  assert.deepEqual(a.spec, {
    kind: 'rawscript',
    language: 'bun',
    content: a.spec.kind === 'rawscript' ? a.spec.content : '',
    tag: 'fast',
  });
  assert.deepEqual(a.args, { x: 1, name: 'ADA', nothing: null });
  assert.equal(a.timeout_s, undefined);
  assert.deepEqual(b.spec, { kind: 'script', path: 'f/lib/double', hash: 'abc123', tag: 'gpu' });
  assert.deepEqual(b.args, { prev: { n: 2 }, n: 2 });
  assert.equal(b.timeout_s, 30);
  assert.deepEqual(c.spec, { kind: 'flow', path: 'f/lib/subflow' });
  assert.deepEqual(c.args, { total: 6 });
  assert.equal(c.timeout_s, 10);
  assert.equal(d.state.status, 'success');
  assert.equal(d.state.result, 'sub-flow result', 'the identity passes the previous result on');
  assert.deepEqual(d.commands.at(-1), { type: 'finish', status: 'success', result: 'sub-flow result' });
  assert.deepEqual(
    d.status().modules.map((m) => [m.id, m.status, m.job]),
    [
      ['a', 'success', a.job_id],
      ['b', 'success', b.job_id],
      ['c', 'success', c.job_id],
      ['d', 'success', undefined],
    ],
  );
});

test('the first step sees the flow input as previous_result; an empty flow returns its input', () => {
  const d = new Driver(flowOf([job('a', 'f/a')]), evaluate, { a: 1 }).start({ k: 'v' });
  assert.deepEqual(d.runJobs[0].args, { x: { k: 'v' } });
  const empty = new Driver(flowOf([]), evaluate).start({ k: 'v' });
  assert.deepEqual(empty.commands, [{ type: 'finish', status: 'success', result: { k: 'v' } }]);
});

test('flowStatus shows waiting, running and the latest job before anything finishes', () => {
  const d = new Driver(loadFlow('sequence'), evaluate, { a: { n: 2 } }).start({ name: 'x', t: 1 });
  assert.deepEqual(d.status(), {
    status: 'running',
    modules: [
      { id: 'a', type: 'rawscript', status: 'running', job: d.runJobs[0].job_id },
      { id: 'b', type: 'script', status: 'waiting' },
      { id: 'c', type: 'flow', status: 'waiting' },
      { id: 'd', type: 'identity', status: 'waiting' },
    ],
  });
  assert.deepEqual(awaitedJobs(d.state), [d.runJobs[0].job_id]);
});

test('a failed step fails the flow with an error naming the step; later steps never run', () => {
  const d = new Driver(flowOf([job('a', 'f/a'), job('b', 'f/b'), job('c', 'f/c')]), evaluate, {
    a: 1,
    b: { status: 'failure', result: { error: { name: 'ValueError', message: 'bad input', stack: 'at line 3' } } },
  });
  d.start().run();
  assert.deepEqual(d.steps(), ['a', 'b']);
  assert.equal(d.state.status, 'failure');
  assert.deepEqual(d.state.result, {
    error: { name: 'ValueError', message: 'bad input', step_id: 'b', stack: 'at line 3' },
  });
  assert.deepEqual(d.commands.at(-1), { type: 'finish', status: 'failure', result: d.state.result });
  const view = d.status().modules;
  assert.deepEqual(
    view.map((m) => [m.id, m.status, m.message]),
    [
      ['a', 'success', undefined],
      ['b', 'failure', 'bad input'],
      ['c', 'waiting', undefined],
    ],
  );
});

test('a failure result that is not an error object is still reported as one', () => {
  const d = new Driver(flowOf([job('a', 'f/a')]), evaluate, { a: { status: 'failure', result: 'exit code 3' } });
  d.start().run();
  assert.deepEqual(d.state.result, { error: { name: 'Error', message: 'exit code 3', step_id: 'a' } });
});

test('continue_on_error: the error becomes the step result and the flow goes on', () => {
  const def = flowOf([{ ...job('a', 'f/a'), continue_on_error: true }, job('b', 'f/b')]);
  const d = new Driver(def, evaluate, { a: fail('boom'), b: (j: { args: unknown }) => j.args });
  d.start().run();
  assert.equal(d.state.status, 'success');
  assert.deepEqual(d.runJobs[1].args, { x: { error: { name: 'Error', message: 'boom', step_id: 'a' } } });
  assert.equal(d.status().modules[0].status, 'failure');
});

test('the failure module runs with `error`, its result is the flow result, the flow stays failed', () => {
  const d = new Driver(loadFlow('failure-module'), evaluate, {
    a: 'A',
    b: fail('disk full', 'IOError'),
    failure: 'handled',
  });
  d.start().run();
  assert.deepEqual(d.steps(), ['a', 'b', 'failure']);
  assert.deepEqual(d.runJobs[2].args, {
    message: 'disk full',
    name: 'IOError',
    step_id: 'b',
    a: 'A',
    prev: 'b',
  });
  assert.equal(d.state.status, 'failure');
  assert.equal(d.state.result, 'handled');
  const view = d.status();
  assert.equal(view.failure_module?.id, 'failure');
  assert.equal(view.failure_module?.status, 'success');
  assert.equal(view.modules[2].status, 'waiting');
});

test('a failing failure module leaves its own error as the result', () => {
  const d = new Driver(loadFlow('failure-module'), evaluate, { a: 'A', b: fail('first'), failure: fail('second') });
  d.start().run();
  assert.equal(d.state.status, 'failure');
  assert.deepEqual(d.state.result, { error: { name: 'Error', message: 'second', step_id: 'failure' } });
});

test('an expression that throws fails the step with the field, the expression and the error', () => {
  const def = flowOf([job('a', 'f/a'), job('b', 'f/b', 'results.a.b.c')]);
  const d = new Driver(def, evaluate, { a: {} });
  d.start().run();
  assert.deepEqual(d.steps(), ['a']);
  assert.equal(d.state.status, 'failure');
  const error = (d.state.result as { error: { name: string; message: string; step_id: string } }).error;
  assert.equal(error.name, 'ExpressionError');
  assert.equal(error.step_id, 'b');
  assert.match(error.message, /^input_transforms\.x: expression `results\.a\.b\.c` failed: TypeError: /);
  assert.equal(d.status().modules[1].status, 'failure');
});

test('mock: an enabled mock returns its value without a job', () => {
  const def = flowOf([
    { ...job('a', 'f/a'), mock: { enabled: true, return_value: { mocked: true } } },
    job('b', 'f/b'),
  ]);
  const d = new Driver(def, evaluate, { b: (j: { args: unknown }) => j.args });
  d.start().run();
  assert.deepEqual(d.steps(), ['b']);
  assert.deepEqual(d.state.result, { x: { mocked: true } });
});

test('skip_if: a skipped step passes the previous result on and shows as skipped', () => {
  const def = flowOf([
    job('a', 'f/a'),
    { ...job('b', 'f/b'), skip_if: { expr: 'results.a > 1' } },
    job('c', 'f/c', 'previous_result'),
  ]);
  const d = new Driver(def, evaluate, { a: 5, c: (j: { args: unknown }) => j.args });
  d.start().run();
  assert.deepEqual(d.steps(), ['a', 'c']);
  assert.deepEqual(d.state.result, { x: 5 });
  const b = d.status().modules[1];
  assert.equal(b.status, 'skipped');
  assert.match(b.message ?? '', /skip_if `results.a > 1` was true/);
});

test('early_return: the step result is answered at once and the flow runs on', () => {
  const def = flowOf([job('a', 'f/a'), job('b', 'f/b')], { early_return: 'a' });
  const d = new Driver(def, evaluate, { a: 'early', b: 'late' });
  d.start();
  d.finish(d.pending[0].job_id);
  assert.equal(d.earlyReturn, 'early');
  assert.equal(d.state.status, 'running');
  assert.equal(d.state.result, 'early');
  assert.deepEqual(
    d.commands.filter((c) => c.type === 'early_return'),
    [{ type: 'early_return', result: 'early' }],
  );
  d.run();
  assert.equal(d.state.status, 'success');
  assert.equal(d.state.result, 'late');
});

test('duplicate, unknown and late events are ignored and change nothing', () => {
  const d = new Driver(flowOf([job('a', 'f/a'), job('b', 'f/b')]), evaluate, { a: 1, b: 2 }).start();
  const first = d.runJobs[0].job_id;
  d.finish(first);
  const before = structuredClone(d.state);
  const again = d.apply({ type: 'job_done', job_id: first, status: 'success', result: 1 });
  assert.equal(again.ignored, `job ${first} is not awaited by this run`);
  assert.deepEqual(again.commands, []);
  assert.deepEqual(d.state, before);
  assert.match(
    d.apply({ type: 'job_done', job_id: 'nope', status: 'success', result: 1 }).ignored ?? '',
    /not awaited/,
  );
  assert.match(d.apply({ type: 'timer', timer_id: 'nope' }).ignored ?? '', /not pending/);
  assert.match(
    d.apply({ type: 'resume', job_id: first, resume_id: 1, approver: 'x', payload: null }).ignored ?? '',
    /not waiting for approval/,
  );
  d.run();
  assert.equal(d.state.status, 'success');
  assert.match(d.apply({ type: 'cancel', reason: 'late' }).ignored ?? '', /the run is over \(success\)/);
});

test('applyEvent does not modify the state it is given', () => {
  const d = new Driver(flowOf([job('a', 'f/a'), job('b', 'f/b')]), evaluate, { a: 1, b: 2 }).start();
  const stored = structuredClone(d.state);
  const original = d.state;
  d.finish(d.runJobs[0].job_id);
  assert.deepEqual(original, stored);
  assert.notEqual(d.state, original);
});

test('a canceled step job fails the flow as canceled work, without retry', () => {
  const def = flowOf([{ ...job('a', 'f/a'), retry: { constant: { attempts: 3, seconds: 0 } } }]);
  const d = new Driver(def, evaluate, {
    a: { status: 'canceled', result: { error: { name: 'Canceled', message: 'canceled by admin' } } },
  });
  d.start().run();
  assert.equal(d.runJobs.length, 1);
  assert.equal(d.state.status, 'failure');
  assert.deepEqual(d.state.result, { error: { name: 'Canceled', message: 'canceled by admin', step_id: 'a' } });
});

test('cancel: running jobs are canceled, timers cleared, the run ends canceled', () => {
  const def = flowOf([{ ...job('a', 'f/a'), sleep: 60 }, job('b', 'f/b')]);
  const d = new Driver(def, evaluate, { a: 1 }).start();
  d.finish(d.runJobs[0].job_id);
  const timer = d.timers[0].timer_id;
  d.apply({ type: 'cancel', reason: 'user asked' });
  assert.deepEqual(d.commands.slice(-2), [
    { type: 'clear_timer', timer_id: timer },
    {
      type: 'finish',
      status: 'canceled',
      result: { error: { name: 'Canceled', message: 'the flow was canceled: user asked' } },
    },
  ]);
  assert.equal(d.state.status, 'canceled');
  assert.deepEqual(awaitedJobs(d.state), []);
  assert.ok(ok(1));
});

test('module ids with path characters are kept apart', () => {
  const def = flowOf([
    {
      id: 'a',
      value: {
        type: 'forloopflow',
        iterator: { type: 'static', value: [1] },
        skip_failures: false,
        modules: [job('x', 'f/x')],
      },
    },
    job('a#0', 'f/a0', 'results.a'),
    job('a/x', 'f/ax', 'results["a#0"]'),
  ]);
  const d = new Driver(def, evaluate, {
    x: 'X',
    'a#0': (j: { args: unknown }) => j.args,
    'a/x': (j: { args: unknown }) => j.args,
  });
  d.start().run();
  assert.deepEqual(d.state.result, { x: { x: ['X'] } });
  assert.deepEqual(
    d.status().modules.map((m) => [m.id, m.status]),
    [
      ['a', 'success'],
      ['a#0', 'success'],
      ['a/x', 'success'],
    ],
  );
});

test('a failed sub-flow step is named as the failing step, with the sub-flow error message', () => {
  const def = flowOf([{ id: 'sub', value: { type: 'flow', path: 'f/child', input_transforms: {} } }]);
  const d = new Driver(def, evaluate, {
    sub: { status: 'failure', result: { error: { name: 'Error', message: 'child step x broke', step_id: 'x' } } },
  });
  d.start().run();
  assert.deepEqual(d.state.result, { error: { name: 'Error', message: 'child step x broke', step_id: 'sub' } });
});
