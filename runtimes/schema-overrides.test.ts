import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePythonSignature } from './python3/signature.js';
import { applySchemaOverrides, checkSchemaOverrides } from './schema-overrides.js';

describe('applySchemaOverrides', () => {
  const overrides = {
    order: ['gone', 'b', 'b', 'a'],
    properties: {
      a: { title: 'Amount', minimum: 1, maximum: 10, placeholder: '5', type: 'string' },
      b: { format: 'textarea', description: 'Notes' },
      gone: { title: 'Removed from the code' },
    },
  };

  it('lays refinements on the inferred schema, in the chosen order, and survives a change of the code', () => {
    const before = parsePythonSignature('def main(a: int, b: str = "x"):\n  pass').schema;
    const merged = applySchemaOverrides(before, overrides);
    assert.deepEqual(Object.keys(merged.properties), ['b', 'a']);
    assert.deepEqual(merged.order, ['b', 'a']);
    assert.deepEqual(merged.properties.a, {
      type: 'integer',
      title: 'Amount',
      minimum: 1,
      maximum: 10,
      placeholder: '5',
    });
    assert.deepEqual(merged.properties.b, { type: 'string', default: 'x', format: 'textarea', description: 'Notes' });
    assert.deepEqual(merged.required, ['a']);

    // The code changes: a new parameter joins at the end, a removed one takes its refinements with it.
    const after = parsePythonSignature('def main(c: bool, a: int):\n  pass').schema;
    const again = applySchemaOverrides(after, overrides);
    assert.deepEqual(Object.keys(again.properties), ['a', 'c']);
    assert.equal(again.properties.a!.title, 'Amount');
    assert.equal('b' in again.properties, false);
    assert.deepEqual(again.required, ['c', 'a']);
  });

  it('never sets the type, and changes neither argument', () => {
    const inferred = parsePythonSignature('def main(a: int):\n  pass').schema;
    const copy = structuredClone(inferred);
    const frozen = structuredClone(overrides);
    const merged = applySchemaOverrides(inferred, overrides);
    assert.equal(merged.properties.a!.type, 'integer');
    assert.deepEqual(inferred, copy);
    assert.deepEqual(overrides, frozen);
    assert.deepEqual(applySchemaOverrides(inferred, null).properties, inferred.properties);
  });

  it('finds refinements no one could fill in, at the refinement to fix', () => {
    const inferred = parsePythonSignature('def main(n: int, code: str):\n  pass').schema;
    const problems = checkSchemaOverrides(inferred, {
      properties: {
        n: { minimum: 5, maximum: 1 },
        code: { pattern: '^(?=a)', minLength: 4, maxLength: 2 },
        gone: { minimum: 3, maximum: 1 },
      },
    });
    assert.deepEqual(
      problems.map((p) => [p.field, p.key]),
      [
        ['n', 'maximum'],
        ['code', 'maxLength'],
        ['code', 'pattern'],
      ],
    );
    assert.match(problems[0]!.message, /minimum \(5\) is more than maximum \(1\)/);
    assert.match(problems[2]!.message, /not supported/);
    // Judged on the merged field: a refined minimum above what the code already bounds.
    const bounded = { type: 'object' as const, properties: { n: { type: 'integer' as const, maximum: 3 } } };
    assert.deepEqual(
      checkSchemaOverrides(bounded, { properties: { n: { minimum: 4 } } }).map((p) => p.key),
      ['minimum'],
    );
    assert.deepEqual(checkSchemaOverrides(inferred, { properties: { n: { minimum: 1, maximum: 9 } } }), []);
    assert.deepEqual(checkSchemaOverrides(inferred, null), []);
  });
});
