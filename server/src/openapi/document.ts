import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import { AppModule } from '../app.module.js';
import { loadServerConfig } from '../common/config.js';
import type { ServerMetrics } from '../metrics/server-metrics.js';
import { VERSION } from '../health/health.controller.js';
import { HTTP_METHODS } from '../http-triggers/http-trigger-row.js';
import type { Nats } from '../nats/nats.js';
import { BEARER, TOKEN_QUERY } from '../common/api-docs.js';
import { componentSchemas } from './components.js';

const TAGS: [string, string][] = [
  ['health', 'Liveness and version; no token.'],
  ['auth', 'Login and API tokens.'],
  ['scripts', 'Versioned scripts: each deploy is an immutable version keyed by a content hash.'],
  ['flows', 'Versioned OpenFlow documents.'],
  ['jobs', 'Runs (webhook-shaped, Windmill-compatible), job queries, cancellation.'],
  ['approvals', 'Suspended flow steps: signed resume and cancel links.'],
  ['schedules', 'Cron schedules with seconds and a time zone.'],
  ['http_triggers', 'Custom HTTP routes served under /api/r/.'],
  ['nats_triggers', 'Jobs started by messages on NATS subjects.'],
  ['workers', 'Worker groups, their queues and live workers.'],
  ['groups', 'Groups of members, granted folder permissions together (`g/<group>`).'],
  ['folders', 'Folders (`f/<folder>/…`) and who may read or write them.'],
];

const METHOD_ORDER = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** The document's frame: info, servers, tags and security schemes; the operations come from the controllers. */
function frame() {
  const builder = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle('Runnel API')
    .setDescription(
      'REST API of Runnel, a self-hostable platform for scripts, flows and their triggers. ' +
        'Errors answer `{"error": {"code", "message", "details"?}}`. ' +
        'Paths of scripts, flows and triggers (`f/<folder>/<name>`, `u/<user>/<name>`) go in the URL as they are, slashes included.',
    )
    .setVersion(VERSION)
    .addServer('/', 'This server')
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        description:
          "An API token (users/tokens/create) or one from auth/login. The app's session cookie and the cookie " +
          "`token=<token>` (Windmill's clients send it) are taken too; a request signed in by a cookie alone that " +
          'changes something (not GET, HEAD, OPTIONS) also needs the header `x-runnel-csrf: 1` and, if it has an ' +
          "Origin, this server's; one another site started (`Sec-Fetch-Site: cross-site`) may not use `token`.",
      },
      BEARER,
    )
    .addSecurity(TOKEN_QUERY, {
      type: 'apiKey',
      in: 'query',
      name: 'token',
      description: 'The same token as ?token=, for webhook callers that cannot set a header.',
    });
  for (const [name, description] of TAGS) builder.addTag(name, description);
  return builder.build();
}

type Operation = Record<string, unknown> & {
  operationId: string;
  parameters?: { name: string; in: string; description?: string }[];
  security?: unknown[];
};

const OPERATION_KEYS = ['tags', 'summary', 'description', 'operationId', 'parameters', 'requestBody', 'responses'];

/** The OpenAPI document of an application's controllers, with the component schemas, in a stable order. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const scanned = SwaggerModule.createDocument(app, frame(), {
    operationIdFactory: (controller, method) => `${controller}_${method}`,
    autoTagControllers: false,
  });
  const paths: OpenAPIObject['paths'] = {};
  for (const url of Object.keys(scanned.paths).sort()) {
    const item = scanned.paths[url] as Record<string, Operation>;
    const ordered: Record<string, Operation> = {};
    const methods = Object.keys(item).sort((a, b) => METHOD_ORDER.indexOf(a) - METHOD_ORDER.indexOf(b));
    // An @All handler is one operation per method: the methods a route trigger can have, each its own id.
    const all = methods.length > 1 && methods.every((m) => item[m].operationId === item[methods[0]].operationId);
    for (const method of methods) {
      if (all && !(HTTP_METHODS as readonly string[]).includes(method)) continue;
      const operation = item[method];
      if (/Controller_/.test(operation.operationId)) {
        throw new Error(
          `${method.toUpperCase()} ${url} has no @Api({...}) description (server/src/common/api-docs.ts)`,
        );
      }
      if (all) operation.operationId += method[0].toUpperCase() + method.slice(1);
      addMissingPathParameters(url, operation);
      for (const p of operation.parameters ?? []) {
        // Nest's name for a trailing wildcard is `*`; the URL template calls it `{path}`.
        if (p.in === 'path' && p.name === '*') p.name = 'path';
        if (p.in === 'path' && p.name === 'workspace') p.description ??= 'The workspace id, e.g. main.';
      }
      // Api() gives every authenticated operation its security; swagger drops the empty list of a public one.
      operation.security ??= [];
      ordered[method] = sortKeys(operation, OPERATION_KEYS);
    }
    paths[url] = ordered;
  }
  return {
    openapi: scanned.openapi,
    info: scanned.info,
    servers: scanned.servers,
    tags: scanned.tags,
    paths,
    components: { securitySchemes: scanned.components?.securitySchemes, schemas: componentSchemas() },
  };
}

/** `order` first, in that order, then the rest as they came. */
function sortKeys<T extends Record<string, unknown>>(value: T, order: string[]): T {
  const rank = (k: string) => (order.includes(k) ? order.indexOf(k) : order.length);
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => rank(a) - rank(b))) as T;
}

/**
 * Builds the document from AppModule without PostgreSQL or NATS: Nest's preview mode resolves the
 * module graph but instantiates no provider, so the connections handed in are never used.
 */
export async function generateOpenApiDocument(): Promise<OpenAPIObject> {
  const config = loadServerConfig({ DATABASE_URL: 'postgres://unused/unused' });
  const app = await NestFactory.create(
    AppModule.forRoot(config, {} as DataSource, {} as Nats, {} as ServerMetrics),
    new FastifyAdapter(),
    {
      preview: true,
      logger: false,
      abortOnError: false,
    },
  );
  try {
    return buildOpenApiDocument(app);
  } finally {
    await app.close();
  }
}

/**
 * A handler that reads the workspace from its caller's `Access` (auth/path-access.ts) takes no
 * `@Param('workspace')`, and Nest then leaves the URL's `{workspace}` undocumented: every
 * template variable of `url` gets a path parameter, first and in URL order, as Nest lists them.
 */
function addMissingPathParameters(url: string, operation: Operation): void {
  const listed = new Set((operation.parameters ?? []).map((p) => (p.in === 'path' ? p.name : '')));
  const missing = [...url.matchAll(/\{([^}]+)\}/g)]
    .map((m) => m[1]!)
    .filter((name) => name !== 'path' && !listed.has(name));
  if (missing.length === 0) return;
  const added = missing.map((name) => ({
    name,
    required: true,
    in: 'path' as const,
    schema: { type: 'string' as const },
  }));
  operation.parameters = [...added, ...(operation.parameters ?? [])];
}
