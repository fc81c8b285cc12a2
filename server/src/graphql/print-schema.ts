/**
 * Writes server/schema.graphql from the resolvers (`npm run generate:graphql -w server`), or with
 * `--check` exits 1 when the committed file differs.
 */
import 'reflect-metadata';
import { readFile, writeFile } from 'node:fs/promises';
import { SCHEMA_FILE, buildSchemaText } from './schema-file.js';

const text = await buildSchemaText();
if (process.argv.includes('--check')) {
  const committed = await readFile(SCHEMA_FILE, 'utf8').catch(() => '');
  if (committed !== text) {
    console.error(`${SCHEMA_FILE} is out of date: run npm run generate:graphql -w server`);
    process.exit(1);
  }
} else {
  await writeFile(SCHEMA_FILE, text);
  console.log(`wrote ${SCHEMA_FILE}`);
}
