import { Injectable } from '@nestjs/common';
import { ajv, fieldErrors, type ValidateFunction } from '@runnel/runtimes/args-schema';
import { ErrorCode, RunnelError } from '../common/errors.js';
import { compileSchema } from '../common/json-schema.js';
import { describe } from '../common/validate.js';
import { concernsReference, referencedArgs } from './arg-references.js';

/**
 * Checks a job's arguments against the JSON Schema of what it runs (a script version's `main`,
 * a flow version's input) and fills in defaults, so the stored args show what really ran. A
 * `$var:`/`$res:` reference stays a reference (arg-references.ts): it is resolved as the job starts.
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
    const refs = referencedArgs(schema, args);
    for (const name of refs.keys()) delete args[name];
    if (!validate(args)) {
      const errors = (validate.errors ?? []).filter((e) => !concernsReference(e, refs));
      if (errors.length) {
        const details = fieldErrors(errors);
        throw new RunnelError(ErrorCode.InvalidArguments, `invalid arguments: ${describe(details)}`, details);
      }
    }
    for (const [name, ref] of refs) args[name] = ref;
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
