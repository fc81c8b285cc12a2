import { describe, expect, it } from 'vitest';
import { stepRuns } from './run-status';

describe('stepRuns', () => {
  it('flattens loops and branches, naming waiting steps queued', () => {
    const runs = stepRuns({
      status: 'running',
      modules: [
        { id: 'a', type: 'rawscript', status: 'success', job: 'j1' },
        {
          id: 'b',
          type: 'forloopflow',
          status: 'running',
          iterations: [
            { index: 0, status: 'success', modules: [{ id: 'c', type: 'rawscript', status: 'success', job: 'j2' }] },
            { index: 1, status: 'running', modules: [{ id: 'c', type: 'rawscript', status: 'running', job: 'j3' }] },
          ],
        },
        {
          id: 'd',
          type: 'branchone',
          status: 'skipped',
          message: 'skip_if was true',
          branches: [{ index: 0, status: 'skipped', modules: [{ id: 'e', type: 'identity', status: 'waiting' }] }],
        },
      ],
      failure_module: { id: 'failure', type: 'rawscript', status: 'waiting' },
    });
    expect(runs).toEqual({
      a: { status: 'success', job: 'j1' },
      b: { status: 'running', iterations: 2 },
      c: { status: 'running', job: 'j3' },
      d: { status: 'skipped', message: 'skip_if was true' },
      e: { status: 'queued' },
    });
    expect(stepRuns(null)).toEqual({});
  });
});
