/**
 * Import and export of a flow as text: a Windmill export (`summary`, `description`, `value:
 * {modules, failure_module}`, `schema`) in JSON or YAML, as it comes. Checked with the server's own
 * OpenFlow schema (openapi/src/validate-flow.ts), whose errors name the path
 * (`value.modules[2].value.iterator`). The YAML library and the validator (ajv) load on first use:
 * the pages that never import or show the raw view do not pay for them.
 */
import type { FlowValidationError } from '$openapi/validate-flow';
import type { FlowValue } from '$openapi/flow';
import type { FlowDocument, InputSchema } from './model';

export type TextFormat = 'json' | 'yaml';

export type ParsedFlow = { ok: true; doc: FlowDocument } | { ok: false; errors: FlowValidationError[] };

const loadYaml = () => import('yaml');
const loadValidator = () => import('$openapi/validate-flow');

/** What the server and Windmill read: the document without its path. */
export function toOpenFlow(doc: FlowDocument): Record<string, unknown> {
  return {
    summary: doc.summary,
    ...(doc.description ? { description: doc.description } : {}),
    value: doc.value,
    schema: doc.schema,
  };
}

export async function exportText(doc: FlowDocument, format: TextFormat): Promise<string> {
  const flow = toOpenFlow(doc);
  if (format === 'json') return `${JSON.stringify(flow, null, 2)}\n`;
  const { stringify } = await loadYaml();
  return stringify(flow, { lineWidth: 0 });
}

/** JSON when it starts like JSON, else YAML (a superset that reads JSON too, but with worse messages). */
export function guessFormat(text: string): TextFormat {
  return /^\s*[[{]/.test(text) ? 'json' : 'yaml';
}

/**
 * Reads a flow from text; `path` is kept (an export has none, unless it carries one). Errors name
 * where: a syntax error its line, a schema error its path in the document.
 */
export async function parseFlowText(text: string, path = ''): Promise<ParsedFlow> {
  if (!text.trim()) return { ok: false, errors: [{ path: '', message: 'is empty: paste a flow in JSON or YAML' }] };
  let data: unknown;
  try {
    data = await parseText(text);
  } catch (e) {
    return { ok: false, errors: [{ path: '', message: e instanceof Error ? e.message : String(e) }] };
  }
  return checkFlow(data, path);
}

async function parseText(text: string): Promise<unknown> {
  if (guessFormat(text) === 'json') {
    try {
      return JSON.parse(text);
    } catch (e) {
      throw new Error(`not valid JSON: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
  }
  const { parseDocument } = await loadYaml();
  const parsed = parseDocument(text);
  const first = parsed.errors[0];
  if (first) {
    const line = first.linePos?.[0].line;
    throw new Error(`not valid YAML${line ? ` (line ${line})` : ''}: ${first.message.split('\n')[0]}`);
  }
  return parsed.toJS();
}

/** Validates a parsed document with the server's schema and makes it an editor document. */
export async function checkFlow(data: unknown, path = ''): Promise<ParsedFlow> {
  const { validateFlow } = await loadValidator();
  const result = validateFlow(data);
  if (!result.ok) return { ok: false, errors: result.errors };
  const flow = result.flow as unknown as Record<string, unknown>;
  const schema = flow.schema && typeof flow.schema === 'object' ? (flow.schema as InputSchema) : undefined;
  return {
    ok: true,
    doc: {
      path: typeof flow.path === 'string' && flow.path ? flow.path : path,
      summary: result.flow.summary,
      description: result.flow.description ?? '',
      value: result.flow.value as FlowValue,
      schema: schema ?? { type: 'object', properties: {}, required: [] },
    },
  };
}

/** Problems of the document as it stands: what Deploy and Test would be refused for. */
export async function validateDocument(doc: FlowDocument): Promise<FlowValidationError[]> {
  const { validateFlow } = await loadValidator();
  const result = validateFlow(toOpenFlow(doc));
  return result.ok ? [] : result.errors;
}

export function describeError(e: FlowValidationError): string {
  return e.path ? `${e.path}: ${e.message}` : e.message;
}
