import { ajv, compilableSchema, fieldErrors, type ValidateFunction } from '@runnel/runtimes/args-schema';
import { ErrorCode, RunnelError } from './errors.js';
import { describe } from './validate.js';

/**
 * Compiles a user's JSON Schema (`$schema` dropped: see `compilableSchema`).
 * Lenient where Windmill is (unknown keywords and formats, a `required` naming a property twice),
 * strict on the keywords Ajv reads: a 400 names each wrong one by its path (`schema.properties…`).
 */
export function compileSchema(schema: object): ValidateFunction {
  const rest = compilableSchema(schema);
  if (!ajv.validateSchema(rest)) {
    const details = fieldErrors(ajv.errors).map((e) => ({
      ...e,
      field: `schema.${e.field}`.replace(/\.\(body\)$/, ''),
    }));
    throw new RunnelError(ErrorCode.BadRequest, `invalid JSON Schema: ${describe(details)}`, details);
  }
  try {
    return ajv.compile(rest);
  } catch (err) {
    throw new RunnelError(ErrorCode.BadRequest, `schema is not a valid JSON Schema: ${(err as Error).message}`);
  }
}
