import { describe, expect, it } from 'vitest';
import { formSchema, splitErrors, toDraft, toValue } from './resource-form';

describe('resource form', () => {
  it('splits a stored value into args and variable references, dropping hidden secrets', () => {
    expect(toDraft({ host: 'db', user: '$var:f/db/user', password: null, port: 5432 })).toEqual({
      args: { host: 'db', port: 5432 },
      refs: { user: 'f/db/user' },
    });
  });

  it('shows the schema without referenced fields, and stored secrets as optional', () => {
    const schema = {
      type: 'object',
      required: ['host', 'user', 'password'],
      order: ['host', 'user', 'password'],
      properties: {
        host: { type: 'string' },
        user: { type: 'string' },
        password: { type: 'string', format: 'password' },
      },
    };
    const shown = formSchema(schema, { user: 'f/db/user' }, ['password']);
    expect(Object.keys(shown.properties!)).toEqual(['host', 'password']);
    expect(shown.required).toEqual(['host']);
    expect(shown.order).toEqual(['host', 'password']);
    expect(shown.properties!.password!.description).toMatch(/leave empty to keep/);
  });

  it('puts references back as $var: values', () => {
    expect(toValue({ host: 'db' }, { user: 'f/db/user' })).toEqual({ host: 'db', user: '$var:f/db/user' });
  });

  it('places a 400 on value fields at those fields, and others by their name', () => {
    const body = {
      error: {
        message: 'invalid',
        details: [
          { field: 'value.port', message: 'must be integer' },
          { field: 'value.port', message: 'must be >= 1' },
          { field: 'resource_type', message: '"x" does not exist' },
        ],
      },
    };
    expect(splitErrors(body)).toEqual({
      value: { port: ['must be integer', 'must be >= 1'] },
      other: { resource_type: '"x" does not exist' },
    });
    expect(splitErrors({ error: { message: 'a resource already exists at path "f/a/b"' } }).other).toEqual({
      path: 'a resource already exists at path "f/a/b"',
    });
    expect(splitErrors({ error: { message: 'no RUNNEL_MASTER_KEY' } }).other).toEqual({ '': 'no RUNNEL_MASTER_KEY' });
  });
});
