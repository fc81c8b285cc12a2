/**
 * What the widgets hold ↔ a job's args. Widgets keep text where the user types text (JSON, local
 * date-times) so a half-typed value is never lost; `toArgs` parses it, omits empty optional fields
 * (the server fills their defaults) and reports what does not parse at its field.
 */
import { joinPath, type FieldModel } from './schema-model.js';

/**
 * One field's value as its widget holds it: a string for text, dates, bytes (base64) and JSON;
 * a number or null (empty) for numbers; a boolean; an enum's value itself; an array of item
 * values; an object's `FormValues`.
 */
export type FormValue = unknown;
export type FormValues = Record<string, FormValue>;

/** Messages by field path (`a`, `a.b`, `a[0]`); '' holds what belongs to no field. */
export type FieldErrors = Record<string, string[]>;

export function addError(errors: FieldErrors, path: string, message: string): void {
  (errors[path] ??= []).push(message);
}

/** The form's starting values: `args` where given (a re-run), else each field's default. */
export function initialValues(fields: readonly FieldModel[], args: Record<string, unknown> = {}): FormValues {
  const values: FormValues = {};
  for (const field of fields) {
    values[field.name] = toFormValue(field, Object.hasOwn(args, field.name) ? args[field.name] : field.default);
  }
  return values;
}

export function toFormValue(field: FieldModel, value: unknown): FormValue {
  switch (field.kind) {
    case 'number':
    case 'integer':
      return typeof value === 'number' ? value : null;
    case 'boolean':
      return typeof value === 'boolean' ? value : field.required ? false : undefined;
    case 'enum':
      return value === null && !field.options?.some((o) => o.value === null) ? undefined : value;
    case 'date-time':
      return typeof value === 'string' ? isoToLocal(value) : '';
    case 'array':
      return Array.isArray(value) && field.items ? value.map((item) => toFormValue(field.items!, item)) : [];
    case 'object': {
      const given = isRecord(value) ? value : {};
      const values: FormValues = {};
      for (const child of field.children ?? []) {
        values[child.name] = toFormValue(child, Object.hasOwn(given, child.name) ? given[child.name] : child.default);
      }
      return values;
    }
    case 'json':
      return value === undefined ? '' : JSON.stringify(value, null, 2);
    default:
      return typeof value === 'string' ? value : '';
  }
}

/** A new array item's value: its schema's default, or empty (an added flag is off, not unset). */
export function newItem(items: FieldModel): FormValue {
  return toFormValue(items, items.default ?? (items.kind === 'boolean' ? false : undefined));
}

/** The args to send, and the fields whose text does not parse (these are not sent). */
export function toArgs(
  fields: readonly FieldModel[],
  values: FormValues,
): { args: Record<string, unknown>; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const args: Record<string, unknown> = {};
  for (const field of fields) {
    const arg = toArg(field, values[field.name], field.name, errors, false);
    if (arg !== undefined) args[field.name] = arg;
  }
  return { args, errors };
}

/** `undefined` means "leave it out". */
function toArg(field: FieldModel, value: FormValue, path: string, errors: FieldErrors, inArray: boolean): unknown {
  switch (field.kind) {
    case 'number':
    case 'integer':
    case 'boolean':
      return value === undefined || value === null ? (inArray ? null : undefined) : value;
    case 'enum':
      // `undefined` is "none chosen"; null is chosen only where the enum lists it.
      return value === undefined && inArray ? null : value;
    case 'date-time':
      return value === '' || typeof value !== 'string' ? (inArray ? null : undefined) : localToIso(value);
    case 'array': {
      const items = Array.isArray(value) ? value : [];
      if (items.length === 0 && !field.required && field.default === undefined) return undefined;
      return items.map((item, i) => toArg(field.items!, item, joinPath(path, i), errors, true));
    }
    case 'object': {
      const given = isRecord(value) ? value : {};
      const out: Record<string, unknown> = {};
      for (const child of field.children ?? []) {
        const arg = toArg(child, given[child.name], joinPath(path, child.name), errors, false);
        if (arg !== undefined) out[child.name] = arg;
      }
      return Object.keys(out).length === 0 && !field.required && !inArray ? undefined : out;
    }
    case 'json': {
      const text = typeof value === 'string' ? value.trim() : '';
      if (text === '') return inArray ? null : undefined;
      try {
        return JSON.parse(text) as unknown;
      } catch (err) {
        addError(errors, path, `is not valid JSON: ${(err as Error).message}`);
        return undefined;
      }
    }
    default:
      // Text: an empty optional field is left out; inside an array an empty string is a value.
      if (typeof value !== 'string') return inArray ? null : undefined;
      return value === '' && !inArray ? undefined : value;
  }
}

/** `2024-05-01T12:30:00Z` → `2024-05-01T14:30` in the browser's time zone (what datetime-local shows). */
export function isoToLocal(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  const seconds = date.getSeconds() === 0 ? '' : `:${pad(date.getSeconds())}`;
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}${seconds}`
  );
}

/** A datetime-local value, read in the browser's time zone → an RFC 3339 instant in UTC. */
export function localToIso(local: string): string {
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? local : date.toISOString();
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every field path the form shows for these values: errors elsewhere belong to the whole form. */
export function fieldPaths(fields: readonly FieldModel[], values: FormValues, parent = ''): Set<string> {
  const paths = new Set<string>();
  const visit = (field: FieldModel, value: FormValue, path: string) => {
    paths.add(path);
    if (field.kind === 'object' && isRecord(value)) {
      for (const child of field.children ?? []) visit(child, value[child.name], joinPath(path, child.name));
    }
    if (field.kind === 'array' && Array.isArray(value) && field.items) {
      value.forEach((item, i) => visit(field.items!, item, joinPath(path, i)));
    }
  };
  for (const field of fields) visit(field, values[field.name], joinPath(parent, field.name));
  return paths;
}

/**
 * The values for a new version of the fields (the editor re-infers as the user types): a field
 * that is still there with the same widget keeps what was entered; a new one starts at its default.
 */
export function reshapeValues(
  before: readonly FieldModel[],
  fields: readonly FieldModel[],
  values: FormValues,
): FormValues {
  const kept = new Map(before.map((f) => [f.name, f]));
  const next: FormValues = {};
  for (const field of fields) {
    const old = kept.get(field.name);
    next[field.name] =
      old && sameShape(old, field) && Object.hasOwn(values, field.name)
        ? values[field.name]
        : toFormValue(field, field.default);
  }
  return next;
}

function sameShape(a: FieldModel, b: FieldModel): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'array') return sameShape(a.items!, b.items!);
  if (a.kind !== 'object') return true;
  const names = (f: FieldModel) => JSON.stringify((f.children ?? []).map((c) => [c.name, c.kind]));
  return names(a) === names(b);
}

/** An error shown at a field: `at` is where inside it (`.a`, `[0]`), '' for the field itself. */
export interface PlacedError {
  at: string;
  message: string;
}

/**
 * Puts each error at the field that shows its path, or at the nearest one above it (an error
 * inside a JSON field's value shows at that field); what has no field belongs to the whole form.
 */
export function placeErrors(
  errors: FieldErrors,
  shown: ReadonlySet<string>,
): { byField: Record<string, PlacedError[]>; form: string[] } {
  const byField: Record<string, PlacedError[]> = {};
  const form: string[] = [];
  for (const [path, messages] of Object.entries(errors)) {
    let field = path;
    while (field !== '' && !shown.has(field)) field = field.replace(/(\.[^.[]*|\[\d+\]|^[^.[]*)$/, '');
    for (const message of messages) {
      if (field === '') form.push(path === '' ? message : `${path} ${message}`);
      else (byField[field] ??= []).push({ at: path.slice(field.length), message });
    }
  }
  return { byField, form };
}
