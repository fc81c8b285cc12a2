import type { JsonSchema } from './types.js';

/**
 * A union of types as one schema, shared by every language's parser: unions of literals
 * collapse into one `enum` (`true | false` into a plain boolean); anything else becomes `anyOf`.
 */
export function mergeUnion(schemas: JsonSchema[]): JsonSchema {
  if (schemas.length === 1) return { ...schemas[0] };
  const literal = (schema: JsonSchema): boolean =>
    schema.enum !== undefined && Object.keys(schema).every((key) => key === 'type' || key === 'enum');
  if (!schemas.every(literal)) return { anyOf: schemas };
  const values = [...new Set(schemas.flatMap((schema) => schema.enum ?? []))];
  const types = new Set(schemas.map((schema) => schema.type));
  if (types.size !== 1) return { enum: values };
  const [type] = types;
  if (type === 'boolean' && values.includes(true) && values.includes(false)) return { type };
  return { type, enum: values };
}

/**
 * Sets a parameter's default. A `null` default (`x: str = None`, `x: string | null = null`)
 * also makes a typed schema nullable: a form that submits the default back must validate.
 */
export function setDefault(schema: JsonSchema, value: unknown): void {
  schema.default = value;
  if (value === null && schema.type !== undefined && schema.type !== 'null') schema.nullable = true;
}
