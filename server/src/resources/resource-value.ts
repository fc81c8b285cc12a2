/**
 * A resource's value, pure: where it references variables and what is stored in the clear (which
 * fields are secret: `@runnel/runtimes/resource-fields`, shared with the app). No I/O, so the rules are tested on their own
 * (resource-value.test.ts).
 */
import type { FieldError } from '@runnel/runtimes/args-schema';
import { VAR_PREFIX, isVarRef } from '@runnel/runtimes/resource-fields';

export type JsonObject = Record<string, unknown>;

/** A variable reference at a field: `field` in the names of a 400's details (`a.b`, `a[0]`). */
export interface VarRef {
  field: string;
  path: string;
}

export const isRecord = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every `$var:` reference anywhere in `value`, by field. */
export function varRefs(value: unknown, field = ''): VarRef[] {
  if (isVarRef(value)) return [{ field, path: value.slice(VAR_PREFIX.length) }];
  if (Array.isArray(value)) return value.flatMap((item, i) => varRefs(item, `${field}[${i}]`));
  if (isRecord(value)) return Object.entries(value).flatMap(([k, v]) => varRefs(v, field ? `${field}.${k}` : k));
  return [];
}

/**
 * The value as stored in the clear (every secret field left out) and the secret fields given in
 * it. A secret field holding a `$var:` reference stays in the clear: the reference is no secret,
 * the variable is. A null or absent secret field is not given (an update keeps what is stored).
 */
export function splitValue(value: JsonObject, secret: readonly string[]): { plain: JsonObject; secrets: JsonObject } {
  const plain: JsonObject = {};
  const secrets: JsonObject = {};
  for (const [key, v] of Object.entries(value)) {
    if (!secret.includes(key) || isVarRef(v)) plain[key] = v;
    else if (v !== null) secrets[key] = v;
  }
  return { plain, secrets };
}

/** A secret's plaintext as sealed and as masked in a job's logs: a string as is, anything else as JSON. */
export const secretText = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

/**
 * The schema's errors that still count: none at a field that is a `$var:` reference (its value is
 * known only when a job starts) or a secret kept from before (checked when it was written).
 */
export function remainingErrors(errors: FieldError[], exempt: readonly string[]): FieldError[] {
  const under = (field: string, top: string) =>
    field === top || field.startsWith(`${top}.`) || field.startsWith(`${top}[`);
  return errors.filter((e) => !exempt.some((top) => under(e.field, top)));
}

/** Replaces every `$var:` reference in `value` by `lookup(path)`; a new value, `value` untouched. */
export async function replaceRefs(value: unknown, lookup: (path: string) => Promise<unknown>): Promise<unknown> {
  if (isVarRef(value)) return lookup(value.slice(VAR_PREFIX.length));
  if (Array.isArray(value)) return Promise.all(value.map((item) => replaceRefs(item, lookup)));
  if (isRecord(value)) {
    const entries = await Promise.all(
      Object.entries(value).map(async ([k, v]) => [k, await replaceRefs(v, lookup)] as const),
    );
    return Object.fromEntries(entries);
  }
  return value;
}
