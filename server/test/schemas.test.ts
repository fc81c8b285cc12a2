import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { json, startHarness, type Harness } from './harness.js';

const identity = { modules: [{ id: 'a', value: { type: 'identity' } }] };

/** Users' JSON Schemas (a flow's input): linear-time patterns, Windmill's leniency, clear errors. */
describe('user JSON Schemas', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => h?.close());

  const create = (path: string, schema: unknown, value: unknown = identity) =>
    h.api('/api/w/main/flows/create', { method: 'POST', json: { path, summary: 's', value, schema } });

  it('matches a catastrophic pattern in linear time while the server keeps answering', async () => {
    const schema = { type: 'object', properties: { s: { type: 'string', pattern: '^(a+)+$' } } };
    assert.equal((await create('f/schemas/redos', schema)).status, 201);
    const run = (s: string) =>
      h.api('/api/w/main/jobs/run_wait_result/f/f/schemas/redos', { method: 'POST', json: { s } });
    // A backtracking engine takes seconds here, doubling with each further "a".
    const started = performance.now();
    const [bad, health] = await Promise.all([
      run('a'.repeat(30) + '!'),
      (async () => {
        // Once the run request is being validated (a backtracking match would still be going).
        await new Promise((r) => setTimeout(r, 200));
        const t = performance.now();
        const res = await h.api('/api/health', { token: null });
        return { status: res.status, ms: performance.now() - t };
      })(),
    ]);
    const elapsed = performance.now() - started;
    assert.equal(bad.status, 400);
    assert.match((await json(bad)).error.message, /s must match pattern/);
    assert.equal(health.status, 200);
    assert.ok(health.ms < 1000, `health answered in ${health.ms.toFixed(0)} ms`);
    assert.ok(elapsed < 1000, `the 400 came after ${elapsed.toFixed(0)} ms`);
    assert.equal((await run('aaaa')).status, 200);
  });

  it('refuses a pattern RE2 cannot run at deploy, naming it', async () => {
    for (const pattern of ['^(?=a)a$', '^(a)\\1$']) {
      const res = await create('f/schemas/lookahead', {
        type: 'object',
        properties: { s: { type: 'string', pattern } },
      });
      assert.equal(res.status, 400);
      const { error } = await json(res);
      assert.ok(error.message.includes(`pattern ${JSON.stringify(pattern)} is not supported`), error.message);
    }
  });

  it('imports a Windmill export whose required lists a name twice, stores it once and runs it', async () => {
    const schema = {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      order: ['name', 'n'],
      properties: {
        name: { type: 'string', format: '', description: '', customErrorMessage: 'x' },
        n: { type: 'integer', format: 'resource-counter', nullable: false },
        // A property may be called "default" or "required": it is a schema like any other.
        default: { type: 'object', properties: { x: { type: 'string' } }, required: ['x', 'x'] },
        required: { type: 'string', default: 'kept', enum: ['kept', 'kept2'] },
      },
      required: ['name', 'n', 'name'],
    };
    const res = await create('f/schemas/windmill', schema);
    assert.equal(res.status, 201, await res.clone().text());
    const flow = await json(h.api('/api/w/main/flows/get/f/schemas/windmill'));
    assert.deepEqual(flow.schema.required, ['name', 'n']);
    assert.deepEqual(flow.schema.properties.default.required, ['x']);
    assert.equal(flow.schema.properties.required.default, 'kept');
    const ok = await h.api('/api/w/main/jobs/run_wait_result/f/f/schemas/windmill', {
      method: 'POST',
      json: { name: 'a', n: 1 },
    });
    assert.equal(ok.status, 200, await ok.clone().text());
    const missing = await h.api('/api/w/main/jobs/run_wait_result/f/f/schemas/windmill', {
      method: 'POST',
      json: { n: 1 },
    });
    assert.equal(missing.status, 400);
    assert.match((await json(missing)).error.message, /name is required/);
  });

  it('refuses wrong types of the keywords it reads, naming their paths', async () => {
    const cases: [unknown, string][] = [
      [{ type: 'object', properties: [] }, 'schema.properties'],
      [{ type: 'object', required: 'name' }, 'schema.required'],
      [{ type: 'object', required: [1] }, 'schema.required[0]'],
      [{ type: 'object', properties: { a: { type: 'strin' } } }, 'schema.properties.a.type'],
    ];
    for (const [schema, field] of cases) {
      const res = await create('f/schemas/bad', schema);
      assert.equal(res.status, 400, JSON.stringify(schema));
      const { error } = await json(res);
      assert.equal(error.code, 'bad_request');
      assert.ok(
        (error.details as { field: string }[]).some((d) => d.field === field),
        `${JSON.stringify(schema)}: ${JSON.stringify(error)}`,
      );
      assert.ok(error.message.includes(field), error.message);
    }
  });
});
