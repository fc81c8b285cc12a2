import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodePayload, shapeResult } from './webhook-shape.js';

test('a result without windmill_* keys is the JSON body; a failure is 422', () => {
  assert.deepEqual(shapeResult({ a: 1 }, true), {
    status: 200,
    headers: {},
    contentType: 'application/json; charset=utf-8',
    body: '{"a":1}',
  });
  assert.equal(shapeResult('x', false).status, 422);
  assert.equal(shapeResult(undefined, true).body, 'null');
});

test("Windmill's composite result: status, content type, headers, body from `result` or the rest", () => {
  const s = shapeResult({ windmill_status_code: 201, windmill_headers: { 'X-A': 'b', n: 1 }, result: [1] }, true);
  assert.deepEqual(s, {
    status: 201,
    headers: { 'x-a': 'b', n: '1' },
    contentType: 'application/json; charset=utf-8',
    body: '[1]',
  });
  assert.deepEqual(shapeResult({ windmill_content_type: 'text/csv', result: 'a;b' }, true).body, 'a;b');
  assert.deepEqual(shapeResult({ windmill_content_type: 'text/plain', result: 5 }, true).body, '5');
  assert.deepEqual(shapeResult({ windmill_status_code: 400, x: 1 }, true).body, '{"x":1}');
  assert.deepEqual(shapeResult({ windmill_headers: {} }, true).status, 204);
  assert.deepEqual(
    shapeResult({ windmill_headers: { 'content-type': 'text/x' }, result: 1 }, true).contentType,
    'text/x',
  );
  assert.deepEqual(shapeResult({ windmill_headers: { 'Content-Length': '1' }, result: 1 }, true).headers, {});
  for (const bad of [
    { windmill_status_code: 99 },
    { windmill_status_code: '200' },
    { windmill_headers: 'x' },
    { windmill_headers: { 'a b': 'c' } },
    { windmill_headers: { a: 'c\r\nd: e' } },
    { windmill_content_type: 3 },
  ]) {
    assert.throws(() => shapeResult(bad, true), /windmill_/, JSON.stringify(bad));
  }
});

test('?payload= is base64 of JSON, URL-safe or not', () => {
  const args = { s: 'é?>~' };
  assert.deepEqual(decodePayload(Buffer.from(JSON.stringify(args)).toString('base64url')), args);
  assert.deepEqual(decodePayload(Buffer.from(JSON.stringify(args)).toString('base64')), args);
  assert.throws(() => decodePayload('%%%'), /payload/);
});
