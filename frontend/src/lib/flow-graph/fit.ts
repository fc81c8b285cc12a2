/**
 * Where a graph opens: the whole flow when it is readable at the box's size, otherwise its top-left
 * part at a readable zoom (a tall flow fitted whole drew 6-pixel text). Pure: FlowGraph gives it
 * the layout and its box, and passes the answer to xyflow's fitView.
 */
import type { GraphNode } from './layout';

/** Below this zoom a step's text (0.8rem) is too small to read. */
export const READABLE_ZOOM = 0.75;
/** xyflow's fitView padding: a share of the box left around what is fitted. */
export const FIT_PADDING = 0.1;
/** The box assumed before it is measured: the graph's usual size on a laptop. */
const DEFAULT_BOX = { width: 600, height: 560 };

export interface OpeningView {
  /** The nodes to fit; absent: all of them. */
  nodes?: { id: string }[];
  minZoom?: number;
  maxZoom: number;
  padding: number;
}

export function openingView(
  layout: { nodes: readonly GraphNode[]; width: number; height: number },
  box: { width: number; height: number },
): OpeningView {
  const { width, height } = box.width > 0 && box.height > 0 ? box : DEFAULT_BOX;
  const room = 1 + 2 * FIT_PADDING;
  const whole = Math.min(width / (layout.width * room), height / (layout.height * room));
  if (whole >= READABLE_ZOOM) return { maxZoom: 1, padding: FIT_PADDING };
  // What the box shows at a readable zoom, from the top-left corner (the flow's input).
  const seenW = width / (READABLE_ZOOM * room);
  const seenH = height / (READABLE_ZOOM * room);
  const top = layout.nodes.filter(
    (n) => n.data.kind !== 'frame' && n.position.y + n.height <= seenH && n.position.x + n.width <= seenW,
  );
  const nodes = (top.length ? top : layout.nodes.slice(0, 1)).map((n) => ({ id: n.id }));
  return { nodes, minZoom: READABLE_ZOOM, maxZoom: 1, padding: FIT_PADDING };
}
