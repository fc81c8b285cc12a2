/**
 * The run's tree as handlers see it during one transition: the definition, the state being
 * changed in place (a copy of the stored one) and the context. Lookups and node creation only:
 * nothing here emits a command or decides what happens next.
 */
import type { FlowModule, FlowValue } from '@runnel/api-contract';
import { indexModules, json, type EngineState, type SeqNode, type SeqOwner, type StepNode } from './state.js';
import type { EngineContext } from './types.js';

export class Tree {
  private readonly modules: Map<string, FlowModule>;

  constructor(
    readonly def: FlowValue,
    readonly state: EngineState,
    readonly ctx: EngineContext,
  ) {
    this.modules = indexModules(def);
  }

  seq(key: string): SeqNode {
    return this.state.nodes[key] as SeqNode;
  }

  step(key: string): StepNode {
    return this.state.nodes[key] as StepNode;
  }

  module(step: StepNode): FlowModule {
    const m = this.modules.get(step.id);
    if (!m) throw new Error(`flow definition has no module "${step.id}" (was the flow changed under a running run?)`);
    return m;
  }

  newSeq(key: string, owner: SeqOwner, prev: unknown, fields: Partial<SeqNode> = {}): SeqNode {
    const seq: SeqNode = { k: 'seq', owner, pos: 0, prev: json(prev), results: {}, status: 'running', ...fields };
    this.state.nodes[key] = seq;
    return seq;
  }
}
