/**
 * Every error a user can cause has a code; one table maps codes to HTTP statuses, so a
 * service never thinks about HTTP and a controller never invents a status.
 */
export enum ErrorCode {
  BadRequest = 'bad_request',
  InvalidJson = 'invalid_json',
  InvalidArguments = 'invalid_arguments',
  InvalidScript = 'invalid_script',
  Unauthorized = 'unauthorized',
  Forbidden = 'forbidden',
  NotFound = 'not_found',
  Conflict = 'conflict',
  PayloadTooLarge = 'payload_too_large',
  UnsupportedMediaType = 'unsupported_media_type',
  RateLimited = 'rate_limited',
  RequestTimeout = 'request_timeout',
  UriTooLong = 'uri_too_long',
  HeadersTooLarge = 'headers_too_large',
  JobFailed = 'job_failed',
  Unavailable = 'unavailable',
  Internal = 'internal',
}

export const STATUS_OF: Record<ErrorCode, number> = {
  [ErrorCode.BadRequest]: 400,
  [ErrorCode.InvalidJson]: 400,
  [ErrorCode.InvalidArguments]: 400,
  [ErrorCode.InvalidScript]: 400,
  [ErrorCode.Unauthorized]: 401,
  [ErrorCode.Forbidden]: 403,
  [ErrorCode.NotFound]: 404,
  [ErrorCode.Conflict]: 409,
  [ErrorCode.PayloadTooLarge]: 413,
  [ErrorCode.UnsupportedMediaType]: 415,
  [ErrorCode.RateLimited]: 429,
  [ErrorCode.RequestTimeout]: 408,
  [ErrorCode.UriTooLong]: 414,
  [ErrorCode.HeadersTooLarge]: 431,
  [ErrorCode.JobFailed]: 422,
  [ErrorCode.Unavailable]: 503,
  [ErrorCode.Internal]: 500,
};

export class RunnelError extends Error {
  override name = 'RunnelError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const badRequest = (message: string, details?: unknown) =>
  new RunnelError(ErrorCode.BadRequest, message, details);
export const notFound = (message: string) => new RunnelError(ErrorCode.NotFound, message);
export const forbidden = (message: string) => new RunnelError(ErrorCode.Forbidden, message);
export const unauthorized = (message: string) => new RunnelError(ErrorCode.Unauthorized, message);
/** A 429; the error filter sends `retryAfterS` as the Retry-After header. */
export const rateLimited = (message: string, retryAfterS: number) =>
  new RunnelError(ErrorCode.RateLimited, message, { retry_after_s: retryAfterS });

/** `invalid_arguments` → `InvalidArguments`, the shape of error names in job results. */
export function errorName(code: ErrorCode): string {
  return code
    .split('_')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}
