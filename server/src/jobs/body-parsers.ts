import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ErrorCode, RunnelError } from '../common/errors.js';
import type { RawBodyRequest } from './webhook-shape.js';

type Done = (err: Error | null, body?: unknown) => void;

const isRoute = (req: FastifyRequest) => req.url.startsWith('/api/r/');

function parseJson(text: string, done: Done) {
  if (text === '') return done(null, undefined);
  try {
    done(null, JSON.parse(text));
  } catch (err) {
    done(new RunnelError(ErrorCode.InvalidJson, `body is not valid JSON: ${(err as Error).message}`), undefined);
  }
}

/**
 * The request body parsers of the API. Every parser keeps the body as received on the request
 * (`rawBody`), for webhooks' `?raw=true` and the HMAC signatures of HTTP routes.
 *
 * - JSON, and text/plain as JSON: webhook callers send JSON with or without a JSON content type,
 *   and often no body at all for a script without arguments: an empty body means no arguments.
 * - url-encoded forms (Slack, HTML forms) become an object of strings.
 * - on `/api/r/` routes, whose callers are third parties that choose their own content type,
 *   text/plain and any other type (or none) are kept as text; elsewhere a body without a content
 *   type is read as JSON (as Windmill does) and an unknown type is a 415.
 */
export function addWebhookBodyParsers(fastify: FastifyInstance): void {
  fastify.removeContentTypeParser(['application/json', 'text/plain']);
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    (req as RawBodyRequest).rawBody = body as string;
    parseJson(body as string, done);
  });
  fastify.addContentTypeParser('text/plain', { parseAs: 'string' }, (req, body, done) => {
    (req as RawBodyRequest).rawBody = body as string;
    if (isRoute(req)) return done(null, body === '' ? undefined : body);
    parseJson(body as string, done);
  });
  fastify.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (req, body, done) => {
    (req as RawBodyRequest).rawBody = body as string;
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
  fastify.addContentTypeParser('*', { parseAs: 'buffer' }, (req, body, done) => {
    if (!isRoute(req) && req.headers['content-type'] === undefined) {
      // Windmill reads a body without a content type as JSON.
      (req as RawBodyRequest).rawBody = (body as Buffer).toString('utf8');
      return parseJson((body as Buffer).toString('utf8'), done);
    }
    if (!isRoute(req)) {
      return done(
        new RunnelError(
          ErrorCode.UnsupportedMediaType,
          'unsupported Content-Type: send JSON with Content-Type: application/json',
        ),
        undefined,
      );
    }
    const bytes = body as Buffer;
    (req as RawBodyRequest).rawBody = bytes;
    done(null, bytes.length ? bytes.toString('utf8') : undefined);
  });
}
