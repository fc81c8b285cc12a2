import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ErrorCode, RunnelError, STATUS_OF } from './errors.js';

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

const logger = new Logger('Errors');

/** Fastify's own errors (body parsing, limits) carry a status and an FST_* code. */
const FASTIFY_CODES: Record<string, [ErrorCode, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [ErrorCode.PayloadTooLarge, 'request body is larger than the limit'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [
    ErrorCode.UnsupportedMediaType,
    'unsupported Content-Type: send JSON with Content-Type: application/json',
  ],
  FST_ERR_CTP_EMPTY_JSON_BODY: [
    ErrorCode.InvalidJson,
    'body is empty but Content-Type is application/json: send {} or no Content-Type',
  ],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [ErrorCode.BadRequest, 'Content-Length does not match the body'],
};

const HTTP_MESSAGES: Partial<Record<ErrorCode, string>> = {
  [ErrorCode.NotFound]: 'no such endpoint: check the method and path',
  [ErrorCode.PayloadTooLarge]: 'request body is larger than the limit (RUNNEL_BODY_LIMIT)',
  [ErrorCode.UnsupportedMediaType]: 'unsupported Content-Type: send JSON with Content-Type: application/json',
  [ErrorCode.InvalidJson]: 'body is not valid JSON',
};

/** Turns any thrown value into the one error shape `{error: {code, message, details?}}`. */
export function toErrorResponse(err: unknown): { status: number; body: ErrorBody } {
  if (err instanceof RunnelError) {
    return {
      status: STATUS_OF[err.code],
      body: { error: { code: err.code, message: err.message, details: err.details } },
    };
  }
  if (err instanceof HttpException) {
    // Nest turns Fastify's own errors (body parsing, limits) into HttpExceptions with their status.
    const status = err.getStatus();
    const code: ErrorCode | undefined =
      status === 404
        ? ErrorCode.NotFound
        : status === 401
          ? ErrorCode.Unauthorized
          : status === 413
            ? ErrorCode.PayloadTooLarge
            : status === 415
              ? ErrorCode.UnsupportedMediaType
              : status === 400 && /JSON/i.test(err.message)
                ? ErrorCode.InvalidJson
                : status < 500
                  ? ErrorCode.BadRequest
                  : undefined;
    if (code) return { status, body: { error: { code, message: HTTP_MESSAGES[code] ?? err.message } } };
  }
  const e = err as { code?: string; statusCode?: number; message?: string; name?: string };
  if (e?.code && FASTIFY_CODES[e.code]) {
    const [code, message] = FASTIFY_CODES[e.code];
    return { status: STATUS_OF[code], body: { error: { code, message } } };
  }
  if (e instanceof SyntaxError || e?.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
    return {
      status: 400,
      body: { error: { code: ErrorCode.InvalidJson, message: `body is not valid JSON: ${e.message}` } },
    };
  }
  if (typeof e?.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return {
      status: e.statusCode,
      body: { error: { code: ErrorCode.BadRequest, message: e.message ?? 'bad request' } },
    };
  }
  logger.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  return {
    status: 500,
    body: { error: { code: ErrorCode.Internal, message: 'internal error; the server log has the details' } },
  };
}

@Catch()
export class ErrorFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const { status, body } = toErrorResponse(exception);
    void reply.status(status).header('content-type', 'application/json; charset=utf-8').send(body);
  }
}
