import { Ajv, type ErrorObject } from 'ajv';
import flowSchemaJson from './flow.schema.json' with { type: 'json' };
import type { FlowModule, OpenFlow } from './flow.js';

/** The OpenFlow JSON Schema (draft-07, definitions under `#/definitions`). */
export const flowSchema: Readonly<Record<string, unknown>> = flowSchemaJson;

export const MODULE_TYPES = [
  'rawscript',
  'script',
  'flow',
  'forloopflow',
  'whileloopflow',
  'branchone',
  'branchall',
  'identity',
] as const;
export { LANGUAGES } from '@runnel/runtimes/languages';

export interface FlowValidationError {
  /** Where in the document, e.g. `value.modules[2].value.iterator`; '' for the document itself. */
  path: string;
  message: string;
}

export type FlowValidation = { ok: true; flow: OpenFlow } | { ok: false; errors: FlowValidationError[] };

// verbose: errors carry their parentSchema, which tells which union a discriminator error is about.
const ajv = new Ajv({ allErrors: true, discriminator: true, verbose: true });
// json-schema-to-typescript's type override; no meaning for validation.
ajv.addKeyword('tsType');
const validateSchema = ajv.compile<OpenFlow>(flowSchema);

/**
 * Checks a flow document against the OpenFlow schema, then what a schema cannot say: module ids
 * are unique across the whole flow and `early_return` names a top-level step.
 */
export function validateFlow(doc: unknown): FlowValidation {
  if (!validateSchema(doc)) return { ok: false, errors: schemaErrors(doc, validateSchema.errors ?? []) };
  const errors = semanticErrors(doc);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, flow: doc };
}

function schemaErrors(doc: unknown, raw: ErrorObject[]): FlowValidationError[] {
  const discriminated = new Set(raw.filter((e) => e.keyword === 'discriminator').map((e) => e.instancePath));
  const out: FlowValidationError[] = [];
  const seen = new Set<string>();
  for (const e of raw) {
    // `if`/`then` and `oneOf` wrap the errors of the branch that was tried: those say more.
    if (e.keyword === 'if' || e.keyword === 'oneOf') continue;
    // A missing `type` is reported once, by the discriminator, with the list of valid types.
    if (e.keyword === 'required' && e.params.missingProperty === 'type' && discriminated.has(e.instancePath)) continue;
    const error = describe(doc, e);
    const key = `${error.path}\n${error.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(error);
    }
  }
  return out;
}

function describe(doc: unknown, e: ErrorObject): FlowValidationError {
  const segments = pointerSegments(e.instancePath);
  switch (e.keyword) {
    case 'required':
      return { path: formatPath(doc, [...segments, String(e.params.missingProperty)]), message: 'is required' };
    case 'discriminator': {
      const path = formatPath(doc, [...segments, 'type']);
      const tag: unknown = e.params.tagValue;
      const isModule = e.parentSchema?.title === 'FlowModuleValue';
      const what = isModule ? 'module type' : 'input transform type';
      const expected = isModule ? MODULE_TYPES.join(', ') : 'static, javascript';
      if (typeof tag !== 'string') return { path, message: `${what} is required: expected one of ${expected}` };
      return { path, message: `unknown ${what} ${JSON.stringify(tag)}: expected one of ${expected}` };
    }
    case 'enum': {
      const allowed = (e.params.allowedValues as unknown[]).map((v) => String(v)).join(', ');
      const value = valueAt(doc, segments);
      if (segments.at(-1) === 'language') {
        return {
          path: formatPath(doc, segments),
          message: `unsupported language ${JSON.stringify(value)}: expected one of ${allowed}`,
        };
      }
      return { path: formatPath(doc, segments), message: `${JSON.stringify(value)} is not one of ${allowed}` };
    }
    case 'type':
      // NumberOrTransform: `if object then InputTransform else number`.
      if (e.schemaPath.endsWith('/else/type')) {
        return {
          path: formatPath(doc, segments),
          message:
            'must be a number or an input transform ({"type": "static", "value"} or {"type": "javascript", "expr"})',
        };
      }
      return { path: formatPath(doc, segments), message: e.message ?? 'has the wrong type' };
    default:
      return { path: formatPath(doc, segments), message: e.message ?? `fails ${e.keyword}` };
  }
}

function semanticErrors(flow: OpenFlow): FlowValidationError[] {
  const errors: FlowValidationError[] = [];
  const firstSeen = new Map<string, string>();
  const visit = (module: FlowModule, path: string) => {
    const previous = firstSeen.get(module.id);
    if (previous !== undefined) {
      errors.push({
        path: `${path}.id`,
        message: `duplicate module id ${JSON.stringify(module.id)}, also at ${previous}`,
      });
    } else {
      firstSeen.set(module.id, `${path}.id`);
    }
    const v = module.value;
    const visitAll = (modules: FlowModule[], at: string) => modules.forEach((m, i) => visit(m, `${at}[${i}]`));
    if (v.type === 'forloopflow' || v.type === 'whileloopflow') visitAll(v.modules, `${path}.value.modules`);
    if (v.type === 'branchone') visitAll(v.default, `${path}.value.default`);
    if (v.type === 'branchone' || v.type === 'branchall') {
      v.branches.forEach((b, i) => visitAll(b.modules, `${path}.value.branches[${i}].modules`));
    }
  };
  flow.value.modules.forEach((m, i) => visit(m, `value.modules[${i}]`));
  if (flow.value.failure_module) visit(flow.value.failure_module, 'value.failure_module');
  if (flow.value.preprocessor_module) visit(flow.value.preprocessor_module, 'value.preprocessor_module');

  const early = flow.value.early_return;
  if (early !== undefined && !flow.value.modules.some((m) => m.id === early)) {
    errors.push({
      path: 'value.early_return',
      message: `${JSON.stringify(early)} is not the id of a top-level step`,
    });
  }
  return errors;
}

function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
}

/** `['value', 'modules', '2', 'id']` → `value.modules[2].id`, looking at the document to tell indexes from keys. */
function formatPath(doc: unknown, segments: string[]): string {
  let out = '';
  let node: unknown = doc;
  for (const s of segments) {
    if (Array.isArray(node) && /^\d+$/.test(s)) out += `[${s}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(s)) out += out === '' ? s : `.${s}`;
    else out += `[${JSON.stringify(s)}]`;
    node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[s] : undefined;
  }
  return out;
}

function valueAt(doc: unknown, segments: string[]): unknown {
  let node: unknown = doc;
  for (const s of segments) {
    node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[s] : undefined;
  }
  return node;
}
