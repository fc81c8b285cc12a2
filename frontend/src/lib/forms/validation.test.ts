import { describe, expect, it } from 'vitest';
import { buildModel, type JsonSchema } from './schema-model.js';
import { initialValues } from './values.js';
import { checkForm, createValidator, errorsFromResponse } from './validation.js';

const schema: JsonSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  properties: {
    name: { type: 'string', minLength: 2, pattern: '^[a-z]+$' },
    count: { type: 'integer', minimum: 1, default: 1 },
    mail: { type: 'string', format: 'email' },
    when: { type: 'string', format: 'date-time' },
    color: { type: 'string', enum: ['red', 'green'] },
    maybe: { type: 'string', nullable: true, default: null },
    people: {
      type: 'array',
      items: { type: 'object', properties: { name: { type: 'string' }, age: { type: 'integer' } }, required: ['name'] },
    },
  },
  required: ['name', 'name', 'count'],
};

describe('error mapping', () => {
  it('puts each error the schema finds on its field, named as a 400’s details name it', () => {
    const validate = createValidator(schema);
    // `count` has a default, filled in as the server fills it; `name` is listed twice in `required`.
    expect(validate({})).toEqual({ name: ['is required'] });
    expect(validate({ name: 'ok', count: 3 })).toEqual({});
    expect(validate({ name: 'abc', count: 1, maybe: null, extra: true })).toEqual({});
    expect(validate({ name: 'A', count: 0.5, mail: 'nope', when: 'yesterday', color: 'blue' })).toEqual({
      name: ['must NOT have fewer than 2 characters', 'must match pattern "^[a-z]+$"'],
      count: ['must be integer', 'must be >= 1'],
      mail: ['must match format "email"'],
      when: ['must match format "date-time"'],
      color: ['must be one of ["red","green"]'],
    });
    expect(validate({ name: 'x', count: 2, people: [{ name: 'a', age: 'old' }, { age: 3 }] })).toEqual({
      name: ['must NOT have fewer than 2 characters'],
      'people[0].age': ['must be integer'],
      'people[1].name': ['is required'],
    });
  });

  it('matches patterns with RE2 as the server does, refusing what needs backtracking', () => {
    const linear = createValidator({ properties: { s: { type: 'string', pattern: '^(a+)+$' } } });
    const started = performance.now();
    expect(linear({ s: 'a'.repeat(30) + '!' })).toEqual({ s: ['must match pattern "^(a+)+$"'] });
    expect(performance.now() - started).toBeLessThan(500);
    const lookahead = createValidator({ properties: { s: { type: 'string', pattern: '^(?=a)' } } });
    expect(lookahead({ s: 'a' })['']?.[0]).toMatch(/pattern "\^\(\?=a\)" is not supported/);
  });

  it('leaves the caller’s args as they were (Ajv fills defaults in a copy)', () => {
    const args = { name: 'abc' };
    expect(createValidator(schema)(args)).toEqual({});
    expect(args).toEqual({ name: 'abc' });
  });

  it('keeps working for schemas with references after dropping them from Ajv’s cache', () => {
    const validate = createValidator({
      definitions: { pos: { type: 'integer', minimum: 0 } },
      properties: { a: { $ref: '#/definitions/pos' } },
    });
    expect(validate({ a: -1 })).toEqual({ a: ['must be >= 0'] });
    expect(validate({ a: 1 })).toEqual({});
  });

  it('puts a 400’s details on their fields, and any other failure on the whole form', () => {
    const body = {
      error: {
        code: 'invalid_arguments',
        message: 'invalid arguments: count must be >= 1; people[1].name is required; (body) has unknown property "x"',
        details: [
          { field: 'count', message: 'must be >= 1' },
          { field: 'people[1].name', message: 'is required' },
          { field: '(body)', message: 'has unknown property "x"' },
        ],
      },
    };
    expect(errorsFromResponse(body)).toEqual({
      count: ['must be >= 1'],
      'people[1].name': ['is required'],
      '': ['has unknown property "x"'],
    });
    expect(errorsFromResponse({ error: { code: 'forbidden', message: 'you may not run this' } })).toEqual({
      '': ['you may not run this'],
    });
    expect(errorsFromResponse('<html>')).toEqual({ '': ['the request failed'] });
  });

  it('checks a whole form: parse errors win over what the schema says of the missing value', () => {
    const withJson = {
      ...schema,
      properties: { ...schema.properties, extra: { type: 'object' } },
      required: ['extra'],
    };
    const fields = buildModel(withJson);
    const values = { ...initialValues(fields), name: 'ab', count: null, extra: '{', people: [{ name: '', age: 4 }] };
    const { args, errors, ok } = checkForm(fields, values, createValidator(withJson));
    expect(ok).toBe(false);
    expect(args).toEqual({ name: 'ab', people: [{ age: 4 }] });
    expect(Object.keys(errors).sort()).toEqual(['extra', 'people[0].name']);
    expect(errors.extra?.[0]).toMatch(/^is not valid JSON/);
    expect(errors['people[0].name']).toEqual(['is required']);
  });

  it('leaves a $res: or $var: reference to the server, which resolves it when the job starts', () => {
    const withDb: JsonSchema = {
      type: 'object',
      properties: { db: { type: 'object', format: 'resource-postgresql' }, n: { type: 'integer' } },
      required: ['db', 'n'],
    };
    const fields = buildModel(withDb);
    const values = { db: JSON.stringify('$res:f/db/main'), n: null };
    const { args, errors } = checkForm(fields, values, createValidator(withDb));
    expect(args).toEqual({ db: '$res:f/db/main' });
    expect(Object.keys(errors)).toEqual(['n']);
  });
});
