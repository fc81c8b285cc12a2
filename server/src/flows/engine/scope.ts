/**
 * What expressions see, and how transforms and expressions are evaluated. Every failure becomes
 * an ExpressionFailure whose message names where the expression sits, the expression and its error.
 */
import type { InputTransform, InputTransforms } from '@runnel/api-contract';
import type { Evaluate } from './types.js';
import { json, type EngineState, type ResumeScope, type SeqNode, type StepError } from './state.js';

export class ExpressionFailure extends Error {
  override name = 'ExpressionError';
}

/**
 * The scope of expressions of a module in sequence `seqKey`: `flow_input` (with `iter` of the
 * innermost loop iteration), `results` of the steps of this sequence and of every enclosing one,
 * `previous_result`, and `resume`/`resumes`/`approvers` of the latest approval before it.
 */
export function scopeOf(state: EngineState, seqKey: string, extra?: Record<string, unknown>): Record<string, unknown> {
  const chain: SeqNode[] = [];
  for (let k: string | undefined = seqKey; k !== undefined;) {
    const seq = state.nodes[k] as SeqNode;
    chain.unshift(seq);
    k = seq.up;
  }
  let flowInput: Record<string, unknown> = state.input;
  const results: Record<string, unknown> = {};
  let resume: ResumeScope | undefined;
  for (const seq of chain) {
    if (seq.iter) flowInput = { ...flowInput, iter: seq.iter };
    Object.assign(results, seq.results);
    if (seq.resume) resume = seq.resume;
  }
  const scope: Record<string, unknown> = {
    flow_input: flowInput,
    results,
    previous_result: json(chain[chain.length - 1].prev),
  };
  if (resume) {
    scope.resume = resume.resume;
    scope.resumes = resume.resumes;
    scope.approvers = resume.approvers;
  }
  if (state.error && chain.some((s) => s.owner === 'failure')) scope.error = errorScope(state.error);
  return extra ? { ...scope, ...extra } : scope;
}

function errorScope(e: StepError): Record<string, unknown> {
  return { message: e.message, name: e.name, step_id: e.step_id, ...(e.stack ? { stack: e.stack } : {}) };
}

/** Evaluates `expr`; `where` names the field it comes from, e.g. `input_transforms.x` or `skip_if`. */
export function evaluateExpr(evaluate: Evaluate, where: string, expr: string, scope: Record<string, unknown>): unknown {
  try {
    return evaluate(expr, scope);
  } catch (err) {
    // The sandbox's own messages already say `expression \`…\` failed: TypeError: …`.
    if (err instanceof Error && err.message.startsWith('expression `')) {
      throw new ExpressionFailure(`${where}: ${err.message}`);
    }
    throw new ExpressionFailure(`${where}: expression \`${expr}\` failed: ${describeError(err)}`);
  }
}

export function evaluateTransform(
  evaluate: Evaluate,
  where: string,
  t: InputTransform,
  scope: Record<string, unknown>,
): unknown {
  if (t.type === 'static') return structuredClone(json(t.value));
  return evaluateExpr(evaluate, where, t.expr, scope);
}

export function evaluateArgs(
  evaluate: Evaluate,
  transforms: InputTransforms | undefined,
  scope: Record<string, unknown>,
): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const [name, t] of Object.entries(transforms ?? {})) {
    if (t === undefined) continue;
    const v = evaluateTransform(evaluate, `input_transforms.${name}`, t, scope);
    if (v !== undefined) args[name] = v;
  }
  return args;
}

/** A number of seconds from a module option that is a number or a transform (sleep, timeout). */
export function evaluateSeconds(
  evaluate: Evaluate,
  where: string,
  value: number | InputTransform,
  scope: Record<string, unknown>,
): number {
  const v = typeof value === 'number' ? value : evaluateTransform(evaluate, where, value, scope);
  if (v === null || v === undefined) return 0;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
    throw new ExpressionFailure(`${where}: expected a number of seconds >= 0, got ${describeValue(v)}`);
  }
  return v;
}

function describeError(err: unknown): string {
  if (err instanceof Error) {
    // Sandboxes often put the guest's error name in the message already ("TypeError: …").
    return /^[A-Za-z]*Error\b/.test(err.message) ? err.message : `${err.name}: ${err.message}`;
  }
  return String(err);
}

/** A short description of a value for messages: its type and a bounded preview. */
export function describeValue(v: unknown): string {
  const type = v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
  let preview: string;
  try {
    preview = JSON.stringify(v) ?? String(v);
  } catch {
    preview = String(v);
  }
  if (preview.length > 80) preview = `${preview.slice(0, 77)}...`;
  return type === 'undefined' || type === 'null' ? type : `${type} ${preview}`;
}

export function truthy(v: unknown): boolean {
  return Boolean(v);
}
