/**
 * A resource's value ⇄ what its form edits, pure (resource-form.test.ts). The form is the type's
 * schema rendered by the script forms' widgets, minus the fields that reference a variable
 * (`$var:<path>`, edited beside the form), with stored secrets optional: left empty, they keep
 * their value (docs/adr/0038-resources.md).
 */
import { VAR_PREFIX, isVarRef } from '@runnel/runtimes/resource-fields';
import type { FieldErrors, JsonSchema } from '$lib/forms';

/** What the form starts from: the args for its fields, and the fields taken from variables. */
export interface Draft {
  args: Record<string, unknown>;
  /** Field name → variable path. */
  refs: Record<string, string>;
}

/** A stored value as a draft: references apart, secret fields (null in answers) left empty. */
export function toDraft(value: Record<string, unknown>): Draft {
  const args: Record<string, unknown> = {};
  const refs: Record<string, string> = {};
  for (const [key, v] of Object.entries(value)) {
    if (isVarRef(v)) refs[key] = v.slice(VAR_PREFIX.length);
    else if (v !== null) args[key] = v;
  }
  return { args, refs };
}

/** The schema the form shows: fields taken from variables left out, stored secrets not required. */
export function formSchema(
  schema: JsonSchema,
  refs: Record<string, string>,
  storedSecrets: readonly string[],
): JsonSchema {
  const properties = Object.fromEntries(Object.entries(schema.properties ?? {}).filter(([name]) => !(name in refs)));
  for (const name of storedSecrets) {
    if (properties[name])
      properties[name] = { ...properties[name], description: 'Stored encrypted: leave empty to keep it.' };
  }
  const required = (schema.required ?? []).filter((name) => !(name in refs) && !storedSecrets.includes(name));
  return { ...schema, properties, required, order: schema.order?.filter((name) => !(name in refs)) };
}

/** The value to send: the form's args and a `$var:` reference for each field taken from a variable. */
export function toValue(args: Record<string, unknown>, refs: Record<string, string>): Record<string, unknown> {
  const value = { ...args };
  for (const [field, path] of Object.entries(refs)) value[field] = `${VAR_PREFIX}${path}`;
  return value;
}

/** A 400's details on `value.<field>` for the form's fields; anything else by the request's field. */
export function splitErrors(body: unknown): { value: FieldErrors; other: Record<string, string> } {
  const error = (body as { error?: { message?: unknown; details?: unknown } } | null)?.error;
  const details = Array.isArray(error?.details) ? (error.details as { field?: unknown; message?: unknown }[]) : [];
  const value: FieldErrors = {};
  const other: Record<string, string> = {};
  for (const d of details) {
    if (typeof d.field !== 'string' || typeof d.message !== 'string') continue;
    if (d.field.startsWith('value.')) (value[d.field.slice('value.'.length)] ??= []).push(d.message);
    else other[d.field] = other[d.field] ? `${other[d.field]}; ${d.message}` : d.message;
  }
  if (Object.keys(value).length === 0 && Object.keys(other).length === 0) {
    const message = typeof error?.message === 'string' ? error.message : 'the request failed';
    if (/^invalid path /.test(message) || /already exists at path/.test(message)) other.path = message;
    else other[''] = message;
  }
  return { value, other };
}
