import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import type { MercuriusDriverConfig } from '@nestjs/mercurius';
import type { FastifyRequest } from 'fastify';
import { sessionAuthorization } from '../auth/session-cookie.js';
import { RunnelError } from '../common/errors.js';
import { DeferredMercuriusDriver } from './deferred-mercurius.driver.js';
import { GraphQLAuth, GraphQLAuthGuard, type GqlCaller, type GqlContext } from './gql-auth.js';
import { requireDocument, shallowQuery, subscriptionsOverWebsocket } from './gql-checks.js';
import { formatErrors, graphqlRouteErrorHandler } from './gql-errors.js';
import type { GraphQLLimits } from '../common/config.js';
import { limitsHook } from './gql-limits.js';
import { FlowFeed } from './flow-feed.js';
import { FoldersResolver } from './folders.resolver.js';
import { JobFeed } from './job-feed.js';
import { AdminResolver } from './admin.resolver.js';
import { AuditResolver } from './audit.resolver.js';
import { JobsResolver } from './jobs.resolver.js';
import { RunsFeed } from './runs-feed.js';
import { FlowsResolver, ScriptsResolver } from './scripts.resolver.js';
import { ResourcesResolver, ResourceTypesResolver } from './resources.resolver.js';
import { VariablesResolver } from './variables.resolver.js';

/** The resolver classes: the schema is built from exactly these (see schema-file.ts). */
export const GRAPHQL_RESOLVERS = [
  ScriptsResolver,
  FlowsResolver,
  JobsResolver,
  VariablesResolver,
  AdminResolver,
  AuditResolver,
  FoldersResolver,
  ResourceTypesResolver,
  ResourcesResolver,
];

export const GRAPHQL_PATH = '/graphql';

const HTTP_TOKEN_HINT = '"Authorization: Bearer <token>" (or sign in: the runnel_session cookie)';
const WS_TOKEN_HINT = '{"authorization": "Bearer <token>"} or {"token": "<token>"} in connection_init';

/** graphql-ws's close code for a refused connection_init. */
const WS_UNAUTHORIZED = 4401;

/**
 * GraphQL at /graphql, served by Mercurius on the Fastify instance Nest runs on. Every request
 * needs a valid token, introspection included, as REST routes do:
 *
 * - HTTP: `Authorization: Bearer <token>`, checked before GraphQL runs (401 otherwise);
 * - websocket (graphql-transport-ws, also `graphql-ws`): the token in connection_init's payload,
 *   `{authorization: 'Bearer …'}` or `{token}`; a bad one closes the socket with 4401.
 *
 * Then every operation's `workspace` argument is checked against the caller's role there
 * (GraphQLAuthGuard), so a token revoked or a membership removed counts for the next operation
 * on an open socket too.
 */
@Module({})
export class GraphqlApiModule {
  /** Resolvers and their helpers: they need the services of AppModule, so they are provided there. */
  static readonly providers: Provider[] = [
    GraphQLAuth,
    GraphQLAuthGuard,
    JobFeed,
    FlowFeed,
    RunsFeed,
    ...GRAPHQL_RESOLVERS,
  ];

  static forRoot(limits: GraphQLLimits): DynamicModule {
    return {
      module: GraphqlApiModule,
      imports: [
        GraphQLModule.forRootAsync<MercuriusDriverConfig>({
          driver: DeferredMercuriusDriver,
          inject: [ModuleRef],
          // GraphQLAuth lives in AppModule (it needs AuthService), so it is looked up once the app is up.
          useFactory: (refs: ModuleRef) => graphqlOptions(() => refs.get(GraphQLAuth, { strict: false }), limits),
        }),
      ],
    };
  }
}

function graphqlOptions(auth: () => GraphQLAuth, limits: GraphQLLimits): MercuriusDriverConfig {
  const callers = new WeakMap<FastifyRequest, GqlCaller>();
  return {
    path: GRAPHQL_PATH,
    autoSchemaFile: true,
    sortSchema: true,
    graphiql: false,
    // Mercurius would set its error handler on the whole server; the /graphql routes get their own below.
    errorHandler: false,
    errorFormatter: (execution) => formatErrors(execution),
    validationRules: [subscriptionsOverWebsocket(GRAPHQL_PATH)],
    // Both run before GraphQL validates the document, so before any resolver; subscriptions over
    // the websocket skip preValidation, and get the limits in preSubscriptionExecution.
    hooks: {
      preParsing: shallowQuery,
      preSubscriptionParsing: shallowQuery,
      preValidation: [requireDocument, limitsHook(limits)],
      preSubscriptionExecution: limitsHook(limits),
    },
    context: (request: FastifyRequest): GqlContext => ({ caller: callers.get(request), from: request.ip }),
    additionalRouteOptions: {
      errorHandler: graphqlRouteErrorHandler,
      preHandler: async (request: FastifyRequest) => {
        // A websocket upgrade authenticates in connection_init: browsers cannot set its headers.
        if ((request as { ws?: boolean }).ws) return;
        const authorization = request.headers.authorization ?? sessionAuthorization(request, false);
        callers.set(request, await auth().caller(authorization, HTTP_TOKEN_HINT));
      },
    },
    subscription: {
      fullWsTransport: true,
      keepAlive: 30_000,
      // Mercurius calls this as a method of the connection, whose socket we close with a
      // graphql-ws code and the reason (its own refusal is a message graphql-ws clients reject).
      onConnect: async function (this: unknown, data: { payload?: Record<string, unknown> }) {
        const payload = data.payload ?? {};
        // The browser app's socket carries the session cookie of its upgrade request instead.
        const upgrade = (this as { context?: { request?: FastifyRequest } } | undefined)?.context?.request;
        try {
          const header =
            payload.authorization ??
            (payload.headers as Record<string, unknown> | undefined)?.authorization ??
            (typeof payload.token === 'string' ? `Bearer ${payload.token}` : undefined) ??
            (upgrade ? sessionAuthorization(upgrade, true) : undefined);
          return { caller: await auth().caller(header, WS_TOKEN_HINT), from: upgrade?.ip } satisfies GqlContext;
        } catch (err) {
          if (!(err instanceof RunnelError)) throw err;
          const socket = (this as { socket?: { close(code: number, reason: string): void } } | undefined)?.socket;
          socket?.close(WS_UNAUTHORIZED, closeReason(err.message));
          return false;
        }
      },
    },
  };
}

/** A close reason is at most 123 bytes. */
function closeReason(message: string): string {
  const bytes = Buffer.from(message);
  return bytes.length <= 123
    ? message
    : bytes
        .subarray(0, 120)
        .toString()
        .replace(/\uFFFD*$/, '') + '…';
}
