import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Driver, fail, flowOf, loadFlow, sandbox, type RunJob } from './testing/driver.js';
import type { Evaluate } from './types.js';

let evaluate: Evaluate;
let dispose: () => void;
before(async () => ({ evaluate, dispose } = await sandbox()));
after(() => dispose());

const answers = {
  big: 'BIG',
  small: (j: RunJob) => `small ${String(j.args.n)}`,
  p1: (j: RunJob) => ({ p1: j.args.routed }),
  p2: 'P2',
};

test('branchone runs the first branch whose expression is truthy', () => {
  const d = new Driver(loadFlow('branches'), evaluate, answers).start({ n: 50 }).run();
  assert.deepEqual(d.steps(), ['big', 'p1', 'p2']);
  const route = d.status().modules[0];
  assert.equal(route.branch_chosen, 0);
  assert.deepEqual(route.branches, [
    {
      index: 0,
      status: 'success',
      modules: [{ id: 'big', type: 'script', status: 'success', job: d.runJobs[0].job_id }],
    },
  ]);
  assert.deepEqual(d.state.result, [{ p1: 'BIG' }, 'P2', 'BIG'], 'an empty branch passes the previous result on');
});

test('branchone: an empty branch gives the previous result; no match runs the default', () => {
  const medium = new Driver(loadFlow('branches'), evaluate, answers).start({ n: 7 }).run();
  assert.deepEqual(medium.steps(), ['p1', 'p2']);
  assert.deepEqual(medium.runJobs[0].args, { routed: { n: 7 } });
  assert.equal(medium.status().modules[0].branch_chosen, 1);

  const small = new Driver(loadFlow('branches'), evaluate, answers).start({ n: 1 }).run();
  assert.deepEqual(small.steps(), ['small', 'p1', 'p2']);
  assert.equal(small.status().modules[0].branch_chosen, 'default');
  assert.deepEqual(small.state.result, [{ p1: 'small 1' }, 'P2', 'small 1']);
});

test('branchall in parallel starts every branch at once; a failed skip_failure branch gives its error', () => {
  const d = new Driver(loadFlow('branches'), evaluate, { ...answers, p2: fail('p2 broke') }).start({ n: 50 });
  d.finish(d.pending[0].job_id);
  assert.deepEqual(
    d.pending.map((j) => j.step_id),
    ['p1', 'p2'],
  );
  d.run();
  assert.equal(d.state.status, 'success');
  assert.deepEqual(d.state.result, [
    { p1: 'BIG' },
    { error: { name: 'Error', message: 'p2 broke', step_id: 'p2' } },
    'BIG',
  ]);
  assert.deepEqual(
    d.status().modules[1].branches?.map((b) => [b.index, b.status]),
    [
      [0, 'success'],
      [1, 'failure'],
      [2, 'success'],
    ],
  );
});

test('branchall: a failed branch without skip_failure cancels the others and fails the step', () => {
  const d = new Driver(loadFlow('branches'), evaluate, answers).start({ n: 50 });
  d.finish(d.pending[0].job_id);
  const [p1, p2] = d.pending.map((j) => j.job_id);
  d.finish(p1, fail('p1 broke'));
  assert.deepEqual(d.canceled, [p2]);
  assert.equal(d.state.status, 'failure');
  assert.deepEqual(d.state.result, { error: { name: 'Error', message: 'p1 broke', step_id: 'p1' } });
});

test('branchall without parallel runs the branches one after the other', () => {
  const def = flowOf([
    {
      id: 'all',
      value: {
        type: 'branchall',
        branches: [
          { modules: [{ id: 'one', value: { type: 'script', path: 'f/one', input_transforms: {} } }] },
          { modules: [{ id: 'two', value: { type: 'script', path: 'f/two', input_transforms: {} } }] },
        ],
      },
    },
  ]);
  const d = new Driver(def, evaluate, { one: 1, two: 2 }).start();
  assert.deepEqual(
    d.pending.map((j) => j.step_id),
    ['one'],
  );
  assert.deepEqual(
    d.status().modules[0].branches?.map((b) => b.status),
    ['running', 'waiting'],
  );
  d.run();
  assert.deepEqual(d.steps(), ['one', 'two']);
  assert.deepEqual(d.state.result, [1, 2]);
});

test('a branch expression that throws fails the branchone step', () => {
  const def = flowOf([
    {
      id: 'b',
      value: { type: 'branchone', branches: [{ expr: 'flow_input.a.b', modules: [] }], default: [] },
    },
  ]);
  const d = new Driver(def, evaluate).start({});
  assert.equal(d.state.status, 'failure');
  assert.match(
    (d.state.result as { error: { message: string } }).error.message,
    /^branches\[0\]\.expr: expression `flow_input\.a\.b` failed: TypeError/,
  );
});

test('a step that stops inside a branchone branch stops the flow around it', () => {
  const def = flowOf([
    {
      id: 'b',
      value: {
        type: 'branchone',
        branches: [
          {
            expr: 'true',
            modules: [
              {
                id: 'inner',
                stop_after_if: { expr: 'result === "stop"', skip_if_stopped: false },
                value: { type: 'script', path: 'f/inner', input_transforms: {} },
              },
            ],
          },
        ],
        default: [],
      },
    },
    { id: 'never', value: { type: 'script', path: 'f/never', input_transforms: {} } },
  ]);
  const d = new Driver(def, evaluate, { inner: 'stop' }).start().run();
  assert.deepEqual(d.steps(), ['inner']);
  assert.equal(d.state.status, 'success');
  assert.equal(d.state.result, 'stop');
  assert.equal(d.state.stopped_early, true);
});
