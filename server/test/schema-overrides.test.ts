import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { json, startHarness, type Harness } from './harness.js';

describe("refinements of a script's inferred form, kept with each version", () => {
  let h: Harness;
  before(async () => {
    // No worker: a run that passes validation answers 202 after this wait.
    h = await startHarness({ RUNNEL_SYNC_TIMEOUT_MS: '100' });
  });
  after(async () => h?.close());

  const overrides = {
    order: ['color', 'amount'],
    properties: {
      amount: { title: 'Amount', minimum: 1, maximum: 10, placeholder: 'e.g. 5' },
      color: { enumLabels: { r: 'Red', g: 'Green' }, description: 'Pick one' },
      note: { format: 'textarea' },
    },
  };
  const create = (content: string, extra: Record<string, unknown> = {}) =>
    h.api('/api/w/main/scripts/create', {
      method: 'POST',
      json: { path: 'f/forms/pay', language: 'python3', content, ...extra },
    });
  const script = () => json(h.api('/api/w/main/scripts/get/p/f/forms/pay'));

  it('are laid on the inferred schema at deploy, and arguments are checked against the result', async () => {
    const v1 = 'from typing import Literal\ndef main(amount: int, color: Literal["r", "g"], note: str = ""):\n  pass';
    assert.equal((await create(v1, { schema_overrides: overrides })).status, 201);
    const s = await script();
    assert.deepEqual(s.schema_overrides, overrides);
    assert.deepEqual(Object.keys(s.schema.properties), ['color', 'amount', 'note']);
    assert.deepEqual(s.schema.order, ['color', 'amount', 'note']);
    assert.deepEqual(s.schema.properties.amount, {
      type: 'integer',
      title: 'Amount',
      minimum: 1,
      maximum: 10,
      placeholder: 'e.g. 5',
    });
    assert.deepEqual(s.schema.properties.color.enumLabels, { r: 'Red', g: 'Green' });
    assert.equal(s.schema.properties.note.format, 'textarea');

    const tooMuch = await h.api('/api/w/main/jobs/run/p/f/forms/pay', {
      method: 'POST',
      json: { amount: 11, color: 'r' },
    });
    assert.equal(tooMuch.status, 400);
    const error = (await json(tooMuch)).error;
    assert.equal(error.details[0].field, 'amount');
    assert.equal(
      (await h.api('/api/w/main/jobs/run/p/f/forms/pay', { method: 'POST', json: { amount: 5, color: 'g' } })).status,
      201,
    );
  });

  it('survive a change of the code; a removed parameter leaves the form', async () => {
    const v2 = 'def main(amount: int, extra: bool = False):\n  pass';
    assert.equal((await create(v2, { schema_overrides: overrides })).status, 201);
    const s = await script();
    assert.deepEqual(Object.keys(s.schema.properties), ['amount', 'extra']);
    assert.equal(s.schema.properties.amount.title, 'Amount');
    assert.deepEqual(s.schema.required, ['amount']);
    // The same content and refinements again make no version; other refinements do.
    const same = await create(v2, { schema_overrides: overrides });
    assert.equal(same.status, 201);
    assert.equal(same.headers.get('x-runnel-new-version'), 'false');
    const changed = { properties: { amount: { title: 'Sum' } } };
    assert.equal((await create(v2, { schema_overrides: changed })).headers.get('x-runnel-new-version'), 'true');
    assert.equal((await script()).schema.properties.amount.title, 'Sum');
    assert.equal((await script()).schema.properties.amount.maximum, undefined);
  });

  it("the editor's live form lays them on the same way", async () => {
    const res = await h.api('/api/w/main/scripts/infer_schema', {
      method: 'POST',
      json: { language: 'python3', content: 'def main(amount: int, b: str):\n  pass', schema_overrides: overrides },
    });
    const body = await json(res);
    assert.equal(body.schema.properties.amount.title, 'Amount');
    assert.deepEqual(Object.keys(body.schema.properties), ['amount', 'b']);
  });

  it('bad refinements are a 400 that says which, and store nothing', async () => {
    const content = 'def main(code: str):\n  pass';
    const before = await script();
    for (const [bad, message] of [
      [{ properties: { code: { pattern: '^(?=a)' } } }, /pattern/],
      [{ properties: { code: { type: 'integer' } } }, /type/],
      [{ properties: { code: { minimum: 'one' } } }, /minimum/],
      [{ colour: 'red' }, /colour/],
      [{ properties: { code: { minLength: 5, maxLength: 2 } } }, /code: minLength \(5\) is more than maxLength \(2\)/],
    ] as const) {
      const res = await create(content, { schema_overrides: bad });
      assert.equal(res.status, 400, JSON.stringify(bad));
      assert.match((await json(res)).error.message, message);
    }
    assert.equal((await script()).hash, before.hash);
  });

  it('GraphQL createScript takes them too', async () => {
    const res = await json(
      h.api('/graphql', {
        method: 'POST',
        json: {
          query: `mutation($o: JSON) { createScript(workspace: "main", input: {path: "f/forms/gql", language: PYTHON3,
            content: "def main(n: int):\\n  pass", schemaOverrides: $o}) { schema schemaOverrides } }`,
          variables: { o: { properties: { n: { title: 'Number' } } } },
        },
      }),
    );
    assert.equal(res.data.createScript.schema.properties.n.title, 'Number');
    assert.deepEqual(res.data.createScript.schemaOverrides, { properties: { n: { title: 'Number' } } });
  });
});
