import { getContext, setContext } from 'svelte';
import type { InsertPosition } from './layout';
import type { StepState } from './status';

/**
 * What the graph's node and edge components read: given by FlowGraph through a context of getters,
 * so a status change re-renders the nodes it touches without rebuilding xyflow's node list.
 */
export interface GraphContext {
  readonly states: Readonly<Record<string, StepState>> | undefined;
  readonly selected: string | null;
  readonly editable: boolean;
  /** The gap (GraphEdgeData.gap) whose "Add step" menu is open. */
  readonly inserting: string | null;
  select(stepId: string): void;
  /** `anchor`: the "Add step" button, for a menu opened next to it. */
  insert(position: InsertPosition, anchor: HTMLElement): void;
  pickIteration(loopId: string, index: number): void;
}

const KEY = Symbol('flow-graph');

export const setGraphContext = (ctx: GraphContext) => setContext(KEY, ctx);
export const graphContext = () => getContext<GraphContext>(KEY);
