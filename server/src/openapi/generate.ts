import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { openapiDocumentPath } from '@runnel/api-contract';
import { generateOpenApiDocument } from './document.js';

/**
 * The document as committed: prettier-formatted JSON with a final newline. Prettier is a
 * development tool, imported only here (`npm run generate:openapi` and the drift test).
 */
export async function renderOpenApi(): Promise<string> {
  const prettier = await import('prettier');
  const options = (await prettier.resolveConfig(openapiDocumentPath)) ?? {};
  return prettier.format(JSON.stringify(await generateOpenApiDocument()), { ...options, parser: 'json' });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await writeFile(openapiDocumentPath, await renderOpenApi());
  console.log(`wrote ${openapiDocumentPath}`);
}
