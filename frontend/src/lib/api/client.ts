import { createRunnelClient, type RunnelSchemas } from '$openapi/client';

export type Schemas = RunnelSchemas;

/** Sent with every request: the server requires it of cookie-authenticated changes (ADR 0019). */
export const CSRF_HEADER = 'x-runnel-csrf';

/** Where a 401 sends the person: the sign-in page, which brings them back to `next` afterwards. */
export function loginUrl(next: string): string {
  return next === '/' || next.startsWith('/login') ? '/login' : `/login?next=${encodeURIComponent(next)}`;
}

/**
 * Routes whose 401 the page answers itself: a wrong password, no session yet at first load, an
 * approval link that is not valid or a step that needs a sign-in (the page offers one).
 */
const OWN_401 = /^\/api\/(auth\/(session|logout|whoami)$|w\/[^/]+\/jobs_u\/(approval|resume|cancel)\/)/;

/**
 * Where the app goes after the API answered `status` to a request for `apiPath` while showing
 * `page` (path and query): a 401 elsewhere than OWN_401 means the session ended (it expired, or
 * was signed out elsewhere), so sign-in, then back to `page`; null: stay.
 */
export function signInRedirect(status: number, apiPath: string, page: string): string | null {
  if (status !== 401 || OWN_401.test(apiPath) || page.startsWith('/login')) return null;
  return loginUrl(page);
}

/**
 * The one client of the REST API, typed from openapi.json. Same-origin, so the session cookie goes
 * along; a 401 elsewhere means the session ended, and the page reloads at sign-in.
 */
export const api = createRunnelClient('');

api.use({
  onRequest({ request }) {
    request.headers.set(CSRF_HEADER, '1');
    return request;
  },
  onResponse({ request, response }) {
    const next = signInRedirect(response.status, new URL(request.url).pathname, location.pathname + location.search);
    if (next) location.assign(next);
    return response;
  },
});

/** The message of an error answer `{error: {message}}`, else a generic one naming the status. */
export function messageOf(error: unknown, response?: Response): string {
  const message = (error as { error?: { message?: unknown } } | undefined)?.error?.message;
  if (typeof message === 'string') return message;
  return response ? `the server answered ${response.status} ${response.statusText}` : 'the server could not be reached';
}
