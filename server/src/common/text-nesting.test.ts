import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse as parseGraphql } from 'graphql';
import { parse as parseYaml, parseDocument } from 'yaml';
import { graphqlNesting, MAX_TEXT_NESTING, yamlNesting } from './text-nesting.js';

/** How deep a parsed value really nests (`{}` and `[]` count 1), without recursion. */
function actualDepth(value: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    max = Math.max(max, d + 1);
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, d + 1]);
  }
  return max;
}

const DEEP = 1000;

/** YAML texts that nest `depth` levels, some of them dressed to hide it from a careless scan. */
const yamlOfDepth = (depth: number): Record<string, string> => {
  const seq = '['.repeat(depth) + ']'.repeat(depth);
  return {
    'flow sequences': seq,
    'flow mappings': '{a: '.repeat(depth) + '1' + '}'.repeat(depth),
    'compact block sequences': '- '.repeat(depth) + 'x',
    'indented mappings': Array.from({ length: depth }, (_, i) => `${' '.repeat(i)}k:`).join('\n') + ' 1',
    "a plain scalar's quote before the brackets": `[a 'b, ${seq}]`,
    "a plain scalar's double quote": `[a "b, ${seq}]`,
    'a quote left open on the line before': `x: 'abc\n${seq}`,
    'an escaped line end in a double-quoted string': `x: "abc\\\n${seq}`,
    'a block scalar before': `a: |\n  it's "open\nb: ${seq}`,
  };
};
const deepYaml = yamlOfDepth(DEEP);

test('YAML: every way of nesting deep is seen', () => {
  for (const [name, text] of Object.entries(deepYaml)) {
    assert.ok(yamlNesting(text) >= DEEP, `${name}: ${yamlNesting(text)}`);
  }
});

test('YAML: the estimate is never below what the parser builds', () => {
  const texts = [
    'a: 1\nb: [1, 2, {c: [3]}]\n',
    's: \'it\'\'s [not] nested\'\nt: "[\\"x\\"]"\n',
    'summary: loop\nvalue:\n  modules:\n    - id: a\n      value:\n        type: forloopflow\n        modules:\n          - id: b\n            value: {type: identity}\n',
    '- - - [a, {b: [c]}]\n',
    '# [[[[ a comment\nk: v # [[[[\n',
    'k: |\n  [[[[ text, not structure\n',
    ...Object.values(yamlOfDepth(50)),
  ];
  for (const text of texts) {
    // Texts YAML refuses (a quote left open) build nothing to compare with.
    const doc = parseDocument(text);
    if (doc.errors.length) continue;
    const depth = actualDepth(doc.toJS());
    assert.ok(yamlNesting(text) >= depth, `${JSON.stringify(text).slice(0, 80)}: ${yamlNesting(text)} < ${depth}`);
  }
});

test('YAML: a real flow export is far below the limit; one pass, whatever the size', () => {
  const flow =
    'value:\n  modules:\n' +
    '    - id: a\n      value: {type: identity, input_transforms: {x: {type: static, value: "[1]"}}}\n'.repeat(2000);
  assert.ok(yamlNesting(flow) < 20);
  const started = performance.now();
  yamlNesting('['.repeat(1_000_000));
  assert.ok(performance.now() - started < 2000, 'linear');
});

test('YAML below the limit composes without meeting the stack end', () => {
  const text = '['.repeat(MAX_TEXT_NESTING - 1) + ']'.repeat(MAX_TEXT_NESTING - 1);
  assert.equal(yamlNesting(text), MAX_TEXT_NESTING);
  assert.equal(actualDepth(parseYaml(text)), MAX_TEXT_NESTING - 1);
});

test('GraphQL: selections, lists, objects and arguments nest; strings and comments do not', () => {
  assert.equal(graphqlNesting('{ a { b } }'), 2);
  assert.equal(graphqlNesting('{ a(x: [{y: 1}]) }'), 4);
  assert.equal(graphqlNesting('{ a(x: "{{{{[[[[") }'), 2);
  assert.equal(graphqlNesting('{ a(x: """{{{\n[[[""") }'), 2);
  assert.equal(graphqlNesting('# {{{{\n{ a }'), 1);
  assert.equal(graphqlNesting('{ a(x: "\\"{{") }'), 2);
  const deep = '{ a '.repeat(DEEP) + '}'.repeat(DEEP);
  assert.equal(graphqlNesting(deep), DEEP);
  // A string left open hides nothing: the scan stops at the line's end, and GraphQL refuses it there.
  assert.ok(graphqlNesting(`{ a(x: "open\n${'{'.repeat(DEEP)}`) >= DEEP);
});

test('GraphQL below the limit parses', () => {
  const query = '{ a '.repeat(MAX_TEXT_NESTING) + '}'.repeat(MAX_TEXT_NESTING);
  assert.equal(graphqlNesting(query), MAX_TEXT_NESTING);
  assert.equal(parseGraphql(query).kind, 'Document');
});
