/**
 * A flow's module tree → nodes and edges with positions: a pure function, no Svelte, no xyflow.
 * The editor and the run page draw the same projection (Windmill's graphBuilder shape).
 *
 * The layout is left-anchored: every block (a step, a loop, a branch) has its main column at its
 * left, a sequence stacks blocks downwards on that column, and the branches of a branch step go
 * side by side to the right of its first one. So a block's position depends only on what is above
 * it and to its left: inserting a step moves only what is below it or to its right (ADR 0025).
 */
import type { Schemas } from '$lib/api/client';

export type FlowModule = Schemas['FlowModule'];
export type FlowValue = Schemas['FlowValue'];

/** Sizes in graph units (CSS pixels at zoom 1). */
export const NODE_W = 220;
export const NODE_H = 48;
/** A loop's step also shows its iterations and the picker. */
export const LOOP_H = 70;
/** Small nodes: the label at the top of a branch, the end of a loop, the join of branches. */
export const SMALL_H = 28;
/** Vertical room between two nodes: the edge and its "Add step" button. */
export const GAP_Y = 44;
/** Horizontal room between two branches. */
export const GAP_X = 32;
/** A loop's body is indented by this much, and its frame pads the body by `PAD`. */
export const INDENT = 28;
export const PAD = 12;

export const INPUT_ID = '__input';
export const RESULT_ID = '__result';
export const FAILURE_LABEL_ID = '__failure';

export type NodeKind = 'input' | 'result' | 'step' | 'branch-label' | 'join' | 'loop-end' | 'frame' | 'failure-label';

export interface GraphNodeData {
  kind: NodeKind;
  /** What the node shows. */
  label: string;
  /** Steps: the step id (unique across the flow), and its module type. */
  stepId?: string;
  moduleType?: FlowModule['value']['type'];
  /** Frames, ends, joins and branch labels: the step they belong to. */
  ownerId?: string;
  /** A step with an approval (`suspend`). */
  approval?: boolean;
  /** Depth of loops around it (frames are drawn under what they hold). */
  depth: number;
  [key: string]: unknown;
}

export interface GraphNode {
  id: string;
  position: { x: number; y: number };
  width: number;
  height: number;
  data: GraphNodeData;
}

/**
 * Where a new step goes: `index` in the module list of the root (`parentId` null), of a loop's
 * body (`parentId` = the loop's id) or of one branch of a branch step (`branch`: its index, or
 * `'default'` for branch one's default).
 */
export interface InsertPosition {
  parentId: string | null;
  branch?: number | 'default';
  index: number;
}

export interface GraphEdgeData {
  /** Set on edges where a step can be inserted. */
  insert?: InsertPosition;
  /** That place in words ("before b in the flow", "in branch 1 of b, empty"): gapName. */
  gap?: string;
  [key: string]: unknown;
}

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  label?: string;
  data: GraphEdgeData;
}

export interface FlowGraphLayout {
  nodes: GraphNode[];
  edges: GraphEdge[];
  width: number;
  height: number;
}

/** A laid-out piece, its left edge at x = 0 and its top at y = 0. */
interface Block {
  nodes: GraphNode[];
  edges: GraphEdge[];
  width: number;
  height: number;
  entry: string;
  exit: string;
}

interface Container {
  parentId: string | null;
  branch?: number | 'default';
}

export function layoutFlow(value: Pick<FlowValue, 'modules' | 'failure_module'>): FlowGraphLayout {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  nodes.push(node(INPUT_ID, 0, 0, NODE_W, SMALL_H, { kind: 'input', label: 'Input', depth: 0 }));
  const body = chain(value.modules, { parentId: null }, 0, INPUT_ID, RESULT_ID);
  const bodyHeight = body.height;
  const resultY = SMALL_H + GAP_Y + (bodyHeight > 0 ? bodyHeight + GAP_Y : 0);
  nodes.push(...shift(body.nodes, 0, SMALL_H + GAP_Y));
  edges.push(...body.edges);
  nodes.push(node(RESULT_ID, 0, resultY, NODE_W, SMALL_H, { kind: 'result', label: 'Result', depth: 0 }));
  let width = Math.max(NODE_W, body.width);
  let height = resultY + SMALL_H;
  if (value.failure_module) {
    const labelY = height + GAP_Y;
    nodes.push(
      node(FAILURE_LABEL_ID, 0, labelY, NODE_W, SMALL_H, { kind: 'failure-label', label: 'On failure', depth: 0 }),
    );
    const failure = moduleBlock(value.failure_module, 0);
    const top = labelY + SMALL_H + GAP_Y;
    nodes.push(...shift(failure.nodes, 0, top));
    edges.push(...failure.edges, edge(FAILURE_LABEL_ID, failure.entry));
    width = Math.max(width, failure.width);
    height = top + failure.height;
  }
  return { nodes, edges, width, height };
}

/**
 * A sequence of modules between `start` and `end` (nodes that the caller places): the blocks
 * stacked from y = 0, and the edges start → first → … → last → end, each able to insert a step.
 */
function chain(modules: FlowModule[], container: Container, depth: number, start: string, end: string): Block {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  let y = 0;
  let width = 0;
  let previous = start;
  modules.forEach((module, index) => {
    const block = moduleBlock(module, depth);
    if (index > 0) y += GAP_Y;
    nodes.push(...shift(block.nodes, 0, y));
    edges.push(
      ...block.edges,
      edge(previous, block.entry, { ...container, index }, gapName(container, modules, index)),
    );
    previous = block.exit;
    y += block.height;
    width = Math.max(width, block.width);
  });
  edges.push(edge(previous, end, { ...container, index: modules.length }, gapName(container, modules, modules.length)));
  return { nodes, edges, width, height: y, entry: start, exit: end };
}

function moduleBlock(module: FlowModule, depth: number): Block {
  const v = module.value;
  const loop = v.type === 'forloopflow' || v.type === 'whileloopflow';
  const step = node(module.id, 0, 0, NODE_W, loop ? LOOP_H : NODE_H, {
    kind: 'step',
    label: module.summary || module.id,
    stepId: module.id,
    moduleType: v.type,
    approval: module.suspend !== undefined,
    depth,
  });
  if (v.type === 'forloopflow' || v.type === 'whileloopflow') return loopBlock(module.id, step, v.modules, depth);
  if (v.type === 'branchone') {
    const branches = [
      { label: 'Default', modules: v.default, branch: 'default' as const },
      ...v.branches.map((b, i) => ({ label: b.summary || b.expr || `Branch ${i + 1}`, modules: b.modules, branch: i })),
    ];
    return branchBlock(module.id, step, branches, depth);
  }
  if (v.type === 'branchall') {
    const branches = v.branches.map((b, i) => ({
      label: b.summary || `Branch ${i + 1}`,
      modules: b.modules,
      branch: i,
    }));
    return branchBlock(module.id, step, branches, depth);
  }
  return { nodes: [step], edges: [], width: NODE_W, height: NODE_H, entry: module.id, exit: module.id };
}

/** The loop's step, its body indented inside a frame, and an end node under the frame. */
function loopBlock(id: string, step: GraphNode, modules: FlowModule[], depth: number): Block {
  const endId = `${id}:end`;
  const body = chain(modules, { parentId: id }, depth + 1, id, endId);
  const bodyTop = LOOP_H + GAP_Y;
  const frameTop = bodyTop - PAD;
  const innerWidth = Math.max(body.width, NODE_W);
  const frameHeight = body.height + 2 * PAD;
  const frameWidth = innerWidth + 2 * PAD;
  const frameX = INDENT - PAD;
  const endY = frameTop + frameHeight + GAP_Y;
  const frame = node(`${id}:frame`, frameX, frameTop, frameWidth, frameHeight, {
    kind: 'frame',
    label: `Loop ${id}`,
    ownerId: id,
    depth,
  });
  const end = node(endId, 0, endY, NODE_W, SMALL_H, { kind: 'loop-end', label: `End of ${id}`, ownerId: id, depth });
  return {
    // The frame first: drawn under the steps it holds.
    nodes: [frame, step, ...shift(body.nodes, INDENT, bodyTop), end],
    edges: body.edges,
    width: Math.max(NODE_W, frameX + frameWidth),
    height: endY + SMALL_H,
    entry: id,
    exit: endId,
  };
}

interface BranchSpec {
  label: string;
  modules: FlowModule[];
  branch: number | 'default';
}

/** The branch step, one column per branch (a label node, then its steps), and the join under them. */
function branchBlock(id: string, step: GraphNode, branches: BranchSpec[], depth: number): Block {
  const joinId = `${id}:join`;
  const nodes: GraphNode[] = [step];
  const edges: GraphEdge[] = [];
  const top = NODE_H + GAP_Y;
  let x = 0;
  let height = 0;
  for (const spec of branches) {
    const labelId = `${id}:branch:${spec.branch}`;
    nodes.push(node(labelId, x, top, NODE_W, SMALL_H, { kind: 'branch-label', label: spec.label, ownerId: id, depth }));
    edges.push(edge(id, labelId));
    const column = chain(spec.modules, { parentId: id, branch: spec.branch }, depth, labelId, joinId);
    nodes.push(...shift(column.nodes, x, top + SMALL_H + GAP_Y));
    edges.push(...column.edges);
    const columnHeight = SMALL_H + (column.height > 0 ? GAP_Y + column.height : 0);
    height = Math.max(height, columnHeight);
    x += Math.max(NODE_W, column.width) + GAP_X;
  }
  const joinY = top + height + GAP_Y;
  nodes.push(node(joinId, 0, joinY, NODE_W, SMALL_H, { kind: 'join', label: `End of ${id}`, ownerId: id, depth }));
  return { nodes, edges, width: Math.max(NODE_W, x - GAP_X), height: joinY + SMALL_H, entry: id, exit: joinId };
}

function node(id: string, x: number, y: number, width: number, height: number, data: GraphNodeData): GraphNode {
  return { id, position: { x, y }, width, height, data };
}

function edge(source: string, target: string, insert?: InsertPosition, gap?: string): GraphEdge {
  return { id: `${source}->${target}`, source, target, data: insert ? { insert, gap } : {} };
}

/** A list of steps in words: "the flow", "the body of loop a", "branch 2 of b", "the default branch of b". */
export function placeName(at: { parentId: string | null; branch?: number | 'default' }): string {
  if (at.parentId === null) return 'the flow';
  if (at.branch === undefined) return `the body of loop ${at.parentId}`;
  if (at.branch === 'default') return `the default branch of ${at.parentId}`;
  return `branch ${at.branch + 1} of ${at.parentId}`;
}

/**
 * A gap between steps in words, the same in the graph and the outline (tests find "Add step" by it):
 * "before c in the flow", "at the end of branch 1 of b", "in the body of loop a, empty".
 */
export function gapName(
  at: { parentId: string | null; branch?: number | 'default' },
  modules: readonly { id: string }[],
  index: number,
): string {
  const place = placeName(at);
  const next = modules[index];
  if (next) return `before ${next.id} in ${place}`;
  return modules.length ? `at the end of ${place}` : `in ${place}, empty`;
}

function shift(nodes: GraphNode[], dx: number, dy: number): GraphNode[] {
  if (dx === 0 && dy === 0) return nodes;
  return nodes.map((n) => ({ ...n, position: { x: n.position.x + dx, y: n.position.y + dy } }));
}

/** Every module of the flow, nested ones included, in document order (the failure handler last). */
export function allModules(value: Pick<FlowValue, 'modules' | 'failure_module'>): FlowModule[] {
  const out: FlowModule[] = [];
  const visit = (modules: FlowModule[]) => {
    for (const m of modules) {
      out.push(m);
      const v = m.value;
      if (v.type === 'forloopflow' || v.type === 'whileloopflow') visit(v.modules);
      else if (v.type === 'branchone') {
        visit(v.default);
        for (const b of v.branches) visit(b.modules);
      } else if (v.type === 'branchall') for (const b of v.branches) visit(b.modules);
    }
  };
  visit(value.modules);
  if (value.failure_module) visit([value.failure_module]);
  return out;
}
