/**
 * The flow editor's document model: a flow (path, summary, description, `value`, input `schema`)
 * and every edit the editor makes to it, as pure functions from one document to the next.
 *
 * The contract with any view of the flow (the outline of this module's editor page today, the
 * @xyflow graph of lib/flow-graph later): a view never changes a document itself. It names places
 * by step id — a step is `{ id }`, a gap between steps is a `Position` (`slot` = the list the gap
 * is in, by its owner's step id; `index` = where in that list) — and calls these operations; the
 * editor passes each new document through its `History`, so every change, whoever makes it, is
 * undoable. `listSlots`/`stepsIn` give a view everything it needs to draw the tree and its gaps.
 *
 * Documents are never mutated: each operation copies what it changes and shares the rest with
 * the document it came from (immer's copy on write), so an older document kept by the history
 * stays as it was, and fifty edits of a 200-step flow keep fifty small changes, not fifty flows.
 * Results are not frozen: views hand parts of them to components that may wrap them in `$state`.
 */
import { Immer } from 'immer';
import type {
  BranchAll,
  BranchOne,
  FlowModule,
  FlowModuleValue,
  FlowValue,
  ForloopFlow,
  InputTransform,
  Retry,
  WhileloopFlow,
} from '$openapi/flow';

const { produce } = new Immer({ autoFreeze: false });

/** JSON Schema of the flow's input (`{type: 'object', properties, required, order}`). */
export interface InputSchema {
  $schema?: string;
  type?: string;
  properties?: Record<string, Record<string, unknown>>;
  required?: string[];
  order?: string[];
  [key: string]: unknown;
}

export interface FlowDocument {
  path: string;
  summary: string;
  description: string;
  value: FlowValue;
  schema: InputSchema;
}

/**
 * A list of steps: the flow's top level (`parent: null`), a loop's body (`parent` = the loop's id),
 * a branch (`parent` = the branch step's id, `branch` = its index, or 'default' for branch one's
 * default), or the failure handler (`parent: 'failure'`, holding at most one step).
 */
export interface Slot {
  parent: string | null | 'failure';
  branch?: number | 'default';
}

/** A gap between steps: inserting there puts the new step at `index` of the slot's list. */
export interface Position {
  slot: Slot;
  index: number;
}

export type StepKind =
  | 'rawscript'
  | 'script'
  | 'flow'
  | 'forloopflow'
  | 'whileloopflow'
  | 'branchone'
  | 'branchall'
  | 'approval'
  | 'identity';

/** The "Add step" menu, in order, with the names the issue fixes. */
export const STEP_KINDS: readonly { kind: StepKind; label: string }[] = [
  { kind: 'rawscript', label: 'Inline script' },
  { kind: 'script', label: 'Script' },
  { kind: 'flow', label: 'Flow' },
  { kind: 'forloopflow', label: 'For loop' },
  { kind: 'whileloopflow', label: 'While loop' },
  { kind: 'branchone', label: 'Branch one' },
  { kind: 'branchall', label: 'Branch all' },
  { kind: 'approval', label: 'Approval' },
  { kind: 'identity', label: 'Identity' },
];

/** A script's language, from the one list (`runtimes/languages.ts`). */
import type { Language as ScriptLanguage } from '@runnel/runtimes/languages';
export type { ScriptLanguage };

export interface NewStepOptions {
  language?: ScriptLanguage;
  /** The inline script's code; the language's template when absent. */
  content?: string;
  /** Script or flow path. */
  path?: string;
  summary?: string;
}

/** A step id: what `results.<id>` can name. */
export const STEP_ID = /^[A-Za-z_][A-Za-z0-9_]*$/;

export class ModelError extends Error {}

export function emptyFlow(): FlowDocument {
  return {
    path: '',
    summary: '',
    description: '',
    value: { modules: [] },
    schema: { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', properties: {}, required: [] },
  };
}

// ---------------------------------------------------------------------------------------------
// Walking the tree

/** Every list of steps inside a step's value, with the slot that names it. */
export function childSlots(module: FlowModule): { slot: Slot; modules: FlowModule[] }[] {
  const v = module.value;
  if (v.type === 'forloopflow' || v.type === 'whileloopflow')
    return [{ slot: { parent: module.id }, modules: v.modules }];
  if (v.type === 'branchone') {
    return [
      ...v.branches.map((b, i) => ({ slot: { parent: module.id, branch: i }, modules: b.modules })),
      { slot: { parent: module.id, branch: 'default' as const }, modules: v.default },
    ];
  }
  if (v.type === 'branchall') {
    return v.branches.map((b, i) => ({ slot: { parent: module.id, branch: i }, modules: b.modules }));
  }
  return [];
}

/** Visits every step, depth first in document order, with the chain of its enclosing steps. */
export function walk(value: FlowValue, visit: (module: FlowModule, ancestors: FlowModule[]) => void): void {
  const go = (modules: FlowModule[], ancestors: FlowModule[]) => {
    for (const m of modules) {
      visit(m, ancestors);
      for (const child of childSlots(m)) go(child.modules, [...ancestors, m]);
    }
  };
  go(value.modules, []);
  if (value.failure_module) go([value.failure_module], []);
}

export function allIds(value: FlowValue): Set<string> {
  const ids = new Set<string>();
  walk(value, (m) => ids.add(m.id));
  return ids;
}

export function findStep(value: FlowValue, id: string): FlowModule | undefined {
  let found: FlowModule | undefined;
  walk(value, (m) => {
    if (m.id === id && !found) found = m;
  });
  return found;
}

/** The steps of a slot; undefined when the slot names nothing (a removed step, a bad branch). */
export function stepsIn(value: FlowValue, slot: Slot): FlowModule[] | undefined {
  if (slot.parent === null) return value.modules;
  if (slot.parent === 'failure') return value.failure_module ? [value.failure_module] : [];
  const owner = findStep(value, slot.parent);
  if (!owner) return undefined;
  return childSlots(owner).find((c) => c.slot.branch === slot.branch)?.modules;
}

/** Where a step is: its slot and index. */
export function locate(value: FlowValue, id: string): Position | undefined {
  if (value.failure_module?.id === id) return { slot: { parent: 'failure' }, index: 0 };
  const search = (modules: FlowModule[], slot: Slot): Position | undefined => {
    const index = modules.findIndex((m) => m.id === id);
    if (index >= 0) return { slot, index };
    for (const m of modules) {
      for (const child of childSlots(m)) {
        const found = search(child.modules, child.slot);
        if (found) return found;
      }
    }
    return undefined;
  };
  return search(value.modules, { parent: null }) ?? (value.failure_module ? searchFailure() : undefined);

  function searchFailure(): Position | undefined {
    const f = value.failure_module!;
    for (const child of childSlots(f)) {
      const found = search(child.modules, child.slot);
      if (found) return found;
    }
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Ids

/** Windmill's ids: a, b, …, z, aa, ab, …: the first not used anywhere in the flow. */
export function nextId(value: FlowValue, taken: Set<string> = allIds(value)): string {
  for (let n = 0; ; n++) {
    const id = idFor(n);
    if (!taken.has(id)) return id;
  }
}

function idFor(n: number): string {
  let s = '';
  let k = n + 1;
  while (k > 0) {
    k--;
    s = String.fromCharCode(97 + (k % 26)) + s;
    k = Math.floor(k / 26);
  }
  return s;
}

// ---------------------------------------------------------------------------------------------
// Editing helpers

/** Clones the document and hands the clone's step (and its value) to `change`. */
function editStep(
  doc: FlowDocument,
  id: string,
  change: (module: FlowModule, doc: FlowDocument) => void,
): FlowDocument {
  return produce(doc, (next) => {
    const module = findStep(next.value, id);
    if (!module) throw new ModelError(`no step ${id}`);
    change(module, next);
  });
}

function editSlot(
  doc: FlowDocument,
  slot: Slot,
  change: (modules: FlowModule[], next: FlowDocument) => void,
): FlowDocument {
  return produce(doc, (next) => {
    if (slot.parent === 'failure') {
      const list = next.value.failure_module ? [next.value.failure_module] : [];
      change(list, next);
      if (list.length > 1) throw new ModelError('the failure handler is one step');
      if (list[0]) next.value.failure_module = list[0];
      else delete next.value.failure_module;
      return;
    }
    const modules = stepsIn(next.value, slot);
    if (!modules) throw new ModelError(`no such place in the flow: ${slotName(slot)}`);
    change(modules, next);
  });
}

function slotName(slot: Slot): string {
  if (slot.parent === null) return 'the top level';
  return slot.branch === undefined ? `inside ${slot.parent}` : `branch ${slot.branch} of ${slot.parent}`;
}

// ---------------------------------------------------------------------------------------------
// Templates

export const TEMPLATES: Record<ScriptLanguage, string> = {
  bun: 'export async function main(x: string) {\n  return x;\n}\n',
  deno: 'export async function main(x: string) {\n  return x;\n}\n',
  python3: 'def main(x: str):\n    return x\n',
  bash: 'x="$1"\necho "$x"\n',
  nativets: 'export function main(x: string) {\n  return x;\n}\n',
};

/** A new step of `kind` with id `id`: what "Add step" inserts. */
export function newStep(kind: StepKind, id: string, options: NewStepOptions = {}): FlowModule {
  const summary = options.summary ? { summary: options.summary } : {};
  const value = ((): FlowModuleValue => {
    switch (kind) {
      case 'rawscript': {
        const language = options.language ?? 'bun';
        return {
          type: 'rawscript',
          language,
          content: options.content ?? TEMPLATES[language],
          input_transforms: {},
        };
      }
      case 'script':
        return { type: 'script', path: options.path ?? '', input_transforms: {} };
      case 'flow':
        return { type: 'flow', path: options.path ?? '', input_transforms: {} };
      case 'forloopflow':
        return {
          type: 'forloopflow',
          modules: [],
          iterator: { type: 'javascript', expr: '[]' },
          skip_failures: false,
          parallel: false,
        };
      case 'whileloopflow':
        return { type: 'whileloopflow', modules: [], skip_failures: false };
      case 'branchone':
        return { type: 'branchone', branches: [{ summary: '', expr: 'false', modules: [] }], default: [] };
      case 'branchall':
        return { type: 'branchall', branches: [{ summary: '', skip_failure: false, modules: [] }], parallel: false };
      case 'approval':
      case 'identity':
        return { type: 'identity' };
    }
  })();
  const module: FlowModule = { id, value, ...summary };
  // An approval is a step that pauses after itself: an identity passing its input on, suspended.
  if (kind === 'approval') module.suspend = { required_events: 1, timeout: 1800 };
  if (kind === 'whileloopflow') module.stop_after_if = { expr: 'true', skip_if_stopped: false };
  return module;
}

/** What kind of step a module is, for labels: an identity with `suspend` is an approval. */
export function kindOf(module: FlowModule): StepKind {
  if (module.value.type === 'identity' && module.suspend) return 'approval';
  return module.value.type;
}

export function kindLabel(module: FlowModule): string {
  const kind = kindOf(module);
  const label = STEP_KINDS.find((k) => k.kind === kind)?.label ?? kind;
  if (module.value.type === 'script' || module.value.type === 'flow') {
    return module.value.path ? `${label} ${module.value.path}` : label;
  }
  if (module.value.type === 'rawscript') return `${label} (${module.value.language})`;
  return label;
}

// ---------------------------------------------------------------------------------------------
// Structure

/** Inserts a new step; answers the document and the new step's id. */
export function insertStep(
  doc: FlowDocument,
  at: Position,
  kind: StepKind,
  options: NewStepOptions = {},
): { doc: FlowDocument; id: string } {
  const id = nextId(doc.value);
  const next = editSlot(doc, at.slot, (modules) => {
    const index = Math.max(0, Math.min(at.index, modules.length));
    modules.splice(index, 0, newStep(kind, id, options));
  });
  return { doc: next, id };
}

export function deleteStep(doc: FlowDocument, id: string): FlowDocument {
  const at = locate(doc.value, id);
  if (!at) throw new ModelError(`no step ${id}`);
  const next = editSlot(doc, at.slot, (modules) => {
    modules.splice(at.index, 1);
  });
  if (next.value.early_return === id) delete next.value.early_return;
  return next;
}

/** Copies a step (and every step inside it, each with a fresh id) right after it. */
export function duplicateStep(doc: FlowDocument, id: string): { doc: FlowDocument; id: string } {
  const at = locate(doc.value, id);
  if (!at) throw new ModelError(`no step ${id}`);
  if (at.slot.parent === 'failure') throw new ModelError('the failure handler is one step: it cannot be duplicated');
  const taken = allIds(doc.value);
  const original = findStep(doc.value, id)!;
  const copy = structuredClone(original);
  const renamed = new Map<string, string>();
  const renumber = (m: FlowModule) => {
    const fresh = nextId(doc.value, taken);
    taken.add(fresh);
    renamed.set(m.id, fresh);
    m.id = fresh;
    for (const child of childSlots(m)) child.modules.forEach(renumber);
  };
  renumber(copy);
  // References inside the copy to steps inside the copy follow the copy.
  for (const [from, to] of renamed) rewriteModuleRefs(copy, from, to);
  const next = editSlot(doc, at.slot, (modules) => {
    modules.splice(at.index + 1, 0, copy);
  });
  return { doc: next, id: copy.id };
}

/** Moves a step one place up (-1) or down (+1) within its list; at either end nothing changes. */
export function moveStep(doc: FlowDocument, id: string, by: -1 | 1): FlowDocument {
  const at = locate(doc.value, id);
  if (!at) throw new ModelError(`no step ${id}`);
  const list = stepsIn(doc.value, at.slot)!;
  const to = at.index + by;
  if (to < 0 || to >= list.length) return doc;
  return editSlot(doc, at.slot, (modules) => {
    modules.splice(to, 0, ...modules.splice(at.index, 1));
  });
}

export function canMove(doc: FlowDocument, id: string, by: -1 | 1): boolean {
  const at = locate(doc.value, id);
  if (!at) return false;
  const to = at.index + by;
  return to >= 0 && to < (stepsIn(doc.value, at.slot)?.length ?? 0);
}

/** Why `id` cannot become a step's new id, or null when it can. */
export function idProblem(value: FlowValue, from: string, to: string): string | null {
  if (!STEP_ID.test(to)) return 'an id is letters, digits and _, not starting with a digit';
  if (to !== from && allIds(value).has(to)) return `another step is already called ${to}`;
  if (to === 'failure') return '"failure" is reserved';
  return null;
}

/** Renames a step and every `results.<id>` that reads it, anywhere in the flow. */
export function renameStep(doc: FlowDocument, from: string, to: string): FlowDocument {
  if (from === to) return doc;
  const problem = idProblem(doc.value, from, to);
  if (problem) throw new ModelError(problem);
  return produce(doc, (next) => {
    const module = findStep(next.value, from);
    if (!module) throw new ModelError(`no step ${from}`);
    module.id = to;
    const rename = refRenamer(from, to);
    walk(next.value, (m) => mapOwnExprs(m, rename));
    if (next.value.early_return === from) next.value.early_return = to;
  });
}

/** `results.a`, `results['a']`, `results["a"]` → the same with `to`; other text is left alone. */
export function renameRefs(expr: string, from: string, to: string): string {
  return refRenamer(from, to)(expr);
}

/** renameRefs with its patterns compiled once, for rewriting every expression of a flow. */
function refRenamer(from: string, to: string): (expr: string) => string {
  const name = from.replace(/[$]/g, '\\$');
  const dotted = new RegExp(`(\\bresults\\s*\\.\\s*)${name}(?![A-Za-z0-9_$])`, 'g');
  const indexed = new RegExp(`(\\bresults\\s*\\[\\s*)(['"\`])${name}\\2`, 'g');
  return (expr) => (expr.includes(from) ? expr.replace(dotted, `$1${to}`).replace(indexed, `$1$2${to}$2`) : expr);
}

/** Every expression a step holds itself (not those of the steps inside it), rewritten by `map`. */
function mapOwnExprs(module: FlowModule, map: (expr: string) => string): void {
  const mapTransform = (t: InputTransform | undefined) => {
    if (t?.type === 'javascript') t.expr = map(t.expr);
  };
  const v = module.value;
  if ('input_transforms' in v && v.input_transforms) Object.values(v.input_transforms).forEach(mapTransform);
  if (v.type === 'forloopflow') mapTransform(v.iterator);
  if ((v.type === 'forloopflow' || v.type === 'whileloopflow') && typeof v.parallelism === 'object') {
    mapTransform(v.parallelism);
  }
  if (v.type === 'branchone') v.branches.forEach((b) => (b.expr = map(b.expr)));
  if (module.skip_if) module.skip_if.expr = map(module.skip_if.expr);
  if (module.stop_after_if) module.stop_after_if.expr = map(module.stop_after_if.expr);
  if (module.stop_after_all_iters_if) module.stop_after_all_iters_if.expr = map(module.stop_after_all_iters_if.expr);
  if (module.retry?.retry_if) module.retry.retry_if.expr = map(module.retry.retry_if.expr);
  if (typeof module.sleep === 'object') mapTransform(module.sleep);
  if (typeof module.timeout === 'object') mapTransform(module.timeout);
}

function rewriteModuleRefs(module: FlowModule, from: string, to: string): void {
  const rename = refRenamer(from, to);
  const visit = (m: FlowModule) => {
    mapOwnExprs(m, rename);
    for (const child of childSlots(m)) child.modules.forEach(visit);
  };
  visit(module);
}

// ---------------------------------------------------------------------------------------------
// Step fields

export function setSummary(doc: FlowDocument, id: string, summary: string): FlowDocument {
  return editStep(doc, id, (m) => {
    if (summary) m.summary = summary;
    else delete m.summary;
  });
}

/** The step's value with its own fields changed: code, language, path, loop and branch options. */
export function setValue<T extends FlowModuleValue>(
  doc: FlowDocument,
  id: string,
  change: Partial<Omit<T, 'type' | 'modules' | 'branches' | 'default'>>,
): FlowDocument {
  return editStep(doc, id, (m) => {
    const v = m.value as unknown as Record<string, unknown>;
    for (const [k, val] of Object.entries(change)) {
      if (val === undefined) delete v[k];
      else v[k] = val;
    }
  });
}

export type InputMode = 'static' | 'javascript';

function transformsOf(module: FlowModule): Record<string, InputTransform | undefined> {
  const v = module.value;
  if (v.type !== 'rawscript' && v.type !== 'script' && v.type !== 'flow') {
    throw new ModelError(`step ${module.id} (${v.type}) has no inputs`);
  }
  v.input_transforms ??= {};
  return v.input_transforms;
}

export function setInputValue(doc: FlowDocument, id: string, name: string, value: unknown): FlowDocument {
  return editStep(doc, id, (m) => {
    transformsOf(m)[name] = { type: 'static', value };
  });
}

export function setInputExpr(doc: FlowDocument, id: string, name: string, expr: string): FlowDocument {
  return editStep(doc, id, (m) => {
    transformsOf(m)[name] = { type: 'javascript', expr };
  });
}

export function removeInput(doc: FlowDocument, id: string, name: string): FlowDocument {
  return editStep(doc, id, (m) => {
    delete transformsOf(m)[name];
  });
}

/**
 * Switches an input between a static value and an expression keeping what it says: a value
 * becomes the expression that evaluates to it (`"text"`, `42`, `{"a":1}`), and an expression that
 * is a JSON literal becomes that value — any other expression becomes its text as a string value,
 * so nothing typed is lost either way.
 */
export function setInputMode(doc: FlowDocument, id: string, name: string, mode: InputMode): FlowDocument {
  return editStep(doc, id, (m) => {
    const transforms = transformsOf(m);
    const current = transforms[name];
    if (current?.type === mode) return;
    transforms[name] = mode === 'javascript' ? { type: 'javascript', expr: toExpr(current) } : toStatic(current);
  });
}

function toExpr(t: InputTransform | undefined): string {
  if (t?.type !== 'static' || t.value === undefined) return '';
  return JSON.stringify(t.value);
}

function toStatic(t: InputTransform | undefined): InputTransform {
  if (t?.type !== 'javascript') return { type: 'static', value: undefined };
  const expr = t.expr.trim();
  if (expr === '') return { type: 'static', value: undefined };
  try {
    return { type: 'static', value: JSON.parse(expr) as unknown };
  } catch {
    return { type: 'static', value: t.expr };
  }
}

/** The step-level options the side panel edits; `undefined` removes one. */
export interface StepOptions {
  retry?: Retry;
  sleep?: FlowModule['sleep'];
  timeout?: FlowModule['timeout'];
  skip_if?: FlowModule['skip_if'];
  stop_after_if?: FlowModule['stop_after_if'];
  stop_after_all_iters_if?: FlowModule['stop_after_all_iters_if'];
  continue_on_error?: boolean;
  suspend?: FlowModule['suspend'];
}

export function setOptions(doc: FlowDocument, id: string, options: StepOptions): FlowDocument {
  return editStep(doc, id, (m) => {
    const target = m as unknown as Record<string, unknown>;
    for (const [k, v] of Object.entries(options)) {
      if (v === undefined || v === false || (k.endsWith('_if') && !(v as { expr: string }).expr.trim())) {
        delete target[k];
      } else target[k] = v;
    }
  });
}

export function setLoopOptions(
  doc: FlowDocument,
  id: string,
  options: Partial<Pick<ForloopFlow, 'iterator' | 'parallel' | 'parallelism' | 'skip_failures'>>,
): FlowDocument {
  return editStep(doc, id, (m) => {
    const v = m.value;
    if (v.type !== 'forloopflow' && v.type !== 'whileloopflow') throw new ModelError(`step ${id} is not a loop`);
    if (options.iterator && v.type !== 'forloopflow') throw new ModelError('only a for loop has an iterator');
    const target = v as ForloopFlow | WhileloopFlow as unknown as Record<string, unknown>;
    for (const [k, val] of Object.entries(options)) {
      if (val === undefined) delete target[k];
      else target[k] = val;
    }
  });
}

export function addBranch(doc: FlowDocument, id: string): FlowDocument {
  return editStep(doc, id, (m) => {
    const v = m.value;
    if (v.type === 'branchone') v.branches.push({ summary: '', expr: 'false', modules: [] });
    else if (v.type === 'branchall') v.branches.push({ summary: '', skip_failure: false, modules: [] });
    else throw new ModelError(`step ${id} has no branches`);
  });
}

export function removeBranch(doc: FlowDocument, id: string, index: number): FlowDocument {
  return editStep(doc, id, (m) => {
    const v = m.value;
    if (v.type !== 'branchone' && v.type !== 'branchall') throw new ModelError(`step ${id} has no branches`);
    if (v.type === 'branchall' && v.branches.length <= 1) throw new ModelError('branch all needs at least one branch');
    v.branches.splice(index, 1);
  });
}

export function setBranch(
  doc: FlowDocument,
  id: string,
  index: number,
  change: { expr?: string; summary?: string; skip_failure?: boolean },
): FlowDocument {
  return editStep(doc, id, (m) => {
    const v = m.value as BranchOne | BranchAll;
    const branch = v.type === 'branchone' || v.type === 'branchall' ? v.branches[index] : undefined;
    if (!branch) throw new ModelError(`step ${id} has no branch ${index}`);
    Object.assign(branch, change);
  });
}

// ---------------------------------------------------------------------------------------------
// Document fields and input schema

export function setMeta(
  doc: FlowDocument,
  change: Partial<Pick<FlowDocument, 'path' | 'summary' | 'description'>>,
): FlowDocument {
  return { ...doc, ...change };
}

/** Dedicated runtimes for the flow's inline Bun and Python steps (docs/adr/0050); off removes the field. */
export function setDedicated(doc: FlowDocument, on: boolean): FlowDocument {
  const { dedicated: _, ...value } = doc.value as FlowDocument['value'] & { dedicated?: boolean };
  return { ...doc, value: on ? { ...value, dedicated: true } : value } as FlowDocument;
}

export interface InputField {
  name: string;
  type: 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array';
  description: string;
  required: boolean;
  /** The default, absent when none. */
  default?: unknown;
}

export const FIELD_TYPES: readonly InputField['type'][] = ['string', 'number', 'integer', 'boolean', 'object', 'array'];

/** The input schema's fields, in `order` (then property order). */
export function inputFields(schema: InputSchema): InputField[] {
  const props = schema.properties ?? {};
  const names = [...(schema.order ?? []).filter((n) => n in props), ...Object.keys(props)];
  return [...new Set(names)].map((name) => {
    const p = props[name] ?? {};
    const type = FIELD_TYPES.includes(p.type as InputField['type']) ? (p.type as InputField['type']) : 'string';
    return {
      name,
      type,
      description: typeof p.description === 'string' ? p.description : '',
      required: (schema.required ?? []).includes(name),
      ...('default' in p ? { default: p.default } : {}),
    };
  });
}

/** Adds or replaces field `previous` (or `field.name`) of the flow's input schema. */
export function setInputField(doc: FlowDocument, field: InputField, previous: string = field.name): FlowDocument {
  return { ...doc, schema: setSchemaField(doc.schema, field, previous) };
}

export function removeInputField(doc: FlowDocument, name: string): FlowDocument {
  return { ...doc, schema: removeSchemaField(doc.schema, name) };
}

/**
 * Adds or replaces field `previous` (or `field.name`) of any object schema (the flow's input, an
 * approval's resume form), keeping what else the schema says of it.
 */
export function setSchemaField(source: InputSchema, field: InputField, previous: string = field.name): InputSchema {
  if (!STEP_ID.test(field.name))
    throw new ModelError('a field name is letters, digits and _, not starting with a digit');
  const schema = structuredClone(source);
  schema.type ??= 'object';
  const props = (schema.properties ??= {});
  if (previous !== field.name && field.name in props) throw new ModelError(`there is already a field ${field.name}`);
  const kept = { ...(props[previous] ?? {}) };
  delete kept.default;
  const entry: Record<string, unknown> = { ...kept, type: field.type };
  if (field.description) entry.description = field.description;
  else delete entry.description;
  if (field.default !== undefined) entry.default = field.default;
  const names = inputFields(schema).map((f) => f.name);
  const order = names.includes(previous) ? names.map((n) => (n === previous ? field.name : n)) : [...names, field.name];
  delete props[previous];
  schema.properties = Object.fromEntries(order.map((n) => [n, n === field.name ? entry : (props[n] ?? {})]));
  schema.order = order;
  const required = (schema.required ?? []).filter((n) => n !== previous && n !== field.name);
  schema.required = field.required ? [...required, field.name] : required;
  return schema;
}

export function removeSchemaField(source: InputSchema, name: string): InputSchema {
  const schema = structuredClone(source);
  if (schema.properties) delete schema.properties[name];
  schema.required = (schema.required ?? []).filter((n) => n !== name);
  if (schema.order) schema.order = schema.order.filter((n) => n !== name);
  return schema;
}

// ---------------------------------------------------------------------------------------------
// Retry preview

/**
 * The waits before each retry, in seconds, as the engine computes them (server/src/flows/engine/
 * retry.ts): the constant ones, then `multiplier * seconds ^ n` with n counting every retry so
 * far; jitter (`random_factor`) is shown apart, as ± percent.
 */
export function retryDelays(retry: Retry | undefined): number[] {
  const out: number[] = [];
  const constant = retry?.constant?.attempts ?? 0;
  for (let i = 0; i < constant; i++) out.push(retry?.constant?.seconds ?? 0);
  const exp = retry?.exponential;
  for (let i = 0; i < (exp?.attempts ?? 0); i++) {
    out.push((exp?.multiplier ?? 1) * Math.pow(exp?.seconds ?? 0, constant + i + 1));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Expression autocompletion

export interface Completion {
  label: string;
  detail: string;
}

/**
 * What an expression of step `id` can read: `flow_input.<field>` from the input schema,
 * `results.<id>` of every step that has ended before it (earlier steps of its list and of every
 * enclosing list, and the enclosing steps' earlier siblings), `.<key>` of those from the last test
 * run's results when given, `flow_input.iter.value/index` inside a for loop, `previous_result`,
 * and `resume` after an approval.
 */
export function completions(doc: FlowDocument, id: string, lastResults: Record<string, unknown> = {}): Completion[] {
  const out: Completion[] = [];
  for (const f of inputFields(doc.schema)) {
    out.push({ label: `flow_input.${f.name}`, detail: `flow input (${f.type})` });
  }
  const chain = ancestry(doc.value, id);
  if (!chain) return out;
  if (chain.some((p) => p.owner?.value.type === 'forloopflow')) {
    out.push({ label: 'flow_input.iter.value', detail: 'the current item of the loop' });
    out.push({ label: 'flow_input.iter.index', detail: 'the index of the current item' });
  }
  let afterApproval = false;
  for (const { before } of chain) {
    for (const m of before) {
      out.push({ label: `results.${m.id}`, detail: m.summary || kindLabel(m) });
      const result = lastResults[m.id];
      if (result && typeof result === 'object' && !Array.isArray(result)) {
        for (const key of Object.keys(result)) {
          if (/^[A-Za-z_$][\w$]*$/.test(key))
            out.push({ label: `results.${m.id}.${key}`, detail: 'from the last test' });
        }
      }
    }
    const last = before.at(-1);
    if (last?.suspend) afterApproval = true;
  }
  out.push({ label: 'previous_result', detail: "the previous step's result" });
  if (afterApproval) out.push({ label: 'resume', detail: 'what the approval was resumed with' });
  const failure = doc.value.failure_module;
  if (failure && (failure.id === id || findStep({ modules: [failure] }, id))) {
    out.push({ label: 'error', detail: "the flow's error (failure handler)" });
    out.push({ label: 'error.message', detail: "the error's message" });
  }
  return out;
}

/** From the step outward: each list it sits in, the steps before it there, and the list's owner. */
function ancestry(value: FlowValue, id: string): { before: FlowModule[]; owner: FlowModule | null }[] | null {
  const search = (
    modules: FlowModule[],
    owner: FlowModule | null,
  ): { before: FlowModule[]; owner: FlowModule | null }[] | null => {
    for (const [i, m] of modules.entries()) {
      if (m.id === id) return [{ before: modules.slice(0, i), owner }];
      for (const child of childSlots(m)) {
        const inner = search(child.modules, m);
        if (inner) return [...inner, { before: modules.slice(0, i), owner }];
      }
    }
    return null;
  };
  const found = search(value.modules, null);
  if (found) return found;
  if (value.failure_module) {
    return search([value.failure_module], null)?.map((c) => (c.owner ? c : { ...c, before: value.modules })) ?? null;
  }
  return null;
}

/** Completions that extend what was typed up to the cursor (the last dotted word). */
export function matchCompletions(all: Completion[], typed: string): Completion[] {
  const word = /[A-Za-z_$][\w$.]*$/.exec(typed)?.[0] ?? '';
  if (!word) return [];
  return all.filter((c) => c.label.startsWith(word) && c.label !== word);
}
