import type { FastifyReply, FastifyRequest } from 'fastify';
import { forbidden } from '../common/errors.js';

/**
 * The browser app's session: an API token of its own (label `session`, expiring) in an HttpOnly,
 * SameSite=Strict cookie, so page scripts never hold it. See docs/adr/0019-browser-session.md.
 */
export const SESSION_COOKIE = 'runnel_session';
/**
 * A request authenticated by the cookie that changes something must carry this header. A page of
 * another site cannot send a custom header without a CORS preflight, which this server never
 * grants, so the header proves the request comes from a page of this origin.
 */
export const CSRF_HEADER = 'x-runnel-csrf';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Windmill's clients (the `wmill` CLI) send their API token in this cookie too, some requests in
 * it alone. It is taken as the session cookie is, under the same CSRF rules (docs/adr/0047-windmill-cli.md).
 */
export const WINDMILL_TOKEN_COOKIE = 'token';

/** The session token in the request's Cookie header, if any. */
export function sessionTokenOf(req: FastifyRequest): string | undefined {
  return cookieOf(req, SESSION_COOKIE);
}

/**
 * The token a request carries in a cookie, the app's session first, else Windmill's `token`
 * cookie, once the request passes the CSRF checks (403 else). Both are ambient: a browser sends
 * them on its own. A change needs what assertSameOrigin asks. The session's SameSite=Strict also
 * keeps other sites' requests from carrying it at all (a GET run endpoint runs a script); the
 * `token` cookie's SameSite is whatever set it, so that is checked here: no request a browser
 * says another site started (`Sec-Fetch-Site: cross-site`).
 */
export function cookieTokenOf(req: FastifyRequest): string | undefined {
  const session = cookieOf(req, SESSION_COOKIE);
  const token = session ?? cookieOf(req, WINDMILL_TOKEN_COOKIE);
  if (!token) return undefined;
  if (!session && req.headers['sec-fetch-site'] === 'cross-site') {
    throw forbidden(`a request another site started may not use the ${WINDMILL_TOKEN_COOKIE} cookie`);
  }
  assertSameOrigin(req);
  return token;
}

function cookieOf(req: FastifyRequest, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      const value = part.slice(eq + 1).trim();
      return value === '' ? undefined : value;
    }
  }
  return undefined;
}

/**
 * Refuses a state-changing request authenticated by the cookie unless it carries the CSRF header
 * and, when the browser says where it comes from (Origin), comes from this server's own origin.
 */
export function assertSameOrigin(req: FastifyRequest): void {
  if (SAFE_METHODS.has(req.method)) return;
  if (!req.headers[CSRF_HEADER]) {
    throw forbidden(
      `a request signed in by a cookie (${SESSION_COOKIE} or ${WINDMILL_TOKEN_COOKIE}) that changes something needs ` +
        `the header "${CSRF_HEADER}: 1"; scripts should send "Authorization: Bearer <token>" instead`,
    );
  }
  assertOwnOrigin(req, false);
}

/** The request's Origin, when it has one (or `required`), must name this server's host. */
function assertOwnOrigin(req: FastifyRequest, required: boolean): void {
  const origin = req.headers.origin;
  if (!origin && !required) return;
  let host: string | undefined;
  try {
    host = origin ? new URL(origin).host : undefined;
  } catch {
    host = undefined;
  }
  if (!host || host !== req.headers.host) {
    throw forbidden(`requests from ${origin ?? 'an unknown origin'} may not use this server's session cookie`);
  }
}

/**
 * `Bearer <session token>` of the cookie, for GraphQL, checked as the REST guard checks it. A
 * websocket upgrade cannot carry the CSRF header, so it must name this origin (browsers always do).
 */
export function sessionAuthorization(req: FastifyRequest, websocket: boolean): string | undefined {
  const token = sessionTokenOf(req);
  if (!token) return undefined;
  if (websocket) assertOwnOrigin(req, true);
  else assertSameOrigin(req);
  return `Bearer ${token}`;
}

function cookie(req: FastifyRequest, value: string, maxAgeS: number): string {
  const secure = req.protocol === 'https' ? '; Secure' : '';
  return `${SESSION_COOKIE}=${value}; Path=/; Max-Age=${maxAgeS}; HttpOnly; SameSite=Strict${secure}`;
}

/** `maxAgeS`: the session's lifetime, so a browser stops sending a token the server would refuse. */
export function setSessionCookie(req: FastifyRequest, reply: FastifyReply, token: string, maxAgeS: number): void {
  void reply.header('set-cookie', cookie(req, token, maxAgeS));
}

export function clearSessionCookie(req: FastifyRequest, reply: FastifyReply): void {
  void reply.header('set-cookie', cookie(req, '', 0));
}
