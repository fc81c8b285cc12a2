import { describe, expect, it } from 'vitest';
import { buildModel, joinPath, type JsonSchema } from './schema-model.js';

const kinds = (schema: JsonSchema, order: string[] = []) =>
  Object.fromEntries(buildModel(schema, order).map((f) => [f.name, f.kind]));

describe('schema → form model', () => {
  it('picks a widget per parameter type and format', () => {
    const schema: JsonSchema = {
      type: 'object',
      properties: {
        name: { type: 'string' },
        notes: { type: 'string', format: 'textarea' },
        letter: { type: 'string', default: 'Dear,\nthanks' },
        secret: { type: 'string', format: 'password' },
        legacySecret: { type: 'string', password: true },
        mail: { type: 'string', format: 'email' },
        query: { type: 'string', format: 'sql' },
        site: { type: 'string', format: 'uri' },
        count: { type: 'integer' },
        ratio: { type: 'number' },
        ok: { type: 'boolean' },
        color: { type: 'string', enum: ['red', 'green'] },
        day: { type: 'string', format: 'date' },
        at: { type: 'string', format: 'date-time' },
        file: { type: 'string', contentEncoding: 'base64' },
        tags: { type: 'array', items: { type: 'string' } },
        db: { type: 'object', format: 'resource-postgresql' },
        point: { type: 'object', properties: { x: { type: 'number' } } },
        bag: { type: 'object' },
        either: { anyOf: [{ type: 'string' }, { type: 'integer' }] },
        grid: { type: 'array', items: { type: 'array', items: { type: 'number' } } },
        maybe: { type: ['string', 'null'] },
      },
    };
    expect(kinds(schema)).toEqual({
      name: 'text',
      notes: 'textarea',
      letter: 'textarea',
      secret: 'password',
      legacySecret: 'password',
      mail: 'email',
      query: 'textarea',
      site: 'uri',
      count: 'integer',
      ratio: 'number',
      ok: 'boolean',
      color: 'enum',
      day: 'date',
      at: 'date-time',
      file: 'bytes',
      tags: 'array',
      db: 'json',
      point: 'object',
      bag: 'json',
      either: 'json',
      grid: 'json',
      maybe: 'text',
    });
    const [db] = buildModel({ properties: { db: { type: 'object', format: 'resource-postgresql' } } });
    expect(db?.resource).toBe('postgresql');
  });

  it('orders by the declared argument order, then the rest; labels by title or name; marks required', () => {
    const fields = buildModel(
      {
        type: 'object',
        properties: {
          b: { type: 'string', title: 'Bee' },
          a: { type: 'integer', default: 3, minimum: 1, maximum: 9 },
          c: { type: 'number', nullable: true, multipleOf: 0.5 },
        },
        required: ['a'],
      },
      ['a', '', 'b', 'gone'],
    );
    expect(fields.map((f) => [f.name, f.label, f.required])).toEqual([
      ['a', 'a', true],
      ['b', 'Bee', false],
      ['c', 'c', false],
    ]);
    expect(fields[0]).toMatchObject({ default: 3, constraints: { min: 1, max: 9, step: 1 } });
    // A person's order (refinements) wins over the declared one.
    const chosen = buildModel({ properties: { a: {}, b: {}, c: {} }, order: ['c', 'a'] }, ['a', 'b', 'c']);
    expect(chosen.map((f) => f.name)).toEqual(['c', 'a', 'b']);
    expect(fields[2]).toMatchObject({ nullable: true, constraints: { step: 0.5 } });
  });

  it('describes arrays by their item and objects by their properties, recursively', () => {
    const [people] = buildModel({
      properties: {
        people: {
          type: 'array',
          maxItems: 3,
          items: {
            type: 'object',
            properties: { name: { type: 'string' }, age: { type: 'integer' } },
            required: ['name'],
          },
        },
      },
    });
    expect(people?.kind).toBe('array');
    expect(people?.constraints.maxItems).toBe(3);
    expect(people?.items?.kind).toBe('object');
    expect(people?.items?.children?.map((c) => [c.name, c.kind, c.required])).toEqual([
      ['name', 'text', true],
      ['age', 'integer', false],
    ]);
  });

  it('gives enum options with Windmill labels', () => {
    const [size] = buildModel({
      properties: { size: { type: 'integer', enum: [1, 2], enumLabels: { '1': 'Small' } } },
    });
    expect(size?.options).toEqual([
      { value: 1, label: 'Small' },
      { value: 2, label: '2' },
    ]);
  });

  it('names paths as the server does', () => {
    expect(joinPath(joinPath(joinPath('', 'a'), 0), 'b')).toBe('a[0].b');
  });
});
