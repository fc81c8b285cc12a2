import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FlowStatusView, ModuleStatusView } from '../flows/engine/types.js';
import { NIL_JOB, runningStepJobs, windmillFlowStatus } from './flow-status-view.js';

const step = (id: string, status: ModuleStatusView['status'], job?: string): ModuleStatusView => ({
  id,
  type: 'rawscript',
  status,
  ...(job ? { job } : {}),
});
const iteration = (index: number, status: ModuleStatusView['status'], modules: ModuleStatusView[]) => ({
  index,
  status,
  modules,
});

test("each module's status in Windmill's words; Runnel's kind moves to module_type; step is the first unfinished", () => {
  const view: FlowStatusView = {
    status: 'running',
    modules: [
      step('a', 'success', 'j-a'),
      step('b', 'skipped'),
      step('c', 'running', 'j-c'),
      step('d', 'waiting'),
      { ...step('e', 'suspended', 'j-e'), type: 'identity' },
    ],
  };
  const out = windmillFlowStatus(view, new Set(['j-c']));
  assert.deepEqual(
    out.modules.map((m) => [m.id, m.type, m.module_type, m.status, m.job]),
    [
      ['a', 'Success', 'rawscript', 'success', 'j-a'],
      ['b', 'Success', 'rawscript', 'skipped', undefined],
      ['c', 'WaitingForExecutor', 'rawscript', 'running', 'j-c'],
      ['d', 'WaitingForPriorSteps', 'rawscript', 'waiting', undefined],
      ['e', 'WaitingForEvents', 'identity', 'suspended', 'j-e'],
    ],
  );
  assert.equal(out.modules[1]!.skipped, true);
  assert.equal(out.step, 2);
  assert.equal(windmillFlowStatus(view, new Set()).modules[2]!.type, 'InProgress', 'a worker took it');
  assert.deepEqual(runningStepJobs(view), ['j-c']);
  assert.deepEqual(windmillFlowStatus(null, new Set()), { status: 'running', step: 0, modules: [] });
});

test("a loop's flow_jobs: one job per iteration, in order, only ever growing", () => {
  const loop = (iterations: ModuleStatusView['iterations'], status: ModuleStatusView['status'] = 'running') =>
    windmillFlowStatus(
      { status: 'running', modules: [{ id: 'l', type: 'forloopflow', status, iterations }] },
      new Set(),
    ).modules[0]!;

  const running = loop([
    iteration(0, 'success', [step('x', 'success', 'j0'), step('y', 'success', 'j0b')]),
    // Ended without a job (skipped): left out, the next ones follow.
    iteration(1, 'success', [step('x', 'skipped'), step('y', 'skipped')]),
    iteration(2, 'running', [step('x', 'running', 'j2')]),
    // No job yet: the list stops here, though a later iteration (parallel) has one.
    iteration(3, 'running', [step('x', 'waiting')]),
    iteration(4, 'running', [step('x', 'running', 'j4')]),
  ]);
  assert.equal(running.type, 'InProgress');
  assert.deepEqual(running.flow_jobs, ['j0', 'j2']);
  assert.deepEqual(running.flow_jobs_success, [true, false]);
  assert.equal(running.job, 'j2', 'the latest iteration job');
  assert.equal(running.iterations![0]!.modules[0]!.type, 'Success', 'nested modules are converted too');

  const notStarted = loop([]);
  assert.deepEqual(notStarted.flow_jobs, []);
  assert.equal(notStarted.job, undefined, 'no job until an iteration has one');
  const empty = loop([], 'success');
  assert.equal(empty.type, 'Success');
  assert.deepEqual(empty.flow_jobs, []);
  assert.equal(empty.job, NIL_JOB, 'an ended loop always has a job, so pollers move on');
});

test("a nested loop's iteration stands for its outer iteration by its first job, which does not change", () => {
  const inner = (jobs: string[]): ModuleStatusView => ({
    id: 'inner',
    type: 'forloopflow',
    status: 'running',
    iterations: jobs.map((j, i) => iteration(i, 'success', [step('x', 'success', j)])),
  });
  const outer = (jobs: string[]) =>
    windmillFlowStatus(
      {
        status: 'running',
        modules: [
          { id: 'o', type: 'whileloopflow', status: 'running', iterations: [iteration(0, 'running', [inner(jobs)])] },
        ],
      },
      new Set(),
    ).modules[0]!;
  assert.deepEqual(outer(['a']).flow_jobs, ['a']);
  assert.deepEqual(outer(['a', 'b']).flow_jobs, ['a']);
});

test('branchall: a job per branch; branchone: no job of its own', () => {
  const out = windmillFlowStatus(
    {
      status: 'success',
      modules: [
        {
          id: 'all',
          type: 'branchall',
          status: 'success',
          branches: [
            iteration(0, 'success', [step('p', 'success', 'jp')]),
            iteration(1, 'failure', [step('q', 'failure', 'jq')]),
          ],
        },
        {
          id: 'one',
          type: 'branchone',
          status: 'success',
          branch_chosen: 'default',
          branches: [{ index: 'default', status: 'success', modules: [step('r', 'success', 'jr')] }],
        },
      ],
    },
    new Set(),
  );
  const [all, one] = out.modules;
  assert.deepEqual(all!.flow_jobs, ['jp', 'jq']);
  assert.deepEqual(all!.flow_jobs_success, [true, false]);
  assert.equal(one!.job, undefined);
  assert.equal(one!.branches![0]!.modules[0]!.job, 'jr');
  assert.equal(one!.flow_jobs, undefined);
  assert.equal(one!.branch_chosen, 'default', "Runnel's own field stays");
  assert.equal(out.step, 2);
});
