import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ErrorCode, RunnelError, STATUS_OF } from './errors.js';

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/** ErrorBody's schema, in the OpenAPI document as `Error`. */
export const errorBodySchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', enum: Object.values(ErrorCode), description: 'Stable; the message may change.' },
        message: { type: 'string', description: 'What went wrong and what to fix, for a human.' },
        details: {
          description:
            'For an invalid body: `[{field, message}]`, one per bad field; for `rate_limited`: `{retry_after_s}`, also sent as Retry-After.',
        },
      },
    },
  },
} as const;

const logger = new Logger('Errors');

const HTTP_CODES: Record<number, ErrorCode> = {
  401: ErrorCode.Unauthorized,
  404: ErrorCode.NotFound,
  413: ErrorCode.PayloadTooLarge,
  415: ErrorCode.UnsupportedMediaType,
};

const HTTP_MESSAGES: Partial<Record<ErrorCode, string>> = {
  [ErrorCode.NotFound]: 'no such endpoint: check the method and path',
  [ErrorCode.PayloadTooLarge]: 'request body is larger than the limit (RUNNEL_BODY_LIMIT)',
  [ErrorCode.UnsupportedMediaType]: 'unsupported Content-Type: send JSON with Content-Type: application/json',
};

/**
 * Messages name what they refuse, often a value from the request (a path, a name); one from a
 * 10 kB URL would repeat it all. The start says what is wrong, the end what to do.
 */
const MAX_MESSAGE_CHARS = 500;
function shorten(message: string): string {
  if (message.length <= MAX_MESSAGE_CHARS) return message;
  return `${message.slice(0, 300)} … ${message.slice(-150)}`;
}

/** Turns any thrown value into the one error shape `{error: {code, message, details?}}`. */
export function toErrorResponse(err: unknown): { status: number; body: ErrorBody } {
  if (err instanceof RunnelError) {
    return {
      status: STATUS_OF[err.code],
      body: { error: { code: err.code, message: shorten(err.message), details: err.details } },
    };
  }
  // Nest turns Fastify's own errors (body size, content type) into HttpExceptions with their
  // status; a few reach here as they are, with a 4xx `statusCode` (a body cut short by the client).
  const status = err instanceof HttpException ? err.getStatus() : (err as { statusCode?: unknown } | null)?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const code = HTTP_CODES[status] ?? ErrorCode.BadRequest;
    const message =
      (err as NodeJS.ErrnoException).code === 'ECONNRESET'
        ? 'the request ended before its body was complete'
        : (HTTP_MESSAGES[code] ?? shorten((err as Error).message));
    return { status, body: { error: { code, message } } };
  }
  // PostgreSQL's data exceptions (class 22) are values it cannot store, such as a NUL character
  // in text: the request's fault, and PostgreSQL's message says which.
  const sqlState = (err as { driverError?: { code?: unknown } } | null)?.driverError?.code;
  if (typeof sqlState === 'string' && sqlState.startsWith('22')) {
    const reason = (err as Error).message;
    const message = /0x00/.test(reason)
      ? 'text may not contain a NUL character (\\u0000)'
      : `a value in the request cannot be stored: ${reason}`;
    return { status: 400, body: { error: { code: ErrorCode.BadRequest, message } } };
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
    const retryAfter = (body.error.details as { retry_after_s?: number } | undefined)?.retry_after_s;
    if (body.error.code === ErrorCode.RateLimited && retryAfter) reply.header('retry-after', String(retryAfter));
    void reply.status(status).header('content-type', 'application/json; charset=utf-8').send(body);
  }
}
