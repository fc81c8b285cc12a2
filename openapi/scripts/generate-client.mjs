#!/usr/bin/env node
// Generates src/api-types.ts (the typed REST client's types) from openapi.json with
// openapi-typescript. `npm run generate:openapi` regenerates openapi.json from the server's
// controllers, then runs this; server/test/openapi.test.ts fails when either committed file differs.
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import prettier from 'prettier';

const documentPath = fileURLToPath(new URL('../openapi.json', import.meta.url));
export const apiTypesPath = fileURLToPath(new URL('../src/api-types.ts', import.meta.url));

const banner = `/**
 * Generated from openapi.json by scripts/generate-client.mjs (npm run generate:openapi).
 * Do not edit: change the server's controllers and regenerate.
 */
`;

export async function renderApiTypes() {
  const document = JSON.parse(await readFile(documentPath, 'utf8'));
  const ast = await openapiTS(document, { alphabetize: false, exportType: false });
  const options = (await prettier.resolveConfig(apiTypesPath)) ?? {};
  return prettier.format(banner + astToString(ast), { ...options, parser: 'typescript' });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await writeFile(apiTypesPath, await renderApiTypes());
  console.log(`wrote ${apiTypesPath}`);
}
