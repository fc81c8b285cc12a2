import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseBashSignature } from './signature.js';

describe('parseBashSignature', () => {
  it('reads quoted positional assignments as required strings', () => {
    assert.deepEqual(parseBashSignature('#!/bin/bash\nname="$1"\ncount="$2"\necho "$name $count"\n'), {
      schema: {
        type: 'object',
        properties: { name: { type: 'string' }, count: { type: 'string' } },
        required: ['name', 'count'],
      },
      order: ['name', 'count'],
    });
  });

  it('reads defaults and makes those parameters optional', () => {
    const signature = parseBashSignature('greeting="${1:-hello world}"\nname="${2-anon}"\nempty="${3:-}"\n');
    assert.deepEqual(signature.schema, {
      type: 'object',
      properties: {
        greeting: { type: 'string', default: 'hello world' },
        name: { type: 'string', default: 'anon' },
        empty: { type: 'string', default: '' },
      },
      required: [],
    });
  });

  it('orders parameters by positional index, not by line', () => {
    const signature = parseBashSignature('third="$3"\nfirst="$1"\nsecond="${2:-x}"\n');
    assert.deepEqual(signature.order, ['first', 'second', 'third']);
    assert.deepEqual(Object.keys(signature.schema.properties), ['first', 'second', 'third']);
    assert.deepEqual(signature.schema.required, ['first', 'third']);
  });

  it('reads unquoted, braced and multi-digit forms', () => {
    const signature = parseBashSignature('a=$1\nb=${2}\nc=${3:-5}\nj="${10}"\n');
    assert.deepEqual(signature.order, ['a', 'b', 'c', '', '', '', '', '', '', 'j']);
    assert.deepEqual(signature.schema.properties.c, { type: 'string', default: '5' });
  });

  it('reads local, declare, readonly and export forms', () => {
    const source = 'local a="$1"\ndeclare -r b="${2:-x}"\nreadonly c=$3\nexport d="$4"\n';
    assert.deepEqual(parseBashSignature(source).order, ['a', 'b', 'c', 'd']);
  });

  it('allows a trailing comment or semicolon', () => {
    const source = 'name="$1"   # who to greet\nmode="${2:-fast}"; echo start\n';
    const signature = parseBashSignature(source);
    assert.deepEqual(signature.order, ['name', 'mode']);
    assert.deepEqual(signature.schema.properties.mode, { type: 'string', default: 'fast' });
  });

  it('unquotes defaults the way Bash would', () => {
    const source = ['a="${1:-"quoted"}"', "b=${2:-'single quoted'}", 'c="${3:-say \\"hi\\"}"', 'd="${4:-it\'s}"'].join(
      '\n',
    );
    const { properties } = parseBashSignature(source).schema;
    assert.equal(properties.a.default, 'quoted');
    assert.equal(properties.b.default, 'single quoted');
    assert.equal(properties.c.default, 'say "hi"');
    assert.equal(properties.d.default, "it's");
  });

  it('omits a default that expands at run time but keeps the parameter optional', () => {
    const signature = parseBashSignature('dir="${1:-$HOME}"\nstamp="${2:-$(date)}"\n');
    assert.deepEqual(signature.schema.properties, { dir: { type: 'string' }, stamp: { type: 'string' } });
    assert.deepEqual(signature.schema.required, []);
  });

  it('treats ${N:?message} as required', () => {
    const signature = parseBashSignature('token="${1:?token is required}"\n');
    assert.deepEqual(signature.schema, {
      type: 'object',
      properties: { token: { type: 'string' } },
      required: ['token'],
    });
  });

  it('returns an empty schema for a script that reads no arguments', () => {
    assert.deepEqual(parseBashSignature('#!/bin/bash\necho "hello"\n'), {
      schema: { type: 'object', properties: {}, required: [] },
      order: [],
    });
    assert.deepEqual(parseBashSignature('').order, []);
  });

  it('ignores lines that are not plain positional assignments', () => {
    const source = [
      "literal='$1'",
      '# commented="$1"',
      'joined="$1$2"',
      'suffix=$1abc',
      'echo name="$1"',
      'all="$@"',
      'zero="$0"',
      'x="$1"',
    ].join('\n');
    assert.deepEqual(parseBashSignature(source).order, ['x']);
  });

  it('keeps the first assignment of an index or a name', () => {
    const source = 'name="$1"\nname="${1:-again}"\nother="$1"\nname="$2"\n';
    assert.deepEqual(parseBashSignature(source).schema, {
      type: 'object',
      properties: { name: { type: 'string' } },
      required: ['name'],
    });
  });

  it('skips helper function bodies, whose $1 is the function argument', () => {
    const source = [
      'log() {',
      '  local msg="$1"',
      '  if [ -n "$msg" ]; then {',
      '    echo "$msg"',
      '  }',
      '  fi',
      '}',
      'function fail',
      '{',
      '  local code="${1:-1}"',
      '}',
      'oneliner() { local x="$1"; }',
      'user="$1"',
    ].join('\n');
    assert.deepEqual(parseBashSignature(source).order, ['user']);
  });

  it('reads a main function that receives "$@"', () => {
    const source = 'main() {\n  local name="$1"\n  local greeting="${2:-hi}"\n}\nmain "$@"\n';
    const signature = parseBashSignature(source);
    assert.deepEqual(signature.order, ['name', 'greeting']);
    assert.deepEqual(signature.schema.required, ['name']);
  });

  it('handles Windows line endings', () => {
    assert.deepEqual(parseBashSignature('a="$1"\r\nb="${2:-x}"\r\n').order, ['a', 'b']);
  });
});

describe('parseBashSignature: positions', () => {
  it('keeps an unread position empty so later arguments stay in place', () => {
    const { order } = parseBashSignature('first="$1"\nthird="${3:-x}"\n');
    assert.deepEqual(order, ['first', '', 'third']);
  });
});
