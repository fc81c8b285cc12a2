/**
 * What the flow editor's graph view needs from the editor's model: the graph's insert position
 * (`{parentId, branch?, index}`, layout.ts) as the model's `{slot, index}`. A test run's states
 * come from flow-graph/status.ts, as on the run page.
 */
import type { InsertPosition } from '$lib/flow-graph/layout';
import type { Position } from './model';

/** The graph's "Add step" position as the model's: same parent id, same branch, same index. */
export function positionOf(insert: InsertPosition): Position {
  const slot: Position['slot'] = { parent: insert.parentId };
  if (insert.branch !== undefined) slot.branch = insert.branch;
  return { slot, index: insert.index };
}
