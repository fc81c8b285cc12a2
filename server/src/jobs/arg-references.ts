import type { ErrorObject } from 'ajv';
import { parseReference } from '@runnel/protocol';

/**
 * Top-level arguments that are `$var:`/`$res:` references (docs/adr/0037-secrets-in-jobs.md):
 * the ones given, and for those left out, a reference the schema gives as `default` (Windmill's
 * `db: Resource<"postgresql"> = "$res:g/all/demodb"`). They are checked as references, not
 * against their parameter's type: what they name is only read when the job starts.
 */
export function referencedArgs(schema: object, args: Record<string, unknown>): Map<string, string> {
  const refs = new Map<string, string>();
  for (const [name, value] of Object.entries(args)) {
    if (parseReference(value)) refs.set(name, value as string);
  }
  const properties = (schema as { properties?: Record<string, { default?: unknown } | boolean> }).properties ?? {};
  for (const [name, property] of Object.entries(properties)) {
    const fallback = typeof property === 'object' && property !== null ? property.default : undefined;
    if (!(name in args) && parseReference(fallback)) refs.set(name, fallback as string);
  }
  return refs;
}

/** Whether a validation error is about one of the referenced arguments (so not an error). */
export function concernsReference(error: ErrorObject, refs: Map<string, string>): boolean {
  if (error.keyword === 'required') return refs.has((error.params as { missingProperty: string }).missingProperty);
  const top = error.instancePath.split('/')[1];
  return top !== undefined && refs.has(top.replace(/~1/g, '/').replace(/~0/g, '~'));
}
