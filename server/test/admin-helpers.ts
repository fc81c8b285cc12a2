import { request } from 'node:http';
import type { Harness } from './harness.js';

/** An HTTP answer with its parsed JSON body (or text). */
export interface Answer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/**
 * A request from a loopback address of the test's choosing (all of 127.0.0.0/8 reaches the
 * server), so the audit log's `from_address` is one the test knows.
 */
export function requestFrom(
  h: Pick<Harness, 'url'>,
  from: string,
  method: string,
  path: string,
  body?: unknown,
  token?: string,
  extraHeaders: Record<string, string> = {},
): Promise<Answer> {
  const { hostname, port } = new URL(h.url);
  const headers: Record<string, string> = { ...extraHeaders };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, localAddress: from, method, path, headers }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => {
        let parsed: unknown = text;
        try {
          parsed = JSON.parse(text);
        } catch {
          // A text answer (a path, a confirmation) stays text.
        }
        resolve({ status: res.statusCode!, body: parsed });
      });
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}
