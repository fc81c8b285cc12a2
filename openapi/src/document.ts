import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** `openapi/openapi.json`: the REST contract, generated from the server's controllers and committed. */
export const openapiDocumentPath = fileURLToPath(new URL('../../openapi.json', import.meta.url));

/** The committed document, byte for byte, as the server serves it at /api/openapi.json. */
export function readOpenApiDocument(): string {
  return readFileSync(openapiDocumentPath, 'utf8');
}
