import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JsonSchema } from '../types.js';
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

describe('parseTypeScriptSignature: primitive types', () => {
  it('maps keywords', () => {
    assert.deepEqual(param(': string'), { type: 'string' });
    assert.deepEqual(param(': number'), { type: 'number' });
    assert.deepEqual(param(': boolean'), { type: 'boolean' });
    assert.deepEqual(param(': bigint'), { type: 'integer' });
    assert.deepEqual(param(': object'), { type: 'object' });
  });

  it('leaves any, unknown and untyped parameters without a type', () => {
    assert.deepEqual(param(': any'), {});
    assert.deepEqual(param(': unknown'), {});
    assert.deepEqual(param(''), {});
    assert.equal(isRequired(''), true);
  });

  it('maps Date to a date-time string and binary data to base64', () => {
    assert.deepEqual(param(': Date'), { type: 'string', format: 'date-time' });
    assert.deepEqual(param(': Uint8Array'), { type: 'string', contentEncoding: 'base64' });
    assert.deepEqual(param(': Buffer'), { type: 'string', contentEncoding: 'base64' });
  });

  it('maps boxed primitives and template literal types', () => {
    assert.deepEqual(param(': String'), { type: 'string' });
    assert.deepEqual(param(': `id-${string}`'), { type: 'string' });
  });
});

describe('parseTypeScriptSignature: enums and unions', () => {
  it('turns a union of string literals into an enum', () => {
    assert.deepEqual(param(": 'a' | 'b' | \"c\""), { type: 'string', enum: ['a', 'b', 'c'] });
  });

  it('turns a union of numbers into a number enum, and mixed literals into an untyped enum', () => {
    assert.deepEqual(param(': 1 | 2 | -3'), { type: 'number', enum: [1, 2, -3] });
    assert.deepEqual(param(": 'a' | 1"), { enum: ['a', 1] });
  });

  it('merges literal unions spread over aliases', () => {
    const prelude = "type Warm = 'red' | 'orange';\ntype Colour = Warm | 'blue';";
    assert.deepEqual(param(': Colour', prelude), { type: 'string', enum: ['red', 'orange', 'blue'] });
  });

  it('maps a TypeScript enum declared in the file to its values', () => {
    assert.deepEqual(param(': Mode', "enum Mode { Fast = 'fast', Slow = 'slow' }"), {
      type: 'string',
      enum: ['fast', 'slow'],
    });
    assert.deepEqual(param(': Level', 'enum Level { Low, High = 10, Higher }'), { type: 'number', enum: [0, 10, 11] });
  });

  it('uses anyOf for a union of different shapes', () => {
    assert.deepEqual(param(': string | number'), { anyOf: [{ type: 'string' }, { type: 'number' }] });
  });

  it('collapses true | false to boolean', () => {
    assert.deepEqual(param(': true | false'), { type: 'boolean' });
  });

  it('derives an enum from keyof an object type', () => {
    assert.deepEqual(param(': keyof Opts', 'interface Opts { a: string; b: number }'), {
      type: 'string',
      enum: ['a', 'b'],
    });
  });
});

describe('parseTypeScriptSignature: arrays', () => {
  it('maps every array spelling with typed items', () => {
    for (const spelling of [': string[]', ': Array<string>', ': readonly string[]', ': ReadonlyArray<string>']) {
      assert.deepEqual(param(spelling), { type: 'array', items: { type: 'string' } }, spelling);
    }
  });

  it('maps arrays of unions, objects and arrays', () => {
    assert.deepEqual(param(": ('a' | 'b')[]"), { type: 'array', items: { type: 'string', enum: ['a', 'b'] } });
    assert.deepEqual(param(': number[][]'), { type: 'array', items: { type: 'array', items: { type: 'number' } } });
    assert.deepEqual(param(': { id: number }[]'), {
      type: 'array',
      items: { type: 'object', properties: { id: { type: 'number' } }, required: ['id'] },
    });
    assert.deepEqual(param(': (string | null)[]'), { type: 'array', items: { type: 'string', nullable: true } });
  });

  it('maps homogeneous tuples to typed arrays and mixed ones to plain arrays', () => {
    assert.deepEqual(param(': [number, number]'), { type: 'array', items: { type: 'number' } });
    assert.deepEqual(param(': [string, number]'), { type: 'array' });
  });
});

describe('parseTypeScriptSignature: objects', () => {
  it('maps an inline object type with required and optional properties', () => {
    assert.deepEqual(param(': { a: string; b?: number; c: boolean | undefined }'), {
      type: 'object',
      properties: { a: { type: 'string' }, b: { type: 'number' }, c: { type: 'boolean' } },
      required: ['a'],
    });
  });

  it('maps nested objects', () => {
    assert.deepEqual(param(': { outer: { inner: { leaf: Date } } }'), {
      type: 'object',
      properties: {
        outer: {
          type: 'object',
          properties: {
            inner: {
              type: 'object',
              properties: { leaf: { type: 'string', format: 'date-time' } },
              required: ['leaf'],
            },
          },
          required: ['inner'],
        },
      },
      required: ['outer'],
    });
  });

  it('maps Record and index signatures to additionalProperties', () => {
    assert.deepEqual(param(': Record<string, number>'), { type: 'object', additionalProperties: { type: 'number' } });
    assert.deepEqual(param(': { [key: string]: boolean }'), {
      type: 'object',
      properties: {},
      additionalProperties: { type: 'boolean' },
    });
    assert.deepEqual(param(": Record<'x' | 'y', number>"), {
      type: 'object',
      properties: { x: { type: 'number' }, y: { type: 'number' } },
      required: ['x', 'y'],
    });
  });

  it('merges intersections of object types', () => {
    assert.deepEqual(param(': { a: string } & { b?: number }'), {
      type: 'object',
      properties: { a: { type: 'string' }, b: { type: 'number' } },
      required: ['a'],
    });
  });

  it('takes property descriptions from JSDoc', () => {
    assert.deepEqual(param(': {\n  /** Where to connect. */\n  host: string;\n}'), {
      type: 'object',
      properties: { host: { type: 'string', description: 'Where to connect.' } },
      required: ['host'],
    });
  });
});

describe('parseTypeScriptSignature: aliases and interfaces', () => {
  it('resolves a type alias declared in the file', () => {
    assert.deepEqual(param(': Point', 'type Point = { x: number; y?: number };'), {
      type: 'object',
      properties: { x: { type: 'number' }, y: { type: 'number' } },
      required: ['x'],
    });
  });

  it('resolves interfaces with extends and declaration merging, bases first', () => {
    const prelude = [
      'interface Base { id: string }',
      'export interface User extends Base { name: string; age?: number }',
      'interface User { tags: string[] }',
    ].join('\n');
    assert.deepEqual(param(': User', prelude), {
      type: 'object',
      properties: {
        id: { type: 'string' },
        name: { type: 'string' },
        age: { type: 'number' },
        tags: { type: 'array', items: { type: 'string' } },
      },
      required: ['id', 'name', 'tags'],
    });
  });

  it('resolves aliases of aliases and aliases declared after main', () => {
    const source = 'export function main(x: A) {}\ntype A = B[];\ntype B = { c: C };\ntype C = number;';
    assert.deepEqual(parseTypeScriptSignature(source).schema.properties.x, {
      type: 'array',
      items: { type: 'object', properties: { c: { type: 'number' } }, required: ['c'] },
    });
  });

  it('stops at a recursive type instead of looping', () => {
    const prelude = 'interface Tree { value: number; children: Tree[] }';
    assert.deepEqual(param(': Tree', prelude), {
      type: 'object',
      properties: { value: { type: 'number' }, children: { type: 'array', items: { type: 'object' } } },
      required: ['value', 'children'],
    });
    assert.deepEqual(param(': A', 'type A = B; type B = A;'), { type: 'object' });
  });

  it('leaves generic parameters untyped rather than calling them resources', () => {
    assert.deepEqual(param(': Box<string>', 'type Box<T> = { value: T };'), {
      type: 'object',
      properties: { value: {} },
      required: ['value'],
    });
  });

  it('applies Partial and Required', () => {
    const prelude = 'type P = { a: string; b?: number };';
    assert.deepEqual(param(': Partial<P>', prelude), {
      type: 'object',
      properties: { a: { type: 'string' }, b: { type: 'number' } },
    });
    assert.deepEqual(param(': Required<P>', prelude).required, ['a', 'b']);
  });
});

describe('parseTypeScriptSignature: resources', () => {
  it('treats an unknown type name as a resource type in snake_case', () => {
    assert.deepEqual(param(': Postgresql'), { type: 'object', format: 'resource-postgresql' });
    assert.deepEqual(param(': PostgresqlDb'), { type: 'object', format: 'resource-postgresql_db' });
    assert.deepEqual(param(': HTTPServer'), { type: 'object', format: 'resource-http_server' });
    assert.deepEqual(param(': S3Bucket'), { type: 'object', format: 'resource-s3_bucket' });
  });

  it('uses the last segment of a qualified name', () => {
    assert.deepEqual(param(': RT.Stripe'), { type: 'object', format: 'resource-stripe' });
  });

  it('reads an explicit Resource<"kind">, also through the wmill namespace', () => {
    assert.deepEqual(param(": Resource<'mysql'>"), { type: 'object', format: 'resource-mysql' });
    assert.deepEqual(param(': Resource<"postgresql">'), { type: 'object', format: 'resource-postgresql' });
    assert.deepEqual(param(": wmill.Resource<'postgresql'>"), { type: 'object', format: 'resource-postgresql' });
    assert.deepEqual(param(": Resource<'s3'>[]"), {
      type: 'array',
      items: { type: 'object', format: 'resource-s3' },
    });
  });

  it('keeps a nullable resource optional', () => {
    assert.deepEqual(param(': Stripe | null'), { type: 'object', format: 'resource-stripe', nullable: true });
  });
});

describe("parseTypeScriptSignature: Windmill's special string types", () => {
  it('maps Base64, Email and Sql to strings as Windmill does, not to resources', () => {
    assert.deepEqual(param(': Base64'), { type: 'string', contentEncoding: 'base64' });
    assert.deepEqual(param(': Email'), { type: 'string', format: 'email' });
    assert.deepEqual(param(': Sql'), { type: 'string', format: 'sql' });
  });

  it('maps them through the wmill namespace, in arrays and when optional', () => {
    assert.deepEqual(param(': wmill.Email'), { type: 'string', format: 'email' });
    assert.deepEqual(param(': wmill.Base64[]'), {
      type: 'array',
      items: { type: 'string', contentEncoding: 'base64' },
    });
    assert.deepEqual(param(': Email[]'), { type: 'array', items: { type: 'string', format: 'email' } });
    assert.deepEqual(param(': Date[]'), { type: 'array', items: { type: 'string', format: 'date-time' } });
    assert.deepEqual(param('?: Sql'), { type: 'string', format: 'sql' });
    assert.equal(isRequired('?: Sql'), false);
    assert.deepEqual(param(': Email | undefined'), { type: 'string', format: 'email' });
  });

  it('lets a type declared in the script win over the special name', () => {
    assert.deepEqual(param(': Email', 'interface Email { to: string }'), {
      type: 'object',
      properties: { to: { type: 'string' } },
      required: ['to'],
    });
  });
});
