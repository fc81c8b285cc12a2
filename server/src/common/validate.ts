import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { ErrorCode, RunnelError, badRequest } from './errors.js';

export interface FieldError {
  field: string;
  message: string;
}

/**
 * Schemas come from users' scripts, so Ajv runs non-strict: an unknown keyword or a
 * `resource-*` format must not make a script unrunnable.
 */
export const ajv = new Ajv({ allErrors: true, strict: false, useDefaults: true, logger: false });
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

export function describe(errors: FieldError[]): string {
  return errors.map((e) => `${e.field} ${e.message}`).join('; ');
}

const compiled = new WeakMap<object, ValidateFunction>();

/** Validates a request body against a schema; a mismatch is a 400 naming every bad field. */
export function parseBody<T>(schema: object, body: unknown): T {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  const value = body ?? {};
  if (!validate(value)) {
    const details = fieldErrors(validate.errors);
    throw new RunnelError(ErrorCode.BadRequest, `invalid request: ${describe(details)}`, details);
  }
  return value as T;
}

/** A query parameter that must be an integer from 1 to `max` (paging); absent or empty gives `fallback`. */
export function integerParam(raw: string | undefined, name: string, fallback: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) throw badRequest(`${name} must be an integer from 1 to ${max}`);
  return n;
}
