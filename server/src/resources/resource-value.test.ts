import assert from 'node:assert/strict';
import { test } from 'node:test';
import { remainingErrors, replaceRefs, splitValue, varRefs } from './resource-value.js';

test('variable references are found at any depth and named like a 400 names fields', () => {
  const value = { a: '$var:f/x/a', b: { c: ['plain', '$var:u/me/c'] }, d: 'not $var:f/x/d', e: 3 };
  assert.deepEqual(varRefs(value), [
    { field: 'a', path: 'f/x/a' },
    { field: 'b.c[1]', path: 'u/me/c' },
  ]);
});

test('the clear part leaves out secret fields given as values, but keeps references, and drops nulls', () => {
  const { plain, secrets } = splitValue(
    { host: 'db', password: 'hunter2', token: '$var:f/x/token', key: null, other: null },
    ['password', 'token', 'key'],
  );
  assert.deepEqual(plain, { host: 'db', token: '$var:f/x/token', other: null });
  assert.deepEqual(secrets, { password: 'hunter2' });
});

test('errors at references and kept secrets do not count, errors elsewhere do', () => {
  const errors = [
    { field: 'port', message: 'must be integer' },
    { field: 'port2', message: 'must be integer' },
    { field: 'password', message: 'is required' },
    { field: 'headers.x', message: 'must be string' },
    { field: 'list[0]', message: 'must be string' },
  ];
  assert.deepEqual(remainingErrors(errors, ['port', 'password', 'headers', 'list']), [
    { field: 'port2', message: 'must be integer' },
  ]);
});

test('references are replaced by what the lookup answers, everywhere, without touching the input', async () => {
  const value = { a: '$var:f/x/a', b: [{ c: '$var:f/x/c' }], n: 1 };
  const out = await replaceRefs(value, async (path) => `<${path}>`);
  assert.deepEqual(out, { a: '<f/x/a>', b: [{ c: '<f/x/c>' }], n: 1 });
  assert.equal(value.a, '$var:f/x/a');
});
