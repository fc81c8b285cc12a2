import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RunnelError } from './errors.js';
import { MAX_JSON_DEPTH, nestsDeeperThan, parseJsonText } from './json-depth.js';

/** A value `depth` levels deep, built without recursion. */
function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
}

test('depth counts objects and arrays, not scalars', () => {
  assert.equal(nestsDeeperThan(1, 0), false);
  assert.equal(nestsDeeperThan({}, 0), true);
  assert.equal(nestsDeeperThan({ a: [1, { b: 'x' }] }, 3), false);
  assert.equal(nestsDeeperThan({ a: [1, { b: {} }] }, 3), true);
  assert.equal(nestsDeeperThan(nested(MAX_JSON_DEPTH), MAX_JSON_DEPTH), false);
  assert.equal(nestsDeeperThan(nested(MAX_JSON_DEPTH + 1), MAX_JSON_DEPTH), true);
});

test('a value far deeper than the stack allows, or a cycle, is measured without recursion', () => {
  assert.equal(nestsDeeperThan(nested(1_000_000), MAX_JSON_DEPTH), true);
  const cycle: Record<string, unknown> = {};
  cycle.self = cycle;
  assert.equal(nestsDeeperThan(cycle, MAX_JSON_DEPTH), true);
});

test('JSON text that nests too deep is a 400 naming the limit; text that is not JSON says so', () => {
  const deep = '['.repeat(2000) + ']'.repeat(2000);
  assert.throws(
    () => parseJsonText(deep, 'the body'),
    (err: unknown) =>
      err instanceof RunnelError && err.code === 'invalid_json' && /more than 64 levels/.test(err.message),
  );
  assert.deepEqual(parseJsonText('{"a":[1]}', 'the body'), { a: [1] });
  assert.throws(() => parseJsonText('{', 'the body'), /the body is not valid JSON/);
  assert.throws(() => parseJsonText('{', 'x', 'send JSON'), /^RunnelError: send JSON$/);
});
