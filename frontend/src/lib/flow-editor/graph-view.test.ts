import { describe, expect, it } from 'vitest';
import { generateFlow } from '$lib/flow-graph/generate';
import { layoutFlow, type FlowModule } from '$lib/flow-graph/layout';
import { positionOf } from './graph-view';
import { emptyFlow, insertStep, type FlowDocument } from './model';

const script = (id: string) => ({
  id,
  value: {
    type: 'rawscript' as const,
    language: 'bun' as const,
    content: 'export function main() {}',
    input_transforms: {},
  },
});

/** A loop, a branch one with an empty branch and a default, a branch all, and a failure handler that is a loop. */
function sample(): FlowDocument {
  const doc = emptyFlow();
  doc.value = {
    modules: [
      script('a'),
      {
        id: 'loop',
        value: { type: 'forloopflow', iterator: { type: 'javascript', expr: '[1]' }, modules: [script('in1')] },
      },
      {
        id: 'pick',
        value: {
          type: 'branchone',
          default: [script('dflt')],
          branches: [
            { expr: 'true', modules: [script('yes')] },
            { expr: 'false', modules: [] },
          ],
        },
      },
      { id: 'all', value: { type: 'branchall', branches: [{ modules: [] }, { modules: [script('two')] }] } },
    ],
    failure_module: {
      id: 'oops',
      value: { type: 'whileloopflow', modules: [script('retry')] },
    },
  } as FlowDocument['value'];
  return doc;
}

const graph = (doc: FlowDocument) =>
  layoutFlow({
    modules: doc.value.modules as unknown as FlowModule[],
    failure_module: doc.value.failure_module as unknown as FlowModule | undefined,
  });

describe('the graph view of the editor', () => {
  for (const [name, make] of [
    ['a flow with every kind of list', sample],
    ['a generated 200-step flow', () => ({ ...emptyFlow(), value: generateFlow(200) }) as unknown as FlowDocument],
  ] as const) {
    it(`inserts where the edge is, on every edge of ${name}`, () => {
      const doc = make();
      const edges = graph(doc).edges.filter((e) => e.data.insert);
      expect(edges.length).toBeGreaterThan(10);
      for (const e of edges) {
        const { doc: next, id } = insertStep(doc, positionOf(e.data.insert!), 'identity');
        // The new step sits on that edge: source → new step → target.
        const ids = new Set(graph(next).edges.map((x) => x.id));
        expect(ids.has(`${e.source}->${id}`), `${e.id}: ${e.source} → ${id}`).toBe(true);
        expect(ids.has(`${id}->${e.target}`), `${e.id}: ${id} → ${e.target}`).toBe(true);
      }
    });
  }

  it('names each gap as the outline does', () => {
    const gaps = graph(sample())
      .edges.map((e) => e.data.gap)
      .filter(Boolean);
    expect(gaps).toContain('before a in the flow');
    expect(gaps).toContain('at the end of the flow');
    expect(gaps).toContain('in branch 2 of pick, empty');
    expect(gaps).toContain('before dflt in the default branch of pick');
    expect(gaps).toContain('at the end of the body of loop retry'.replace('retry', 'oops'));
    expect(new Set(gaps).size).toBe(gaps.length);
  });

  it('maps the position field by field', () => {
    expect(positionOf({ parentId: null, index: 2 })).toEqual({ slot: { parent: null }, index: 2 });
    expect(positionOf({ parentId: 'b', branch: 'default', index: 0 })).toEqual({
      slot: { parent: 'b', branch: 'default' },
      index: 0,
    });
    expect(positionOf({ parentId: 'b', branch: 1, index: 3 })).toEqual({ slot: { parent: 'b', branch: 1 }, index: 3 });
  });
});
