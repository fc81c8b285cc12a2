import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { flowSchema, LANGUAGES, validateFlow, type FlowValidationError } from './validate-flow.js';

const fixtures = new URL('../../src/fixtures/', import.meta.url);

async function windmillExport(): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(new URL('windmill-export.json', fixtures), 'utf8')) as Record<string, unknown>;
}

function errorsOf(doc: unknown): FlowValidationError[] {
  const r = validateFlow(doc);
  assert.equal(r.ok, false, 'the document should be rejected');
  return r.ok ? [] : r.errors;
}

function flowOf(...modules: unknown[]): unknown {
  return { summary: 's', value: { modules } };
}

test('a flow exported from Windmill is accepted unchanged', async () => {
  const doc = await windmillExport();
  const r = validateFlow(doc);
  assert.deepEqual(r.ok ? [] : r.errors, []);
  assert.ok(r.ok);
  assert.equal(r.flow.value.modules.length, 3);
  assert.equal(r.flow.value.failure_module?.id, 'failure');
});

test('a language Runnel does not run names the path and lists the supported ones', async () => {
  const doc = await windmillExport();
  const loop = (doc.value as { modules: { value: { modules: { value: { language: string } }[] } }[] }).modules[1];
  loop.value.modules[0].value.language = 'go';
  assert.deepEqual(errorsOf(doc), [
    {
      path: 'value.modules[1].value.modules[0].value.language',
      message: 'unsupported language "go": expected one of bun, deno, python3, bash, nativets',
    },
  ]);
  loop.value.modules[0].value.language = 'postgresql';
  assert.match(errorsOf(doc)[0].message, /unsupported language "postgresql"/);
});

test('an unknown or missing module type is one error listing the module types', () => {
  assert.deepEqual(errorsOf(flowOf({ id: 'a', value: { type: 'foo', x: 1 } }, { id: 'b', value: {} })), [
    {
      path: 'value.modules[0].value.type',
      message:
        'unknown module type "foo": expected one of rawscript, script, flow, forloopflow, whileloopflow, branchone, branchall, identity',
    },
    {
      path: 'value.modules[1].value.type',
      message:
        'module type is required: expected one of rawscript, script, flow, forloopflow, whileloopflow, branchone, branchall, identity',
    },
  ]);
});

test('a missing field of the declared module type is named by its path', () => {
  const doc = flowOf({ id: 'a', value: { type: 'forloopflow', modules: [], skip_failures: false } });
  assert.deepEqual(errorsOf(doc), [{ path: 'value.modules[0].value.iterator', message: 'is required' }]);
  const script = flowOf({ id: 'a', value: { type: 'script', input_transforms: {} } });
  assert.deepEqual(errorsOf(script), [{ path: 'value.modules[0].value.path', message: 'is required' }]);
});

test('input transforms, sleep and timeout are checked', () => {
  const doc = flowOf({
    id: 'a',
    sleep: 'soon',
    timeout: { type: 'javascript' },
    value: {
      type: 'rawscript',
      language: 'bun',
      content: '',
      input_transforms: { x: { type: 'ai' }, 'my arg': { type: 'static', value: null } },
    },
  });
  assert.deepEqual(errorsOf(doc), [
    {
      path: 'value.modules[0].value.input_transforms.x.type',
      message: 'unknown input transform type "ai": expected one of static, javascript',
    },
    {
      path: 'value.modules[0].sleep',
      message: 'must be a number or an input transform ({"type": "static", "value"} or {"type": "javascript", "expr"})',
    },
    { path: 'value.modules[0].timeout.expr', message: 'is required' },
  ]);
});

test('module ids are unique across the whole flow, failure module included', () => {
  const doc = {
    summary: 's',
    value: {
      modules: [
        { id: 'a', value: { type: 'identity' } },
        {
          id: 'b',
          value: {
            type: 'branchall',
            branches: [{ modules: [{ id: 'a', value: { type: 'identity' } }] }],
          },
        },
      ],
      failure_module: { id: 'b', value: { type: 'identity' } },
    },
  };
  assert.deepEqual(errorsOf(doc), [
    {
      path: 'value.modules[1].value.branches[0].modules[0].id',
      message: 'duplicate module id "a", also at value.modules[0].id',
    },
    { path: 'value.failure_module.id', message: 'duplicate module id "b", also at value.modules[1].id' },
  ]);
});

test('early_return must name a top-level step', () => {
  const doc = { summary: 's', value: { early_return: 'z', modules: [{ id: 'a', value: { type: 'identity' } }] } };
  assert.deepEqual(errorsOf(doc), [{ path: 'value.early_return', message: '"z" is not the id of a top-level step' }]);
});

test('the document itself, summary and value', () => {
  assert.deepEqual(errorsOf(null), [{ path: '', message: 'must be object' }]);
  assert.deepEqual(errorsOf({ value: { modules: 'x' } }), [
    { path: 'summary', message: 'is required' },
    { path: 'value.modules', message: 'must be array' },
  ]);
});

test('fields Runnel executes are strict even where extra properties are accepted', () => {
  const doc = flowOf({
    id: 'a',
    unknown_windmill_field: { anything: true },
    retry: { constant: { attempts: -1, seconds: 1 } },
    suspend: { required_events: 0 },
    value: { type: 'identity', input_transforms: {} },
  });
  assert.deepEqual(errorsOf(doc), [
    { path: 'value.modules[0].suspend.required_events', message: 'must be >= 1' },
    { path: 'value.modules[0].retry.constant.attempts', message: 'must be >= 0' },
  ]);
});

test('the flow schema lists the languages of runtimes/languages.ts, in order (a JSON file cannot import them)', () => {
  const definitions = flowSchema.definitions as Record<string, { properties: Record<string, { enum?: unknown }> }>;
  assert.deepEqual(definitions.RawScript?.properties.language?.enum, [...LANGUAGES]);
});
