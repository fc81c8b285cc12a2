import { Injectable } from '@nestjs/common';
import type { ValidateFunction } from 'ajv';
import { ErrorCode, RunnelError } from '../common/errors.js';
import { ajv, describe, fieldErrors } from '../common/validate.js';

/**
 * Checks a job's arguments against the JSON Schema of what it runs (a script version's `main`,
 * a flow version's input) and fills in defaults, so the stored args show what really ran.
 */
@Injectable()
export class ArgValidator {
  /** Compiled validators by version: versions are immutable, so is their schema. */
  private readonly validators = new Map<string, ValidateFunction>();

  validate(version: string, schema: object | null, body: unknown): Record<string, unknown> {
    if (body === undefined || body === null) body = {};
    if (typeof body !== 'object' || Array.isArray(body)) {
      throw new RunnelError(
        ErrorCode.InvalidArguments,
        'arguments must be a JSON object of parameter name to value, e.g. {"name": "world"}',
      );
    }
    const args = structuredClone(body) as Record<string, unknown>;
    if (!schema) return args;
    const validate = this.compiled(version, schema);
    if (!validate(args)) {
      const details = fieldErrors(validate.errors);
      throw new RunnelError(ErrorCode.InvalidArguments, `invalid arguments: ${describe(details)}`, details);
    }
    return args;
  }

  private compiled(version: string, schema: object): ValidateFunction {
    let validate = this.validators.get(version);
    if (!validate) {
      validate = compileSchema(schema);
      // Bounded: a server that sees many deploys must not keep every old version's validator
      // (nor Ajv its compiled schema).
      if (this.validators.size >= 1000) {
        const [oldest, evicted] = this.validators.entries().next().value!;
        this.validators.delete(oldest);
        ajv.removeSchema(evicted.schema);
      }
      this.validators.set(version, validate);
    }
    return validate;
  }
}

/**
 * Compiles a user's JSON Schema. Windmill documents declare draft 2020-12 in `$schema`; the
 * keywords they use are the same in draft 7, which Ajv speaks, so the declaration is dropped.
 * Throws a 400 that says what is wrong with a schema Ajv cannot compile.
 */
export function compileSchema(schema: object): ValidateFunction {
  const { $schema: _declared, ...rest } = schema as { $schema?: unknown };
  try {
    return ajv.compile(rest);
  } catch (err) {
    throw new RunnelError(ErrorCode.BadRequest, `schema is not a valid JSON Schema: ${(err as Error).message}`);
  }
}
