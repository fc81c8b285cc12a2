import { Catch, type ExceptionFilter } from '@nestjs/common';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { GraphQLError, type ExecutionResult, type FormattedExecutionResult } from 'graphql';
import { toErrorResponse } from '../common/error-filter.js';
import { ErrorCode, RunnelError, STATUS_OF, badRequest } from '../common/errors.js';
import { MAX_JSON_DEPTH } from '../common/json-depth.js';

/**
 * GraphQL's side of the one error table: a RunnelError code becomes `extensions.code` in the
 * names GraphQL clients know (Apollo's), the message stays the REST message word for word, and
 * `extensions.reason` keeps Runnel's own code. Anything unexpected is logged by
 * `toErrorResponse` and answered as an internal error; a stack trace never leaves the server.
 */
export function graphqlCode(code: ErrorCode): string {
  switch (code) {
    case ErrorCode.BadRequest:
    case ErrorCode.InvalidJson:
    case ErrorCode.InvalidArguments:
    case ErrorCode.InvalidScript:
    case ErrorCode.UnsupportedMediaType:
    case ErrorCode.RequestTimeout:
    case ErrorCode.UriTooLong:
    case ErrorCode.HeadersTooLarge:
      return 'BAD_REQUEST';
    case ErrorCode.Unauthorized:
      return 'UNAUTHENTICATED';
    case ErrorCode.Forbidden:
      return 'FORBIDDEN';
    case ErrorCode.NotFound:
      return 'NOT_FOUND';
    case ErrorCode.Conflict:
      return 'CONFLICT';
    case ErrorCode.PayloadTooLarge:
      return 'PAYLOAD_TOO_LARGE';
    case ErrorCode.RateLimited:
      return 'RATE_LIMITED';
    case ErrorCode.JobFailed:
      return 'JOB_FAILED';
    case ErrorCode.Unavailable:
      return 'SERVICE_UNAVAILABLE';
    case ErrorCode.Internal:
      return 'INTERNAL_SERVER_ERROR';
  }
}

/** An error of GraphQL's own (a syntax or validation error) is the request's fault and is kept. */
export function toGraphQLError(err: unknown): GraphQLError {
  if (err instanceof GraphQLError) {
    if (err.originalError === undefined || err.originalError instanceof GraphQLError) return err;
    const mapped = toGraphQLError(err.originalError);
    return new GraphQLError(mapped.message, {
      nodes: err.nodes,
      source: err.source,
      positions: err.positions,
      path: err.path,
      extensions: mapped.extensions,
    });
  }
  const { body } = toErrorResponse(err);
  const { code, message, details } = body.error;
  return new GraphQLError(message, {
    extensions: {
      code: graphqlCode(code as ErrorCode),
      reason: code,
      ...(details === undefined ? {} : { details }),
    },
  });
}

/**
 * Resolvers' errors, before Nest's global REST filter (which writes an HTTP reply) sees them.
 * Applied to each resolver class, so it takes precedence over the global one.
 */
@Catch()
export class GraphQLErrorFilter implements ExceptionFilter {
  catch(exception: unknown): never {
    throw toGraphQLError(exception);
  }
}

/**
 * Mercurius's errorFormatter, for errors of an operation that ran: every error mapped as above,
 * answered with 200 as graphql-over-http asks of a well-formed request. What fails before an
 * operation runs (no valid token, a body that is not JSON, a query that does not parse) answers
 * 4xx from the hooks and the route error handler below.
 */
export function formatErrors(execution: ExecutionResult & { errors: readonly GraphQLError[] }): {
  statusCode: number;
  response: FormattedExecutionResult;
} {
  const errors = execution.errors.map((e) => toGraphQLError(e).toJSON());
  return { statusCode: 200, response: { data: execution.data ?? null, errors } };
}

export const TOO_DEEP_TO_PARSE =
  'the query is nested too deeply to parse: nest fewer fields, lists or objects ' +
  `(fields nest at most RUNNEL_GRAPHQL_MAX_DEPTH deep, argument values ${MAX_JSON_DEPTH} levels)`;

const CODE_OF_STATUS: Record<number, ErrorCode> = {
  401: ErrorCode.Unauthorized,
  403: ErrorCode.Forbidden,
  404: ErrorCode.NotFound,
  413: ErrorCode.PayloadTooLarge,
  415: ErrorCode.UnsupportedMediaType,
};

/**
 * The /graphql routes' own error handler, for what fails before GraphQL runs: a body that is
 * not JSON, a request without a query, a query that does not parse. (Mercurius would otherwise
 * install its handler for the whole server, REST routes included.)
 */
export function graphqlRouteErrorHandler(err: FastifyError, _req: FastifyRequest, reply: FastifyReply): void {
  let errors: GraphQLError[];
  let status: number;
  const nested = (err as { errors?: unknown }).errors;
  if (err instanceof RunnelError) {
    errors = [toGraphQLError(err)];
    status = STATUS_OF[err.code];
  } else if (Array.isArray(nested) && nested.every((e) => e instanceof GraphQLError || e instanceof RangeError)) {
    // Mercurius's MER_ERR_GQL_VALIDATION: the query does not parse or validate. GraphQL's parser
    // recurses, so a query nested a few thousand deep overflows the stack rather than failing to parse.
    errors = nested.map((e) => (e instanceof GraphQLError ? e : toGraphQLError(badRequest(TOO_DEEP_TO_PARSE))));
    status = err.statusCode ?? 400;
  } else if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
    // Fastify's and Mercurius's own request errors (body too large, no query, bad variables).
    const code = CODE_OF_STATUS[err.statusCode] ?? ErrorCode.BadRequest;
    errors = [new GraphQLError(err.message, { extensions: { code: graphqlCode(code), reason: code } })];
    status = err.statusCode;
  } else {
    errors = [toGraphQLError(err)];
    status = 500;
  }
  void reply.status(status).send({ data: null, errors: errors.map((e) => e.toJSON()) });
}
