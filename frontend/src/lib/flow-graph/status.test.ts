import { describe, expect, it } from 'vitest';
import { ownJob, stepStates, type FlowView } from './status';

const view: FlowView = {
  status: 'running',
  modules: [
    { id: 'a', status: 'success', job: 'ja' },
    {
      id: 'loop',
      status: 'running',
      job: 'jl',
      iterations: [
        { index: 0, status: 'success', modules: [{ id: 'body', status: 'success', job: 'jb0' }] },
        { index: 1, status: 'running', modules: [{ id: 'body', status: 'running', job: 'jb1' }] },
      ],
    },
    {
      id: 'pick',
      status: 'running',
      branch_chosen: 0,
      branches: [{ index: 0, status: 'running', modules: [{ id: 'yes', status: 'waiting' }] }],
    },
  ],
};
const ids = ['a', 'loop', 'body', 'pick', 'yes', 'no', 'last'];

describe('stepStates', () => {
  it('shows the newest iteration of a loop, and the queued job of a running step as queued', () => {
    const states = stepStates(view, [{ id: 'jb1', status: 'QUEUED' }], ids, 'RUNNING');
    expect(states['a']).toEqual({ status: 'success', jobId: 'ja' });
    expect(states['loop']).toMatchObject({ status: 'running', iterations: 2, iteration: 1 });
    expect(states['body']).toEqual({
      status: 'queued',
      jobId: 'jb1',
      inIteration: { loop: 'loop', index: 1, of: 2 },
    });
    expect(states['yes']!.status).toBe('waiting');
    // Not reached yet while the flow runs.
    expect(states['no']!.status).toBe('waiting');
    expect(states['last']!.status).toBe('waiting');
  });

  it('shows the iteration picked', () => {
    const states = stepStates(view, [], ids, 'RUNNING', { loop: 0 });
    expect(states['loop']!.iteration).toBe(0);
    expect(states['body']).toMatchObject({ status: 'success', jobId: 'jb0', inIteration: { index: 0 } });
  });

  it('marks what a finished flow never reached as skipped', () => {
    const states = stepStates(view, [], ids, 'FAILURE');
    expect(states['no']!.status).toBe('skipped');
  });

  it("takes no job for a loop from jobs_u/get's Windmill view, which gives it its latest iteration's", () => {
    const windmill: FlowView = {
      status: 'success',
      modules: [
        {
          id: 'loop',
          status: 'success',
          job: 'jb1',
          flow_jobs: ['jb0', 'jb1'],
          iterations: [{ index: 1, status: 'success', modules: [{ id: 'body', status: 'success', job: 'jb1' }] }],
        },
      ],
    };
    const states = stepStates(windmill, [], ['loop', 'body'], 'SUCCESS');
    expect(states['loop']!.jobId).toBeUndefined();
    expect(states['body']!.jobId).toBe('jb1');
    expect(ownJob({ job: '00000000-0000-0000-0000-000000000000', flow_jobs: [] })).toBeUndefined();
    // A loop's own job (its approval, once it ended) is not one of its iterations'.
    expect(ownJob({ job: 'approval', flow_jobs: ['jb0'] })).toBe('approval');
  });

  it('shows every step waiting before the engine has a view', () => {
    const states = stepStates(null, [], ['a'], 'running');
    expect(states).toEqual({ a: { status: 'waiting' } });
  });
});
