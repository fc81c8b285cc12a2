import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SignatureError, type JsonSchema } from '../types.js';
import { parseTypeScriptSignature } from './signature.js';

/** The schema of one parameter `x` declared as `x<declaration>` in an exported main. */
function param(declaration: string, prelude = ''): JsonSchema {
  const { schema } = parseTypeScriptSignature(`${prelude}\nexport async function main(x${declaration}) {}\n`);
  return schema.properties.x;
}

function isRequired(declaration: string, prelude = ''): boolean {
  const { schema } = parseTypeScriptSignature(`${prelude}\nexport async function main(x${declaration}) {}\n`);
  return schema.required.includes('x');
}

describe('parseTypeScriptSignature: main forms', () => {
  const forms = [
    'export async function main(a: string, b: number) { return a; }',
    'export function main(a: string, b: number) { return a; }',
    'export const main = async (a: string, b: number) => a;',
    'export const main = function (a: string, b: number) { return a; };',
    'export default async function main(a: string, b: number) { return a; }',
    'async function main(a: string, b: number) { return a; }\nexport { main };',
  ];
  for (const source of forms) {
    it(`finds main in: ${source.split('\n')[0]}`, () => {
      assert.deepEqual(parseTypeScriptSignature(source), {
        schema: { type: 'object', properties: { a: { type: 'string' }, b: { type: 'number' } }, required: ['a', 'b'] },
        order: ['a', 'b'],
      });
    });
  }

  it('keeps parameter order in properties and order', () => {
    const signature = parseTypeScriptSignature('export function main(zeta: string, alpha: number, mid?: boolean) {}');
    assert.deepEqual(Object.keys(signature.schema.properties), ['zeta', 'alpha', 'mid']);
    assert.deepEqual(signature.order, ['zeta', 'alpha', 'mid']);
    assert.deepEqual(signature.schema.required, ['zeta', 'alpha']);
  });

  it('accepts a main without parameters', () => {
    assert.deepEqual(parseTypeScriptSignature('export async function main() { return 1; }'), {
      schema: { type: 'object', properties: {}, required: [] },
      order: [],
    });
  });

  it('picks the implementation of an overloaded main', () => {
    const source = [
      'export function main(a: string): string;',
      'export function main(a: string, b?: number): string { return a; }',
    ].join('\n');
    assert.deepEqual(parseTypeScriptSignature(source).order, ['a', 'b']);
  });

  it('ignores rest parameters, which have no field of their own', () => {
    assert.deepEqual(parseTypeScriptSignature('export function main(a: string, ...more: string[]) {}').order, ['a']);
  });

  it('ignores helpers and nested functions named main', () => {
    const source = 'function helper() { function main(z: number) {} }\nexport function main(a: string) {}';
    assert.deepEqual(parseTypeScriptSignature(source).order, ['a']);
  });
});

describe('parseTypeScriptSignature: errors', () => {
  it('reports a syntax error at its line and column', () => {
    const source = 'import x from "y";\n\nexport async function main(a: string, b: ) {\n}\n';
    assert.throws(
      () => parseTypeScriptSignature(source),
      (error: unknown) => error instanceof SignatureError && error.line === 3 && error.column === 42,
    );
  });

  it('reports an unclosed brace', () => {
    assert.throws(
      () => parseTypeScriptSignature('export function main(a: string) {\n  if (a) {\n    return 1;\n}\n'),
      (error: unknown) => error instanceof SignatureError && error.line === 5,
    );
  });

  it('reports a script without main', () => {
    assert.throws(() => parseTypeScriptSignature('export function run(a: string) {}'), {
      name: 'SignatureError',
      message: 'no function named main found',
    });
  });

  it('does not take a non-function `main` variable for main', () => {
    assert.throws(() => parseTypeScriptSignature('export const main = 3;'), SignatureError);
  });

  it('rejects a destructured parameter and points at it', () => {
    assert.throws(
      () => parseTypeScriptSignature('export function main(\n  { a }: { a: string },\n) {}'),
      (error: unknown) => error instanceof SignatureError && error.line === 2 && error.column === 3,
    );
  });
});

describe('parseTypeScriptSignature: optional parameters', () => {
  it('makes `?` optional', () => {
    assert.deepEqual(param('?: string'), { type: 'string' });
    assert.equal(isRequired('?: string'), false);
  });

  it('makes `| undefined` optional', () => {
    assert.deepEqual(param(': string | undefined'), { type: 'string' });
    assert.equal(isRequired(': string | undefined'), false);
  });

  it('makes `| null` optional and nullable', () => {
    assert.deepEqual(param(': number | null'), { type: 'number', nullable: true });
    assert.equal(isRequired(': number | null'), false);
  });

  it('makes an alias that admits undefined optional', () => {
    assert.equal(isRequired(': Maybe', 'type Maybe = string | undefined;'), false);
  });

  it('makes a parameter with a default optional', () => {
    assert.equal(isRequired(': string = "a"'), false);
    assert.equal(isRequired(' = 3'), false);
  });
});

describe('parseTypeScriptSignature: defaults', () => {
  it('keeps JSON defaults', () => {
    assert.deepEqual(param(': number = 42'), { type: 'number', default: 42 });
    assert.deepEqual(param(': number = -1.5'), { type: 'number', default: -1.5 });
    assert.deepEqual(param(": string = 'hi'"), { type: 'string', default: 'hi' });
    assert.deepEqual(param(': string = `tpl`'), { type: 'string', default: 'tpl' });
    assert.deepEqual(param(': boolean = false'), { type: 'boolean', default: false });
    assert.deepEqual(param(': string[] = ["a", "b"]'), {
      type: 'array',
      items: { type: 'string' },
      default: ['a', 'b'],
    });
    assert.deepEqual(param(': { a: number } = { a: 1, "b c": [true, null] }'), {
      type: 'object',
      properties: { a: { type: 'number' } },
      required: ['a'],
      default: { a: 1, 'b c': [true, null] },
    });
  });

  it('keeps a null default and lets the value validate', () => {
    assert.deepEqual(param(': string | null = null'), { type: 'string', nullable: true, default: null });
    assert.deepEqual(param(': string = null'), { type: 'string', nullable: true, default: null });
  });

  it('sees through `as const` and `satisfies`', () => {
    assert.deepEqual(param(" = ['a', 'b'] as const"), { type: 'array', default: ['a', 'b'] });
    assert.deepEqual(param(' = { a: 1 } satisfies object'), { type: 'object', default: { a: 1 } });
  });

  it('omits a computed default but keeps the parameter optional', () => {
    assert.deepEqual(param(': Date = new Date()'), { type: 'string', format: 'date-time' });
    assert.deepEqual(param(': number = Date.now()'), { type: 'number' });
    assert.deepEqual(param(': string[] = [...base]'), { type: 'array', items: { type: 'string' } });
    assert.deepEqual(param(': object = { key }'), { type: 'object' });
    assert.equal(isRequired(': number = Date.now()'), false);
  });

  it('infers the type of an unannotated parameter from its default, as TypeScript does', () => {
    assert.deepEqual(param(' = 3'), { type: 'number', default: 3 });
    assert.deepEqual(param(' = "s"'), { type: 'string', default: 's' });
    assert.deepEqual(param(' = true'), { type: 'boolean', default: true });
    assert.deepEqual(param(' = []'), { type: 'array', default: [] });
    assert.deepEqual(param(' = {}'), { type: 'object', default: {} });
    assert.deepEqual(param(' = null'), { default: null });
  });
});

describe('parseTypeScriptSignature: JSDoc', () => {
  it('takes @param descriptions for function declarations', () => {
    const source = [
      '/**',
      ' * Sends a message.',
      ' * @param channel where to post',
      ' * @param {string} text - what to say',
      ' */',
      'export async function main(channel: string, text: string, silent = false) {}',
    ].join('\n');
    const { properties } = parseTypeScriptSignature(source).schema;
    assert.deepEqual(properties.channel, { type: 'string', description: 'where to post' });
    assert.deepEqual(properties.text, { type: 'string', description: 'what to say' });
    assert.deepEqual(properties.silent, { type: 'boolean', default: false });
  });

  it('takes @param descriptions for arrow functions', () => {
    const source = '/** @param name who to greet */\nexport const main = (name: string) => `hi ${name}`;';
    assert.deepEqual(parseTypeScriptSignature(source).schema.properties.name, {
      type: 'string',
      description: 'who to greet',
    });
  });
});
