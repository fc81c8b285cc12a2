import { GraphQLError, type ASTVisitor, type DocumentNode, type ValidationContext } from 'graphql';
import { badRequest } from '../common/errors.js';
import { graphqlNesting, MAX_TEXT_NESTING } from '../common/text-nesting.js';
import { TOO_DEEP_TO_PARSE } from './gql-errors.js';

/**
 * Refuses a subscription sent over HTTP: run as a query, it would fail inside its resolver with
 * an internal error. Mercurius applies its `validationRules` to what it executes itself (HTTP
 * requests, queries and mutations over the websocket); websocket subscriptions it starts
 * without them, so those pass (graphql.test.ts checks both).
 */
export function subscriptionsOverWebsocket(path: string) {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(node) {
      if (node.operation !== 'subscription') return;
      context.reportError(
        new GraphQLError(
          `a subscription needs a websocket: connect to ${path} with graphql-transport-ws; HTTP serves queries and mutations`,
          { nodes: node },
        ),
      );
    },
  });
}

/**
 * Mercurius's preValidation hook. A query that does not parse but is JSON (`"5"`, `"{}"`)
 * Mercurius takes for a pre-parsed document, and GraphQL's validation then fails on it with a
 * TypeError: an internal error instead of the request's.
 */
export async function requireDocument(_schema: unknown, document: DocumentNode): Promise<void> {
  const { kind, definitions } = (document ?? {}) as Partial<DocumentNode>;
  if (kind !== 'Document' || !Array.isArray(definitions)) {
    throw badRequest('query is not a GraphQL document: send its text, e.g. {"query": "{ __typename }"}');
  }
}

/**
 * Mercurius's preParsing hook: a query that could nest deeper than MAX_TEXT_NESTING is refused
 * before GraphQL's recursive parser reads it, rather than caught when the parser overflows the
 * stack (text-nesting.ts says why that is not safe).
 */
export async function shallowQuery(_schema: unknown, source: string): Promise<void> {
  if (graphqlNesting(source) > MAX_TEXT_NESTING) throw badRequest(TOO_DEEP_TO_PARSE);
}
