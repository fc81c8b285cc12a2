import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel, type JsonSchema } from './schema-model.js';
import {
  fieldPaths,
  initialValues,
  newItem,
  placeErrors,
  isoToLocal,
  localToIso,
  reshapeValues,
  toArgs,
} from './values.js';

beforeAll(() => {
  process.env.TZ = 'Europe/Paris';
});

const schema: JsonSchema = {
  type: 'object',
  properties: {
    name: { type: 'string', default: 'world' },
    note: { type: 'string' },
    count: { type: 'integer', default: 2 },
    ratio: { type: 'number' },
    ok: { type: 'boolean' },
    must: { type: 'boolean' },
    at: { type: 'string', format: 'date-time' },
    tags: { type: 'array', items: { type: 'string' } },
    point: { type: 'object', properties: { x: { type: 'number' }, y: { type: 'number' } } },
    data: { type: 'object' },
    color: { type: 'string', enum: ['red', 'green'] },
  },
  required: ['must'],
};
const fields = buildModel(schema);

describe('values → args', () => {
  it('prefills defaults and sends them back', () => {
    const values = initialValues(fields);
    expect(values).toMatchObject({ name: 'world', note: '', count: 2, ratio: null, ok: undefined, must: false });
    expect(toArgs(fields, values)).toEqual({ args: { name: 'world', count: 2, must: false }, errors: {} });
  });

  it('omits empty optional fields and parses numbers, JSON and nested values', () => {
    const values = initialValues(fields);
    Object.assign(values, {
      name: '',
      count: 7,
      ratio: 0.25,
      ok: true,
      tags: ['a', ''],
      point: { x: 1, y: null },
      data: '{"k": [1]}',
      color: 'green',
    });
    expect(toArgs(fields, values)).toEqual({
      args: {
        count: 7,
        ratio: 0.25,
        ok: true,
        must: false,
        tags: ['a', ''],
        point: { x: 1 },
        data: { k: [1] },
        color: 'green',
      },
      errors: {},
    });
  });

  it('reports JSON that does not parse at its field and leaves it out', () => {
    const values = { ...initialValues(fields), data: '{oops' };
    const { args, errors } = toArgs(fields, values);
    expect(args).not.toHaveProperty('data');
    expect(Object.keys(errors)).toEqual(['data']);
    expect(errors.data?.[0]).toMatch(/^is not valid JSON/);
  });

  it('prefills from a run’s args (re-run) and round-trips them', () => {
    const args = {
      name: 'x',
      count: 5,
      must: true,
      at: '2024-05-01T12:30:00.000Z',
      tags: ['p', 'q'],
      point: { x: 1, y: 2 },
      data: { deep: { list: [1, 2] } },
      color: 'red',
    };
    const values = initialValues(fields, args);
    expect(values.at).toBe('2024-05-01T14:30');
    expect(values.data).toBe(JSON.stringify(args.data, null, 2));
    expect(toArgs(fields, values)).toEqual({ args, errors: {} });
  });

  it('reads a date-time in the browser’s time zone and sends it in UTC', () => {
    expect(localToIso('2024-01-15T09:00')).toBe('2024-01-15T08:00:00.000Z');
    expect(isoToLocal('2024-01-15T08:00:05Z')).toBe('2024-01-15T09:00:05');
    expect(isoToLocal('not a date')).toBe('');
  });

  it('sends an emptied array that has a default as [] and leaves out one without', () => {
    const f = buildModel({
      properties: {
        a: { type: 'array', items: { type: 'integer' }, default: [1] },
        b: { type: 'array', items: { type: 'integer' } },
      },
    });
    expect(toArgs(f, { a: [], b: [] }).args).toEqual({ a: [] });
    expect(toArgs(f, { a: [3, null], b: [] })).toEqual({ args: { a: [3, null] }, errors: {} });
  });
});

describe('values as the fields change', () => {
  it('starts an added item at its default, or empty', () => {
    const item = (schema: JsonSchema) => buildModel({ properties: { a: { type: 'array', items: schema } } })[0]!.items!;
    expect(newItem(item({ type: 'boolean' }))).toBe(false);
    expect(newItem(item({ type: 'integer', default: 5 }))).toBe(5);
    expect(newItem(item({ type: 'object', properties: { x: { type: 'string' } } }))).toEqual({ x: '' });
  });

  it('lists the paths the form shows', () => {
    const f = buildModel({
      properties: {
        people: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } } } },
      },
    });
    expect([...fieldPaths(f, { people: [{ name: 'a' }, { name: 'b' }] })]).toEqual([
      'people',
      'people[0]',
      'people[0].name',
      'people[1]',
      'people[1].name',
    ]);
  });

  it('keeps what was typed in a field that stays the same kind, and starts new or changed ones at their default', () => {
    const before = buildModel({
      properties: { a: { type: 'string' }, b: { type: 'string' }, gone: { type: 'string' } },
    });
    const after = buildModel({
      properties: { a: { type: 'string' }, b: { type: 'integer', default: 4 }, c: { type: 'boolean', default: true } },
    });
    expect(reshapeValues(before, after, { a: 'typed', b: 'text', gone: 'x' })).toEqual({ a: 'typed', b: 4, c: true });
  });
});

describe('errors placed on fields', () => {
  it('shows an error at its field, inside a JSON value at that field, and elsewhere on the whole form', () => {
    const shown = new Set(['count', 'extra', 'people', 'people[0]', 'people[0].name']);
    expect(
      placeErrors(
        {
          count: ['must be >= 1'],
          'extra.deep[2]': ['must be integer'],
          'people[0].name': ['is required'],
          'people[3]': ['must be object'],
          removed: ['is required'],
          '': ['has unknown property "x"'],
        },
        shown,
      ),
    ).toEqual({
      byField: {
        count: [{ at: '', message: 'must be >= 1' }],
        extra: [{ at: '.deep[2]', message: 'must be integer' }],
        'people[0].name': [{ at: '', message: 'is required' }],
        people: [{ at: '[3]', message: 'must be object' }],
      },
      form: ['removed is required', 'has unknown property "x"'],
    });
  });
});
