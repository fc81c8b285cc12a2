/**
 * How a script's or flow's args are checked against its JSON Schema — one home for the server
 * (a 400's `details`) and the browser (errors at their fields before submitting), so both find the
 * same errors under the same names. Imported by the app too: nothing Node-only here.
 */
import { Ajv, type ErrorObject, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import { RE2JS } from 're2js';

export type { ValidateFunction } from 'ajv';

export interface FieldError {
  field: string;
  message: string;
}

/**
 * A schema's `pattern` is matched against input anyone who can run a flow or call its webhook sends,
 * on the event loop: a backtracking engine lets `^(a+)+$` block the server for seconds, doubling per
 * character. RE2 matches in linear time; what it cannot do (lookarounds, backreferences — the very
 * features that need backtracking) is refused when the schema is compiled, naming the pattern.
 */
function compilePattern(pattern: string): RE2JS {
  try {
    return RE2JS.compile(RE2JS.translateRegExp(pattern));
  } catch (err) {
    throw new Error(
      `pattern ${JSON.stringify(pattern)} is not supported: ${(err as Error).message} ` +
        '(patterns are matched in linear time, without lookarounds or backreferences)',
    );
  }
}

const re2: NonNullable<NonNullable<Options['code']>['regExp']> = Object.assign(compilePattern, { code: 'RE2JS' });

/** Why a schema's `pattern` would be refused when the schema is compiled, or null when it is fine. */
export function patternProblem(pattern: string): string | null {
  try {
    compilePattern(pattern);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

/**
 * Schemas come from users' scripts, so Ajv runs non-strict: an unknown keyword or a
 * `resource-*` format must not make a script unrunnable.
 */
export const ajv = new Ajv({
  allErrors: true,
  strict: false,
  useDefaults: true,
  logger: false,
  code: { regExp: re2 },
});
(addFormats as unknown as (a: Ajv) => void)(ajv);

/** `/a/0/b` → `a[0].b`; a missing required property names the property itself. */
export function fieldErrors(errors: ErrorObject[] | null | undefined): FieldError[] {
  return (errors ?? []).map((e) => {
    const parts = e.instancePath.split('/').slice(1);
    if (e.keyword === 'required') parts.push((e.params as { missingProperty: string }).missingProperty);
    const field = parts.map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
    let message = e.message ?? 'is invalid';
    if (e.keyword === 'required') message = 'is required';
    if (e.keyword === 'enum')
      message = `must be one of ${JSON.stringify((e.params as { allowedValues: unknown[] }).allowedValues)}`;
    if (e.keyword === 'additionalProperties') {
      message = `has unknown property "${(e.params as { additionalProperty: string }).additionalProperty}"`;
    }
    return { field: field || '(body)', message };
  });
}

/** Keywords whose values are data, not schemas: left as they are. */
const DATA_KEYWORDS = new Set(['default', 'const', 'enum', 'examples']);
/** Keywords whose values map names (chosen by the user, so maybe "required") to schemas. */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'definitions', '$defs', 'dependentSchemas']);

/**
 * Windmill exports can list a property twice in `required` (it accepts them; the meta-schema does
 * not). Twice means the same as once, so the copy that is stored and compiled lists it once.
 */
export function normalizeSchema<T>(schema: T, isMap = false): T {
  if (Array.isArray(schema)) return schema.map((s: unknown) => normalizeSchema(s)) as T;
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (isMap) out[key] = normalizeSchema(value);
    else if (DATA_KEYWORDS.has(key)) out[key] = value;
    else if (key === 'required' && Array.isArray(value) && value.every((v) => typeof v === 'string')) {
      out[key] = [...new Set(value)];
    } else out[key] = normalizeSchema(value, SCHEMA_MAPS.has(key));
  }
  return out as T;
}

/**
 * The schema Ajv compiles. Windmill documents declare draft 2020-12 in `$schema`; the keywords
 * they use are the same in draft 7, which Ajv speaks, so the declaration is dropped.
 */
export function compilableSchema(schema: object): object {
  const { $schema: _declared, ...rest } = normalizeSchema(schema) as { $schema?: unknown };
  return rest;
}
