/**
 * Where a server's refusal of a trigger goes: onto the field it is about, or ('') above the form.
 * A body's schema errors name their field in `details`; the services' own checks name it first in
 * the message ("route_path …", "timezone "X" is not …", "invalid path …"). A 409 is about the
 * trigger's path, unless it says its route is taken.
 */
export type ServerErrors = Record<string, string>;

export function placeServerError(status: number, body: unknown, fields: readonly string[]): ServerErrors {
  const error = (body as { error?: { message?: unknown; details?: unknown } } | null)?.error;
  const message = typeof error?.message === 'string' ? error.message : `the server answered ${status}`;
  const out: ServerErrors = {};
  if (Array.isArray(error?.details)) {
    for (const d of error.details as { field?: unknown; message?: unknown }[]) {
      if (typeof d.field !== 'string' || typeof d.message !== 'string') continue;
      const field = fieldNamed(d.field, fields) ?? '';
      out[field] = out[field] ? `${out[field]}; ${d.field} ${d.message}` : `${d.field} ${d.message}`;
    }
    if (Object.keys(out).length > 0) return out;
  }
  if (status === 409) {
    const field = /^route /.test(message) && fields.includes('route_path') ? 'route_path' : 'path';
    return { [fields.includes(field) ? field : '']: message };
  }
  if (/^invalid path /.test(message) && fields.includes('path')) return { path: message };
  const first = /^([a-z_]+(?:\.[a-z_]+)?)\b/.exec(message)?.[1];
  const named = first === undefined ? undefined : (fieldNamed(first, fields) ?? fieldNamed(`${first}s`, fields));
  return { [named ?? '']: message };
}

/** `signature.secret` is its own field when the form has one, else it belongs to `signature`. */
function fieldNamed(name: string, fields: readonly string[]): string | undefined {
  if (fields.includes(name)) return name;
  const parent = name.split(/[.[]/, 1)[0]!;
  return fields.includes(parent) ? parent : undefined;
}
