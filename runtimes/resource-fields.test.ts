import assert from 'node:assert/strict';
import { test } from 'node:test';
import { secretFields } from './resource-fields.js';

test('secret fields are the top-level properties marked format: password or password: true', () => {
  const schema = {
    type: 'object',
    properties: {
      host: { type: 'string' },
      password: { type: 'string', format: 'password' },
      token: { type: 'string', password: true },
      nested: { type: 'object', properties: { inner: { type: 'string', format: 'password' } } },
    },
  };
  assert.deepEqual(secretFields(schema), ['password', 'token']);
  assert.deepEqual(secretFields({ type: 'object' }), []);
  assert.deepEqual(secretFields(null), []);
});
