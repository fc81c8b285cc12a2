import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { awaitedJobs } from './index.js';
import { Driver, fail, flowOf, loadFlow, type RunJob } from './testing/driver.js';
import { sandbox } from './testing/driver.js';
import type { Evaluate } from './types.js';

let evaluate: Evaluate;
let dispose: () => void;
before(async () => ({ evaluate, dispose } = await sandbox()));
after(() => dispose());

const echo = (j: RunJob) => j.args;

function loop(extra: Record<string, unknown>, modules: unknown[], moduleExtra: Record<string, unknown> = {}) {
  return {
    id: 'l',
    ...moduleExtra,
    value: {
      type: 'forloopflow',
      iterator: { type: 'javascript', expr: 'flow_input.items' },
      skip_failures: false,
      modules,
      ...extra,
    },
  };
}
const step = (id: string, expr = 'flow_input.iter.value') => ({
  id,
  value: { type: 'script', path: `f/${id}`, input_transforms: { v: { type: 'javascript', expr } } },
});

test('a parallel loop runs at most `parallelism` iterations at once and keeps results in iteration order', () => {
  const d = new Driver(loadFlow('forloop-parallel'), evaluate, {
    x: (j: RunJob) => (j.args.v as number) * 10,
    y: (j: RunJob) => (j.args.x as number) + 1,
    after: echo,
  });
  d.start({ items: [1, 2, 3, 4, 5] });
  assert.deepEqual(
    d.pending.map((j) => [j.step_id, j.args]),
    [
      ['x', { v: 1, i: 0 }],
      ['x', { v: 2, i: 1 }],
    ],
    'two iterations start',
  );
  // Iteration 1 finishes first: iteration 0 is still running, so only one more may start.
  d.finish(d.pending[1].job_id);
  assert.deepEqual(
    d.pending.map((j) => [j.step_id, j.args]),
    [
      ['x', { v: 1, i: 0 }],
      ['y', { x: 20 }],
    ],
  );
  d.finish(d.pending[1].job_id); // y of iteration 1: iteration 2 starts
  assert.deepEqual(
    d.pending.map((j) => j.args),
    [
      { v: 1, i: 0 },
      { v: 3, i: 2 },
    ],
  );
  assert.equal(awaitedJobs(d.state).length, 2);
  d.run();
  assert.equal(d.state.status, 'success');
  assert.deepEqual(d.state.result, { all: [11, 21, 31, 41, 51] });
  const l = d.status().modules[0];
  assert.equal(l.status, 'success');
  assert.deepEqual(
    l.iterations?.map((it) => [it.index, it.status, it.modules.map((m) => m.status).join()]),
    [0, 1, 2, 3, 4].map((i) => [i, 'success', 'success,success']),
  );
});

test('nested loops: the inner iter shadows the outer one, inner steps see the outer iteration results', () => {
  const d = new Driver(loadFlow('nested-loops'), evaluate, {
    pre: (j: RunJob) => j.args.i,
    s: (j: RunJob) => `${String(j.args.outer)}.${String(j.args.idx)}:${String(j.args.v)}:${String(j.args.k)}`,
  });
  d.start({ k: 'K' }).run();
  assert.deepEqual(d.steps(), ['pre', 's', 's', 'pre', 's']);
  assert.equal(d.state.status, 'success');
  assert.deepEqual(d.state.result, [['0.0:a:K', '0.1:b:K'], ['1.0:c:K']]);
  const o = d.status().modules[0];
  assert.deepEqual(
    o.iterations?.map((it) => it.modules[1].iterations?.length),
    [2, 1],
  );
});

test('an empty iterator gives [] without running anything', () => {
  const d = new Driver(flowOf([loop({}, [step('x')])]), evaluate).start({ items: [] });
  assert.deepEqual(d.commands, [{ type: 'finish', status: 'success', result: [] }]);
});

test('an iterator that is not an array fails the step, saying what it got', () => {
  const d = new Driver(flowOf([loop({}, [step('x')])]), evaluate).start({ items: { a: 1 } });
  assert.equal(d.state.status, 'failure');
  assert.deepEqual(d.state.result, {
    error: {
      name: 'ExpressionError',
      message: 'iterator: expected an array to iterate over, got object {"a":1}',
      step_id: 'l',
    },
  });
});

test('skip_failures: a failed iteration contributes its error and the loop goes on', () => {
  const def = flowOf([loop({ skip_failures: true }, [step('x')])]);
  const d = new Driver(def, evaluate, { x: (j: RunJob) => (j.args.v === 2 ? fail('two is bad') : j.args.v) });
  d.start({ items: [1, 2, 3] }).run();
  assert.equal(d.state.status, 'success');
  assert.deepEqual(d.state.result, [1, { error: { name: 'Error', message: 'two is bad', step_id: 'x' } }, 3]);
  assert.deepEqual(
    d.status().modules[0].iterations?.map((it) => it.status),
    ['success', 'failure', 'success'],
  );
});

test('a failed iteration without skip_failures cancels the running siblings and fails the loop', () => {
  const def = flowOf([loop({ parallel: true }, [step('x')]), step('never')]);
  const d = new Driver(def, evaluate, {});
  d.start({ items: [1, 2, 3] });
  const [j1, j2, j3] = d.pending.map((j) => j.job_id);
  d.finish(j2, fail('middle failed'));
  assert.deepEqual(
    d.commands.filter((c) => c.type === 'cancel_job'),
    [
      { type: 'cancel_job', job_id: j1, reason: 'step l failed' },
      { type: 'cancel_job', job_id: j3, reason: 'step l failed' },
    ],
  );
  assert.equal(d.state.status, 'failure');
  assert.deepEqual(d.state.result, { error: { name: 'Error', message: 'middle failed', step_id: 'x' } });
  const late = d.apply({ type: 'job_done', job_id: j1, status: 'canceled', result: null });
  assert.ok(late.ignored);
  assert.deepEqual(
    d.status().modules[0].iterations?.map((it) => [it.status, it.modules[0].message]),
    [
      ['failure', 'canceled: step l failed'],
      ['failure', 'middle failed'],
      ['failure', 'canceled: step l failed'],
    ],
  );
});

test('cancel in the middle of a parallel loop cancels every running iteration job', () => {
  const def = flowOf([
    loop({ parallel: true, parallelism: { type: 'javascript', expr: 'flow_input.p' } }, [step('x')]),
  ]);
  const d = new Driver(def, evaluate, { x: 'done' });
  d.start({ items: [1, 2, 3, 4], p: 3 });
  assert.equal(d.pending.length, 3);
  d.finish(d.pending[0].job_id);
  const running = d.pending.map((j) => j.job_id);
  assert.equal(running.length, 3);
  d.apply({ type: 'cancel', reason: 'stop it' });
  assert.deepEqual(
    d.commands.filter((c) => c.type === 'cancel_job').map((c) => c.type === 'cancel_job' && c.job_id),
    running,
  );
  assert.equal(d.state.status, 'canceled');
  assert.deepEqual(awaitedJobs(d.state), []);
  assert.equal(d.status().modules[0].status, 'failure');
});

test('while loop: runs until its stop_after_if sees an iteration result that says stop', () => {
  const d = new Driver(loadFlow('whileloop'), evaluate, {
    poll: (j: RunJob) => ({ done: (j.args.i as number) >= 2, i: j.args.i }),
    report: (j: RunJob) => j.args.n,
  });
  d.start().run();
  assert.deepEqual(d.steps(), ['poll', 'poll', 'poll', 'report']);
  assert.equal(d.state.status, 'success');
  assert.equal(d.state.result, 3);
  const w = d.status().modules[0];
  assert.equal(w.iterations?.length, 3);
  assert.match(w.message ?? '', /stopped after iteration 2/);
});

test('while loop: a step stopping inside an iteration breaks the loop, the flow goes on', () => {
  const def = flowOf([
    {
      id: 'w',
      value: {
        type: 'whileloopflow',
        skip_failures: false,
        modules: [
          { ...step('poll', 'flow_input.iter.index'), stop_after_if: { expr: 'result == 1', skip_if_stopped: false } },
          step('never', 'results.poll'),
        ],
      },
    },
    step('next', 'results.w'),
  ]);
  const d = new Driver(def, evaluate, { poll: (j: RunJob) => j.args.v, never: 'n', next: echo });
  d.start().run();
  assert.deepEqual(d.steps(), ['poll', 'never', 'poll', 'next']);
  assert.deepEqual(d.state.result, { v: ['n', 1] });
});

test('while loop: a loop that never stops fails after 10000 iterations', () => {
  const def = flowOf([
    {
      id: 'w',
      value: { type: 'whileloopflow', skip_failures: false, modules: [{ id: 'i', value: { type: 'identity' } }] },
    },
  ]);
  const d = new Driver(def, evaluate).start();
  assert.equal(d.state.status, 'failure');
  assert.equal(
    (d.state.result as { error: { message: string } }).error.message,
    'whileloopflow w ran 10000 iterations without stopping: give the loop module a stop_after_if, or a step in it one',
  );
});

test('stop_after_all_iters_if sees the array of results and stops the flow', () => {
  const def = flowOf([
    loop({}, [step('x')], { stop_after_all_iters_if: { expr: 'result.includes(2)', skip_if_stopped: false } }),
    step('never'),
  ]);
  const d = new Driver(def, evaluate, { x: (j: RunJob) => j.args.v });
  d.start({ items: [1, 2] }).run();
  assert.deepEqual(d.steps(), ['x', 'x']);
  assert.equal(d.state.status, 'success');
  assert.deepEqual(d.state.result, [1, 2]);
});

test('a loop step can read the iteration results of earlier steps of its own iteration only', () => {
  const def = flowOf([loop({ parallel: true }, [step('x'), step('y', 'results.x')])]);
  const d = new Driver(def, evaluate, { x: (j: RunJob) => `x${String(j.args.v)}`, y: (j: RunJob) => j.args.v });
  d.start({ items: ['a', 'b'] });
  // Finish both x jobs out of order: each y must read its own iteration's x.
  d.finish(d.pending[1].job_id);
  d.finish(d.pending[0].job_id);
  d.run();
  assert.deepEqual(d.state.result, ['xa', 'xb']);
});
