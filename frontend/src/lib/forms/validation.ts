/**
 * Checks args in the browser with the server's rules — the same Ajv, pattern engine, schema
 * normalizing and field naming (`@runnel/runtimes/args-schema`) — so an error shows at its field
 * before submitting, and one the server finds (a 400's `details`) lands on the same field.
 */
import { RES_PREFIX, VAR_PREFIX } from '@runnel/runtimes/resource-fields';
import {
  ajv,
  compilableSchema,
  fieldErrors,
  type FieldError,
  type ValidateFunction,
} from '@runnel/runtimes/args-schema';
import type { FieldModel } from './schema-model.js';
import { addError, toArgs, type FieldErrors, type FormValues } from './values.js';

/** `details` → messages by field; '(body)' (the args as a whole) and unknown shapes go to ''. */
function errorsByField(details: readonly FieldError[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const { field, message } of details) addError(errors, field === '(body)' ? '' : field, message);
  return errors;
}

/**
 * A failed request's body `{error: {code, message, details?}}` → messages by field. A 400 on args
 * carries `details` naming each field; anything else is the message alone, for the whole form.
 */
export function errorsFromResponse(body: unknown): FieldErrors {
  const error = (body as { error?: { message?: unknown; details?: unknown } } | null)?.error;
  const details = Array.isArray(error?.details) ? error.details.filter(isFieldError) : [];
  if (details.length > 0) return errorsByField(details);
  return { '': [typeof error?.message === 'string' ? error.message : 'the request failed'] };
}

function isFieldError(value: unknown): value is FieldError {
  const v = value as FieldError | null;
  return typeof v?.field === 'string' && typeof v.message === 'string';
}

export type Validate = (args: Record<string, unknown>) => FieldErrors;

/**
 * Compiles a script's input schema once; the result checks args by field. A schema Ajv refuses
 * (the server refuses it at deploy) gives a validator that reports why for the whole form.
 */
export function createValidator(schema: object | null | undefined): Validate {
  if (!schema) return () => ({});
  let validate: ValidateFunction;
  try {
    const rest = compilableSchema(schema);
    validate = ajv.compile(rest);
    // The editor compiles a new schema on every change: Ajv's cache must not keep them all.
    ajv.removeSchema(rest);
  } catch (err) {
    const message = `the form's schema is invalid: ${(err as Error).message}`;
    return () => ({ '': [message] });
  }
  return (args) => {
    // Ajv fills defaults in place (`useDefaults`, as the server does); the caller's args stay as sent.
    const copy = structuredClone(args);
    return validate(copy) ? {} : errorsByField(fieldErrors(validate.errors));
  };
}

/**
 * The form's args and every error in them: text that does not parse, then what the schema says.
 * A field that did not parse was left out, so the schema's word on it ("is required") is dropped.
 */
export function checkForm(
  fields: readonly FieldModel[],
  values: FormValues,
  validate: Validate,
): { args: Record<string, unknown>; errors: FieldErrors; ok: boolean } {
  const { args, errors } = toArgs(fields, values);
  // `$res:<path>` and `$var:<path>` stand for values the server puts in when the job starts.
  const references = new Set(Object.keys(args).filter((name) => isReference(args[name])));
  for (const [path, messages] of Object.entries(validate(args))) {
    if (!errors[path] && !references.has(path.split(/[.[]/, 1)[0]!)) errors[path] = messages;
  }
  return { args, errors, ok: Object.keys(errors).length === 0 };
}

const isReference = (value: unknown) =>
  typeof value === 'string' && (value.startsWith(RES_PREFIX) || value.startsWith(VAR_PREFIX));
