#!/usr/bin/env node
// Generates src/flow.ts (TypeScript types) from src/flow.schema.json, the single source of truth
// for the flow language. `npm run generate -w openapi` rewrites the file; the drift test in
// src/flow.test.ts calls renderFlowTypes() and fails when the committed file differs.
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { compile } from 'json-schema-to-typescript';
import prettier from 'prettier';

const schemaPath = fileURLToPath(new URL('../src/flow.schema.json', import.meta.url));
export const flowTypesPath = fileURLToPath(new URL('../src/flow.ts', import.meta.url));

const banner = `/* eslint-disable */
/**
 * Generated from flow.schema.json by scripts/generate.mjs (npm run generate -w openapi).
 * Do not edit: change the schema and regenerate.
 */`;

export async function renderFlowTypes() {
  const schema = JSON.parse(await readFile(schemaPath, 'utf8'));
  const ts = await compile(schema, 'OpenFlow', {
    bannerComment: banner,
    // The schema accepts unknown properties (Windmill exports carry many); the types list only
    // what Runnel reads, so a typo in engine code is a compile error.
    additionalProperties: false,
    unreachableDefinitions: true,
    unknownAny: true,
    strictIndexSignatures: true,
    format: false,
  });
  const options = (await prettier.resolveConfig(flowTypesPath)) ?? {};
  return prettier.format(ts, { ...options, parser: 'typescript' });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await writeFile(flowTypesPath, await renderFlowTypes());
  console.log(`wrote ${flowTypesPath}`);
}
