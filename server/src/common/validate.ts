// Ajv's set-up and the naming of its errors are shared with the app, which checks args the same way.
import { ajv, fieldErrors, type FieldError, type ValidateFunction } from '@runnel/runtimes/args-schema';
import { ErrorCode, RunnelError, badRequest } from './errors.js';

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

/** A query parameter that must be `true` or `false`; absent or empty gives `fallback`. */
export function booleanParam(raw: unknown, name: string, fallback = false): boolean {
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === 'false') return raw === 'true';
  throw badRequest(`query parameter ${name} must be true or false, not ${JSON.stringify(raw)}`);
}
