import type { FastifyInstance, FastifyRequest } from 'fastify';
import { parse as parseYaml } from 'yaml';
import { badRequest, ErrorCode, RunnelError } from '../common/errors.js';
import { assertDepth, parseJsonText, tooDeep } from '../common/json-depth.js';
import { MAX_TEXT_NESTING, yamlNesting } from '../common/text-nesting.js';
import type { RawBodyRequest } from './webhook-shape.js';

type Done = (err: Error | null, body?: unknown) => void;

const isRoute = (req: FastifyRequest) => req.url.startsWith('/api/r/');
// A BOM is kept, as sent: the raw body must re-encode to the bytes an HMAC signature covers.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * The body as text, kept on the request. Fastify's own `parseAs: 'string'` turns bytes that are
 * not UTF-8 into U+FFFD and then answers that the body's size does not match Content-Length;
 * decoding here says what is really wrong.
 */
function text(req: FastifyRequest, body: Buffer): string {
  let decoded: string;
  try {
    decoded = utf8.decode(body);
  } catch {
    throw badRequest(`the body is not valid UTF-8 text (${req.headers['content-type'] ?? 'no Content-Type'})`);
  }
  (req as RawBodyRequest).rawBody = decoded;
  return decoded;
}

const json = (raw: string) => (raw === '' ? undefined : parseJsonText(raw, 'the body'));

function yaml(raw: string): unknown {
  if (raw === '') return undefined;
  // The YAML composer recurses, and must never meet the stack's end (text-nesting.ts says why).
  if (yamlNesting(raw) > MAX_TEXT_NESTING) throw tooDeep('the body');
  let value: unknown;
  try {
    value = parseYaml(raw, { maxAliasCount: 100 });
  } catch (err) {
    if (err instanceof Error && err.message.includes('Maximum call stack size exceeded')) throw tooDeep('the body');
    throw badRequest(`body is not valid YAML: ${(err as Error).message}`);
  }
  return assertDepth(value, 'the body');
}

/** A parser of text bodies: `parse` runs on the decoded text; any error it throws is the answer. */
const textParser =
  (parse: (req: FastifyRequest, raw: string) => unknown) => (req: FastifyRequest, body: Buffer, done: Done) => {
    try {
      done(null, parse(req, text(req, body)));
    } catch (err) {
      done(err as Error, undefined);
    }
  };

/**
 * The request body parsers of the API. Every parser keeps the body as received on the request
 * (`rawBody`), for webhooks' `?raw=true` and the HMAC signatures of HTTP routes. Text must be
 * UTF-8, and JSON may nest at most MAX_JSON_DEPTH deep (json-depth.ts).
 *
 * - JSON, and text/plain as JSON: webhook callers send JSON with or without a JSON content type,
 *   and often no body at all for a script without arguments: an empty body means no arguments.
 * - url-encoded forms (Slack, HTML forms) become an object of strings.
 * - YAML: a flow exported from Windmill as YAML is accepted as is.
 * - on `/api/r/` routes, whose callers are third parties that choose their own content type,
 *   text/plain and any other type (or none) are kept as text; elsewhere a body without a content
 *   type is read as JSON (as Windmill does) and an unknown type is a 415.
 */
export function addBodyParsers(fastify: FastifyInstance): void {
  fastify.removeContentTypeParser(['application/json', 'text/plain']);
  const jsonParser = textParser((_req, raw) => json(raw));
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer' }, jsonParser);
  fastify.addContentTypeParser(
    'text/plain',
    { parseAs: 'buffer' },
    textParser((req, raw) => (isRoute(req) ? raw || undefined : json(raw))),
  );
  fastify.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'buffer' },
    textParser((_req, raw) => Object.fromEntries(new URLSearchParams(raw))),
  );
  fastify.addContentTypeParser(
    ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml'],
    { parseAs: 'buffer' },
    textParser((_req, raw) => yaml(raw)),
  );
  fastify.addContentTypeParser('*', { parseAs: 'buffer' }, (req, body, done) => {
    // Windmill reads a body without a content type as JSON.
    if (!isRoute(req) && req.headers['content-type'] === undefined) return jsonParser(req, body as Buffer, done);
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
