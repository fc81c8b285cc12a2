import { describe, expect, it } from 'vitest';
import { generateFlow } from './generate';
import { allModules, INPUT_ID, layoutFlow, NODE_W, RESULT_ID, type FlowModule, type GraphNode } from './layout';

const script = (id: string): FlowModule => ({
  id,
  value: { type: 'rawscript', language: 'bun', content: 'export function main() {}' },
});

const sample = (): FlowModule[] => [
  script('a'),
  {
    id: 'loop',
    value: {
      type: 'forloopflow',
      iterator: { type: 'javascript', expr: '[1, 2]' },
      modules: [script('inner1'), script('inner2')],
    },
  },
  {
    id: 'pick',
    value: {
      type: 'branchone',
      default: [script('dflt')],
      branches: [
        { expr: 'true', modules: [script('yes1'), script('yes2')] },
        { expr: 'false', modules: [] },
      ],
    },
  },
  script('z'),
];

const byId = (nodes: GraphNode[]) => new Map(nodes.map((n) => [n.id, n]));

function overlaps(a: GraphNode, b: GraphNode): boolean {
  return (
    a.position.x < b.position.x + b.width &&
    b.position.x < a.position.x + a.width &&
    a.position.y < b.position.y + b.height &&
    b.position.y < a.position.y + a.height
  );
}

describe('layoutFlow', () => {
  it('is deterministic: the same flow gives the same nodes, edges and positions', () => {
    expect(layoutFlow({ modules: sample() })).toEqual(layoutFlow({ modules: sample() }));
  });

  it('draws the input, every step (nested too), branch labels, joins, loop frames and the result', () => {
    const { nodes, edges } = layoutFlow({ modules: sample(), failure_module: script('onfail') });
    const ids = nodes.map((n) => n.id);
    for (const id of [INPUT_ID, RESULT_ID, 'a', 'loop', 'inner1', 'inner2', 'pick', 'dflt', 'yes1', 'yes2', 'z']) {
      expect(ids).toContain(id);
    }
    expect(ids).toContain('loop:frame');
    expect(ids).toContain('loop:end');
    expect(ids).toContain('pick:join');
    expect(ids).toContain('pick:branch:default');
    expect(ids).toContain('pick:branch:1');
    expect(ids).toContain('onfail');
    expect(new Set(ids).size).toBe(ids.length);
    // Every edge joins two drawn nodes.
    for (const e of edges) {
      expect(ids).toContain(e.source);
      expect(ids).toContain(e.target);
    }
    // The empty branch goes straight to the join, and a step can be inserted there.
    const empty = edges.find((e) => e.source === 'pick:branch:1');
    expect(empty?.target).toBe('pick:join');
    expect(empty?.data.insert).toEqual({ parentId: 'pick', branch: 1, index: 0 });
  });

  it('puts the loop body inside its frame, and branches side by side', () => {
    const n = byId(layoutFlow({ modules: sample() }).nodes);
    const frame = n.get('loop:frame')!;
    for (const id of ['inner1', 'inner2']) {
      const inner = n.get(id)!;
      expect(inner.position.x).toBeGreaterThan(frame.position.x);
      expect(inner.position.y).toBeGreaterThan(frame.position.y);
      expect(inner.position.x + inner.width).toBeLessThan(frame.position.x + frame.width);
      expect(inner.position.y + inner.height).toBeLessThan(frame.position.y + frame.height);
    }
    expect(n.get('yes1')!.position.y).toBe(n.get('dflt')!.position.y);
    expect(n.get('yes1')!.position.x).toBeGreaterThanOrEqual(n.get('dflt')!.position.x + NODE_W);
    expect(n.get('pick:join')!.position.y).toBeGreaterThan(n.get('yes2')!.position.y);
    expect(n.get('z')!.position.y).toBeGreaterThan(n.get('pick:join')!.position.y);
  });

  it('gives each gap an insert position in the module tree', () => {
    const { edges } = layoutFlow({ modules: sample() });
    const inserts = edges.flatMap((e) => (e.data.insert ? [e.data.insert] : []));
    expect(inserts).toContainEqual({ parentId: null, index: 0 });
    expect(inserts).toContainEqual({ parentId: null, index: 4 });
    expect(inserts).toContainEqual({ parentId: 'loop', index: 2 });
    expect(inserts).toContainEqual({ parentId: 'pick', branch: 'default', index: 1 });
    expect(inserts).toContainEqual({ parentId: 'pick', branch: 0, index: 2 });
  });

  it('keeps what is above and to the left in place when a step is inserted', () => {
    const before = byId(layoutFlow({ modules: sample() }).nodes);
    const modules = sample();
    const pick = modules[2]!.value as Extract<FlowModule['value'], { type: 'branchone' }>;
    // Into the tallest branch: the join and all below it move down.
    pick.branches[0]!.modules.push(script('inserted'));
    const after = byId(layoutFlow({ modules }).nodes);
    // Above the insertion and in the branches to its right: unchanged.
    for (const id of ['a', 'loop', 'inner1', 'inner2', 'pick', 'dflt', 'yes1', 'yes2', 'pick:branch:1']) {
      expect(after.get(id)!.position).toEqual(before.get(id)!.position);
    }
    // Below it: moved down only.
    for (const id of ['pick:join', 'z', RESULT_ID]) {
      expect(after.get(id)!.position.x).toBe(before.get(id)!.position.x);
      expect(after.get(id)!.position.y).toBeGreaterThan(before.get(id)!.position.y);
    }
  });

  it('never overlaps two steps', () => {
    const steps = layoutFlow(generateFlow(200)).nodes.filter((n) => n.data.kind !== 'frame');
    for (let i = 0; i < steps.length; i++) {
      for (let j = i + 1; j < steps.length; j++) expect(overlaps(steps[i]!, steps[j]!)).toBe(false);
    }
  });

  it('lays out 200 steps with loops and branches well within a frame', () => {
    const flow = generateFlow(200);
    layoutFlow(flow);
    const runs = 20;
    const start = performance.now();
    for (let i = 0; i < runs; i++) layoutFlow(flow);
    const ms = (performance.now() - start) / runs;
    const steps = layoutFlow(flow).nodes.filter((n) => n.data.kind === 'step').length;
    console.log(`layoutFlow: ${steps} steps in ${ms.toFixed(2)} ms`);
    expect(steps).toBe(200);
    expect(ms).toBeLessThan(16);
  });
});

describe('allModules', () => {
  it('lists nested steps in document order, the failure handler last', () => {
    const ids = allModules({ modules: sample(), failure_module: script('onfail') }).map((m) => m.id);
    expect(ids).toEqual(['a', 'loop', 'inner1', 'inner2', 'pick', 'dflt', 'yes1', 'yes2', 'z', 'onfail']);
  });
});
