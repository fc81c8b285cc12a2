/**
 * What the server and the app both read in a resource type's schema and a resource's value, in one
 * place (docs/adr/0038-resources.md). Imports nothing: the browser app takes it as is.
 */

/** A value that stands for a variable's value, resolved when a job starts: `$var:<path>`. */
export const VAR_PREFIX = '$var:';
/** An argument that stands for a resource's value, resolved when a job starts: `$res:<path>`. */
export const RES_PREFIX = '$res:';

export const isVarRef = (value: unknown): value is string => typeof value === 'string' && value.startsWith(VAR_PREFIX);

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The top-level properties of a type's schema that hold secrets: `format: "password"`, or
 * Windmill's older `password: true`, the two ways the app's forms already mask a field.
 */
export function secretFields(schema: unknown): string[] {
  const properties = isObject(schema) && isObject(schema.properties) ? schema.properties : {};
  return Object.entries(properties)
    .filter(([, p]) => isObject(p) && (p.format === 'password' || p.password === true))
    .map(([name]) => name);
}
