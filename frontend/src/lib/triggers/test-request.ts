/**
 * "Send test request": the browser calls the route as an outside caller would. Not through the
 * app's API client: the route is the user's endpoint, not Runnel's API, and its 401 (a token
 * route called without one) is an answer to show, where the client would take it for a session
 * that ended. No cookie goes along (`credentials: 'omit'`), as none would from a real caller.
 */
export interface TestRequest {
  method: string;
  /** The URL path, e.g. /api/r/main/orders/42?x=1. */
  url: string;
  /** One `Name: value` per line. */
  headers: string;
  body: string;
}

export interface TestAnswer {
  status: number;
  statusText: string;
  headers: [string, string][];
  body: string;
  ms: number;
}

/** `Name: value` lines → pairs; blank lines are skipped, a line without a colon is an error. */
export function parseHeaderLines(text: string): [string, string][] | { error: string } {
  const pairs: [string, string][] = [];
  for (const [i, line] of text.split('\n').entries()) {
    if (!line.trim()) continue;
    const colon = line.indexOf(':');
    if (colon <= 0) return { error: `line ${i + 1}: write each header as "Name: value"` };
    pairs.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return pairs;
}

/** The body as read: JSON indented, anything else as it came. */
export function prettyBody(text: string, contentType: string | null): string {
  if (!contentType?.includes('json')) return text;
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

export async function sendTestRequest(req: TestRequest): Promise<TestAnswer | { error: string }> {
  const headers = parseHeaderLines(req.headers);
  if ('error' in headers) return headers;
  const withBody = req.method !== 'GET' && req.body !== '';
  const init: RequestInit = { method: req.method, headers: new Headers(headers), credentials: 'omit' };
  if (withBody) {
    init.body = req.body;
    const h = init.headers as Headers;
    if (!h.has('content-type')) h.set('content-type', 'application/json');
  }
  const started = performance.now();
  try {
    const res = await fetch(req.url, init);
    const text = await res.text();
    return {
      status: res.status,
      statusText: res.statusText,
      headers: [...res.headers.entries()],
      body: prettyBody(text, res.headers.get('content-type')),
      ms: Math.round(performance.now() - started),
    };
  } catch (err) {
    return { error: `the request failed: ${(err as Error).message}` };
  }
}

/** A GitHub-style scheme (one header, the signature of the body alone), which the test form can sign. */
export interface BodySignature {
  header: string;
  algorithm: 'sha256' | 'sha1' | 'sha512';
  encoding?: 'hex' | 'base64';
  prefix?: string;
}

const SUBTLE_NAMES = { sha256: 'SHA-256', sha1: 'SHA-1', sha512: 'SHA-512' } as const;

/**
 * The header value a signature route expects for `body`, computed in the browser with a secret
 * the user types for this test (the stored one is never sent back). WebCrypto exists only on
 * https or localhost: elsewhere this says so.
 */
export async function signBody(
  body: string,
  secret: string,
  scheme: BodySignature,
): Promise<string | { error: string }> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return { error: 'signing needs the app on https (or localhost): the browser offers no WebCrypto here' };
  const encoder = new TextEncoder();
  const key = await subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: SUBTLE_NAMES[scheme.algorithm] },
    false,
    ['sign'],
  );
  const digest = new Uint8Array(await subtle.sign('HMAC', key, encoder.encode(body)));
  const text =
    scheme.encoding === 'base64'
      ? btoa(String.fromCharCode(...digest))
      : [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${scheme.prefix ?? ''}${text}`;
}
