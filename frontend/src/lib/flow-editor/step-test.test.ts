import { describe, expect, it } from 'vitest';
import type { FlowModule, FlowValue } from '$openapi/flow';
import { previousResult } from './step-test';

const code = (id: string): FlowModule => ({
  id,
  value: { type: 'rawscript', language: 'bun', content: 'export function main() {}', input_transforms: {} },
});

const flow: FlowValue = {
  modules: [
    code('a'),
    {
      id: 'b',
      value: { type: 'branchone', branches: [{ expr: 'true', modules: [code('c'), code('d')] }], default: [code('e')] },
    },
    {
      id: 'f',
      value: { type: 'forloopflow', iterator: { type: 'javascript', expr: '[1]' }, modules: [code('g'), code('h')] },
    },
  ],
  failure_module: code('z'),
};

describe('previousResult', () => {
  const last = { a: 1, b: 2, c: 3, d: 4, f: [5], g: 6, h: 7 };

  it('is the result of the step before, in the same list', () => {
    expect(previousResult(flow, 'b', last)).toEqual({ value: 1 });
    expect(previousResult(flow, 'd', last)).toEqual({ value: 3 });
    expect(previousResult(flow, 'h', last)).toEqual({ value: 6 });
  });

  it("is the step before the branch for a branch's first step, and the last step's for the failure handler", () => {
    expect(previousResult(flow, 'c', last)).toEqual({ value: 1 });
    expect(previousResult(flow, 'e', last)).toEqual({ value: 1 });
    expect(previousResult(flow, 'z', last)).toEqual({ value: [5] });
  });

  it("is left to the server (flow_input) for the first step, and unknown for a loop body's first or a step that did not run", () => {
    expect(previousResult(flow, 'a', last)).toBeUndefined();
    expect(previousResult(flow, 'g', last)).toBeUndefined();
    expect(previousResult(flow, 'b', {})).toBeUndefined();
    expect(previousResult(flow, 'nope', last)).toBeUndefined();
  });
});
