import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ErrorBody } from '../common/error-filter.js';
import { ErrorCode } from '../common/errors.js';
import type { ServerMetrics } from './server-metrics.js';

/**
 * Times every request, labelled with the route's pattern (`/api/w/:workspace/jobs_u/get/:id`),
 * never the URL itself: URLs carry workspaces, paths and ids, which are neither bounded nor
 * anyone else's business. A request no route matched is `unmatched`.
 */
export function observeHttp(fastify: FastifyInstance, metrics: ServerMetrics): void {
  fastify.addHook('onResponse', (req, reply, done) => {
    // routeOptions.url is the pattern, or undefined for the 404 handler.
    const route = req.routeOptions.url;
    metrics.observeHttp(req.method, route, reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * `GET /metrics` in Prometheus' text format; outside the API (and its OpenAPI document), like
 * `/api/health`. With `token` (RUNNEL_METRICS_TOKEN), only `Authorization: Bearer <token>` is
 * answered; without, anyone who reaches the port may read the figures, which name no tenant.
 */
export function serveMetrics(fastify: FastifyInstance, metrics: ServerMetrics, token: string | undefined): void {
  fastify.get('/metrics', async (req, reply) => {
    if (token !== undefined) {
      const given = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
      if (!sameToken(given, token)) {
        const body: ErrorBody = {
          error: {
            code: ErrorCode.Unauthorized,
            message: 'GET /metrics needs the header Authorization: Bearer <the value of RUNNEL_METRICS_TOKEN>',
          },
        };
        return reply.code(401).header('www-authenticate', 'Bearer').send(body);
      }
    }
    const body = await metrics.registry.metrics();
    return reply.header('content-type', metrics.registry.contentType).send(body);
  });
}
