import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';

interface Generator {
  renderFlowTypes: () => Promise<string>;
  flowTypesPath: string;
}

test('src/flow.ts is what generating from flow.schema.json gives (run npm run generate -w openapi)', async () => {
  const generator = (await import(new URL('../../scripts/generate.mjs', import.meta.url).href)) as Generator;
  const committed = await readFile(generator.flowTypesPath, 'utf8');
  assert.equal(committed, await generator.renderFlowTypes());
});
