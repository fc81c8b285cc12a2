import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { readOpenApiDocument } from '@runnel/api-contract';

/**
 * `GET /api/openapi.json`: the committed document, byte for byte (the drift test keeps it equal
 * to what the controllers generate); `/api/docs`: Swagger UI on the same document, its assets
 * served from node_modules (no CDN: the product runs offline). Both are plain Fastify routes,
 * outside the AuthGuard: public.
 */
export function serveApiDocs(app: NestFastifyApplication): void {
  const text = readOpenApiDocument();
  app
    .getHttpAdapter()
    .getInstance()
    .get('/api/openapi.json', (_req, reply) => reply.type('application/json; charset=utf-8').send(text));
  SwaggerModule.setup('api/docs', app, JSON.parse(text), {
    raw: false,
    customSiteTitle: 'Runnel API',
    swaggerOptions: { persistAuthorization: true },
  });
}
