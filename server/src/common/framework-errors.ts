import { maxHeaderSize, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorBody } from './error-filter.js';
import { ErrorCode, STATUS_OF } from './errors.js';

/**
 * The answers of Node's HTTP parser and Fastify's router, which fail before any route (and so
 * before Nest's ErrorFilter) runs: in the project's error shape, and without echoing the
 * request, whose URL or headers may be megabytes long.
 */

/** The router's limit on one path parameter (Fastify's default); a wildcard path such as `f/a/b` has none. */
export const MAX_PARAM_LENGTH = 100;

const body = (code: ErrorCode, message: string): ErrorBody => ({ error: { code, message } });

/** Node's parser errors, by llhttp code; any other is a 400 naming the code. */
const PARSER_ERRORS: Record<string, [ErrorCode, string]> = {
  HPE_HEADER_OVERFLOW: [
    ErrorCode.HeadersTooLarge,
    `the request line and headers together exceed ${maxHeaderSize} bytes: send long values in the body, not in the URL or headers`,
  ],
  ERR_HTTP_REQUEST_TIMEOUT: [ErrorCode.RequestTimeout, 'the request did not arrive in full in time'],
  HPE_INVALID_METHOD: [ErrorCode.BadRequest, 'not an HTTP request: the method is unknown'],
  HPE_INVALID_URL: [ErrorCode.BadRequest, 'the request URL is malformed: percent-encode spaces and control characters'],
  HPE_INVALID_HEADER_TOKEN: [ErrorCode.BadRequest, 'a header name or value contains a character HTTP forbids'],
  HPE_UNEXPECTED_CONTENT_LENGTH: [ErrorCode.BadRequest, 'send Content-Length or Transfer-Encoding, not both'],
  HPE_INVALID_CONTENT_LENGTH: [ErrorCode.BadRequest, 'the Content-Length header is not a number'],
  HPE_INVALID_EOF_STATE: [ErrorCode.BadRequest, 'the connection was closed before the request was complete'],
};

/** Fastify's `clientErrorHandler`: no request or reply exists yet, so the answer is written on the socket. */
export function answerClientError(err: NodeJS.ErrnoException, socket: Socket): void {
  // A reset connection has no one left to answer.
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [code, message] = PARSER_ERRORS[err.code ?? ''] ?? [
    ErrorCode.BadRequest,
    `the request is not valid HTTP/1.1 (${err.code ?? 'parse error'})`,
  ];
  const status = STATUS_OF[code];
  const text = JSON.stringify(body(code, message));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
    );
  }
  socket.destroy(err);
}

/** Fastify's `frameworkErrors`: what the router refuses before matching a route. */
export function answerFrameworkError(err: FastifyError, _req: FastifyRequest, reply: FastifyReply): void {
  const [code, message]: [ErrorCode, string] =
    err.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? [ErrorCode.UriTooLong, `a path parameter is longer than ${MAX_PARAM_LENGTH} characters: check the URL`]
      : err.code === 'FST_ERR_BAD_URL'
        ? [ErrorCode.BadRequest, 'the URL does not decode: a % must start a valid percent-encoded UTF-8 sequence']
        : [ErrorCode.BadRequest, 'the request cannot be routed: check the method and URL'];
  void reply.status(STATUS_OF[code]).send(body(code, message));
}
