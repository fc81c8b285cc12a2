import { applyDecorators } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiResponse,
  type ContentObject,
  type SchemaObject,
} from '@nestjs/swagger';

/** A JSON Schema as the controllers hand it to Ajv (`as const` objects). */
export type JsonSchema = Readonly<Record<string, unknown>>;

/** Security scheme names declared in document.ts. */
export const BEARER = 'bearer';
export const TOKEN_QUERY = 'token';

/** swagger's metadata key for operation security (`@ApiSecurity` appends; a public operation needs `[]`). */
const API_SECURITY = 'swagger/apiSecurity';

/** A reference to a named schema of `components.schemas` (see components.ts). */
export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** A JSON array of a named schema. */
export const listOf = (name: string) => ({ type: 'array', items: ref(name) });

/**
 * A copy of a validation schema with some properties documented more precisely than Ajv checks
 * them at this layer (a flow body's `value` is `{type: object}` to Ajv, then validateFlow checks
 * it against the flow schema; the document says `FlowValue`).
 */
export function documented(schema: JsonSchema, properties: Record<string, unknown>): JsonSchema {
  const base = schema as { properties?: Record<string, unknown> };
  return { ...schema, properties: { ...base.properties, ...properties } };
}

/** What a successful answer carries. */
export type Reply =
  | { description: string; json: JsonSchema }
  | { description: string; text: string }
  | { description: string; html: true }
  | { description: string; any: true }
  | { description: string; empty: true };

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'The request is invalid; the message (and `details`, for a body) says what to fix.',
  401: 'No token, an unknown or expired token, or (public routes) a bad credential or signature.',
  403: 'The caller lacks the role in this workspace, or the token is limited to another workspace or path.',
  404: 'Not found: the message names what.',
  409: 'Conflicts with an existing resource.',
  413: 'The body is larger than the limit (RUNNEL_BODY_LIMIT), or the job (script, dependency lock and arguments) would not fit in one NATS message (max_payload).',
  415: 'The Content-Type is not supported.',
  422: 'The job failed or was canceled; `error` carries its message and `job_id`.',
  429: 'Rate limit of the route exceeded; see Retry-After.',
  503: 'NATS or PostgreSQL cannot be reached now, or locking the dependencies the code imports took longer than RUNNEL_DEPS_RESOLVE_TIMEOUT_S; retry.',
};

export interface ApiDoc {
  /** Windmill's operationId where Windmill has the operation (`createScript`, `getJob`…). */
  id: string;
  summary: string;
  description?: string;
  /** A route the AuthGuard lets through without a token (`@Public()`); openapi.test.ts checks the two agree. */
  public?: boolean;
  /** Also accepts the token as `?token=` (webhooks, whose callers cannot always set headers). */
  tokenQuery?: boolean;
  /** The request body's JSON Schema: the same object the controller validates with. */
  body?: JsonSchema;
  /** Content types the body may come in besides JSON. */
  bodyTypes?: string[];
  /** Whether the body may be omitted (`{}` is assumed). Default: required when `body` is set. */
  bodyOptional?: boolean;
  /** Successful answers by HTTP status. */
  ok: Record<number, Reply>;
  /** Error statuses besides 401 and 403, which every authenticated operation has. */
  errors?: number[];
  /** The operation has a wildcard `{path}` segment (a script, flow or trigger path with slashes). */
  path?: string;
  /** Path parameters Nest cannot see (a handler taking `@Param()` as one object): name → what it is. */
  params?: Record<string, string>;
  /** Query parameters: name → schema and what it does. */
  query?: Record<string, { schema: JsonSchema; description: string }>;
}

/**
 * The OpenAPI description of one operation. Reuses the controllers' Ajv schemas so the document
 * and the validation cannot disagree; document.ts adds the named component schemas.
 */
export function Api(doc: ApiDoc): MethodDecorator {
  const decorators: MethodDecorator[] = [
    ApiOperation({ operationId: doc.id, summary: doc.summary, description: doc.description }),
  ];
  if (doc.body) {
    const schema = clone(doc.body);
    decorators.push(ApiBody({ schema, required: !doc.bodyOptional }));
    if (doc.bodyTypes) decorators.push(ApiConsumes('application/json', ...doc.bodyTypes));
  }
  for (const [status, reply] of Object.entries(doc.ok)) {
    decorators.push(ApiResponse({ status: Number(status), description: reply.description, content: content(reply) }));
  }
  const errors = new Set(doc.errors ?? []);
  if (!doc.public) {
    errors.add(401);
    errors.add(403);
  }
  for (const status of [...errors].sort()) {
    decorators.push(
      ApiResponse({
        status,
        description: ERROR_DESCRIPTIONS[status] ?? 'Error.',
        content: { 'application/json': { schema: ref(status === 422 ? 'JobFailure' : 'Error') } },
      }),
    );
  }
  if (doc.path) {
    // Nest names the wildcard `*`; document.ts renames the parameter to the URL's `{path}`.
    decorators.push(ApiParam({ name: '*', description: doc.path, schema: { type: 'string' } }));
  }
  for (const [name, description] of Object.entries(doc.params ?? {})) {
    decorators.push(ApiParam({ name, description, schema: { type: 'string' } }));
  }
  for (const [name, q] of Object.entries(doc.query ?? {})) {
    decorators.push(ApiQuery({ name, required: false, description: q.description, schema: clone(q.schema) }));
  }
  const security = doc.public ? [] : [{ [BEARER]: [] }, ...(doc.tokenQuery ? [{ [TOKEN_QUERY]: [] }] : [])];
  decorators.push((_target, _key, descriptor) => {
    Reflect.defineMetadata(API_SECURITY, security, descriptor.value as object);
  });
  return applyDecorators(...decorators);
}

function content(reply: Reply): ContentObject | undefined {
  if ('empty' in reply) return undefined;
  if ('json' in reply) return { 'application/json': { schema: clone(reply.json) } };
  if ('text' in reply) return { 'text/plain': { schema: { type: 'string', description: reply.text } } };
  if ('html' in reply) return { 'text/html': { schema: { type: 'string' } } };
  return { 'application/json': { schema: {} } };
}

/** Swagger's explorer may annotate the schemas it is given; Ajv keeps its own, untouched. */
function clone(schema: JsonSchema): SchemaObject {
  return structuredClone(schema) as SchemaObject;
}
