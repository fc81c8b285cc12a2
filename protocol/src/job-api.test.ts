import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hasReference, parseReference } from './job-api.js';

describe('argument references', () => {
  it('parses $var: and $res: strings, nothing else', () => {
    assert.deepEqual(parseReference('$var:f/db/password'), { kind: 'var', path: 'f/db/password' });
    assert.deepEqual(parseReference('$res:g/all/demodb'), { kind: 'res', path: 'g/all/demodb' });
    for (const value of ['$var:', '$flow:x', 'var:f/a', ' $var:f/a', '$var:a\nb', 3, null, ['$var:f/a']]) {
      assert.equal(parseReference(value), undefined, JSON.stringify(value));
    }
  });

  it('finds a reference at any depth of the arguments', () => {
    assert.equal(hasReference({ a: 1, b: 'text', c: [true, { d: null }] }), false);
    assert.equal(hasReference({ a: { b: [{ c: '$var:f/x/y' }] } }), true);
    assert.equal(hasReference({ a: '$res:f/x/db' }), true);
  });
});
