import { fileURLToPath } from 'node:url';
import { NestFactory } from '@nestjs/core';
import { GraphQLSchemaBuilderModule, GraphQLSchemaFactory } from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { GRAPHQL_RESOLVERS } from './graphql.module.js';

/** `server/schema.graphql`, committed: the schema the code builds, checked by a test. */
export const SCHEMA_FILE = fileURLToPath(new URL('../../../schema.graphql', import.meta.url));

const HEADER =
  '# Generated from the resolvers in server/src/graphql by `npm run generate:graphql -w server`. Do not edit.\n\n';

/** The schema the resolvers define, printed as the server serves it (sorted, like `sortSchema`). */
export async function buildSchemaText(): Promise<string> {
  const app = await NestFactory.createApplicationContext(GraphQLSchemaBuilderModule, { logger: false });
  try {
    const schema = await app.get(GraphQLSchemaFactory).create(GRAPHQL_RESOLVERS);
    return HEADER + printSchema(lexicographicSortSchema(schema)) + '\n';
  } finally {
    await app.close();
  }
}
