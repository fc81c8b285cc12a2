import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ajv, compilableSchema, fieldErrors, normalizeSchema } from './args-schema.js';

/** The errors `schema` finds in `args`, as a 400's `details` (and the app's fields) name them. */
function errors(schema: object, args: unknown) {
  const validate = ajv.compile(compilableSchema(schema));
  return validate(args) ? [] : fieldErrors(validate.errors);
}

describe('args-schema: field errors', () => {
  it('names nested fields by path and words required, enum and unknown properties', () => {
    const schema = {
      type: 'object',
      properties: {
        color: { enum: ['red', 'green'] },
        people: { type: 'array', items: { type: 'object', properties: { age: { type: 'integer' } } } },
        opts: { type: 'object', additionalProperties: false },
      },
      required: ['name'],
    };
    assert.deepEqual(errors(schema, { color: 'blue', people: [{}, { age: 'old' }], opts: { x: 1 } }), [
      { field: 'name', message: 'is required' },
      { field: 'color', message: 'must be one of ["red","green"]' },
      { field: 'people[1].age', message: 'must be integer' },
      { field: 'opts', message: 'has unknown property "x"' },
    ]);
  });

  it('names the args as a whole "(body)" and keeps Ajv’s wording for the rest', () => {
    assert.deepEqual(errors({ type: 'object', additionalProperties: false }, { x: 1 }), [
      { field: '(body)', message: 'has unknown property "x"' },
    ]);
    assert.deepEqual(errors({ properties: { n: { minimum: 1 }, mail: { format: 'email' } } }, { n: 0, mail: 'a' }), [
      { field: 'n', message: 'must be >= 1' },
      { field: 'mail', message: 'must match format "email"' },
    ]);
  });

  it('fills defaults and ignores keywords and formats it does not know', () => {
    const args: Record<string, unknown> = {};
    const schema = {
      properties: {
        n: { default: 1 },
        db: { format: 'resource-postgresql', 'x-ui': 1 },
        query: { type: 'string', format: 'sql' },
      },
    };
    assert.deepEqual(errors(schema, args), []);
    assert.deepEqual(args, { n: 1 });
    assert.deepEqual(errors(schema, { query: 'SELECT 1' }), []);
  });
});

describe('args-schema: patterns', () => {
  it('matches in linear time, so a backtracking pattern cannot stall the event loop', () => {
    const started = performance.now();
    assert.deepEqual(errors({ properties: { s: { pattern: '^(a+)+$' } } }, { s: 'a'.repeat(40) + '!' }), [
      { field: 's', message: 'must match pattern "^(a+)+$"' },
    ]);
    assert.ok(performance.now() - started < 500);
  });

  it('refuses a pattern that needs backtracking when the schema is compiled, naming it', () => {
    assert.throws(
      () => ajv.compile({ properties: { s: { pattern: '(a)\\1' } } }),
      /pattern "\(a\)\\\\1" is not supported: .*\(patterns are matched in linear time/,
    );
  });
});

describe('args-schema: normalizeSchema and compilableSchema', () => {
  it('lists a required property once, but leaves data and properties named "required" alone', () => {
    const schema = {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      properties: {
        required: { type: 'array', default: ['a', 'a'] },
        inner: { type: 'object', required: ['x', 'x', 'y'], enum: [{ required: ['z', 'z'] }] },
      },
      required: ['required', 'required'],
    };
    assert.deepEqual(normalizeSchema(schema), {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      properties: {
        required: { type: 'array', default: ['a', 'a'] },
        inner: { type: 'object', required: ['x', 'y'], enum: [{ required: ['z', 'z'] }] },
      },
      required: ['required'],
    });
    assert.equal('$schema' in compilableSchema(schema), false);
    assert.equal(ajv.validateSchema(compilableSchema(schema)), true);
  });
});
