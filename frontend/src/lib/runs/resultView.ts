/** Pure decisions behind the result views (which view, which columns, how a value reads). */

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A table when the result is a non-empty array of objects (rows); a tree for anything else. */
export function resultKind(value: unknown): 'table' | 'tree' {
  return Array.isArray(value) && value.length > 0 && value.every(isObject) ? 'table' : 'tree';
}

/** The union of the rows' keys in first-seen order, at most `max` of them. */
export function tableColumns(rows: readonly JsonObject[], max = 20): { columns: string[]; hidden: number } {
  const seen = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) seen.add(key);
  const all = [...seen];
  return { columns: all.slice(0, max), hidden: Math.max(0, all.length - max) };
}

/** One line for a table cell: primitives as they are, objects as compact JSON, cut at `max`. */
export function cellText(value: unknown, max = 120): string {
  const text = value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The children of an array or object as [key, value] pairs; none for a primitive. */
export function childEntries(value: unknown): [string, unknown][] {
  if (Array.isArray(value)) return value.map((v, i) => [String(i), v]);
  if (isObject(value)) return Object.entries(value);
  return [];
}

/** What a collapsed node says about itself. */
export function summary(value: unknown): string {
  if (Array.isArray(value)) return `[${value.length} ${value.length === 1 ? 'item' : 'items'}]`;
  if (isObject(value)) {
    const n = Object.keys(value).length;
    return `{${n} ${n === 1 ? 'key' : 'keys'}}`;
  }
  return JSON.stringify(value) ?? String(value);
}

/** The value as the text a user copies: pretty JSON, a string as itself. */
export function copyable(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value, null, 2) ?? String(value));
}
