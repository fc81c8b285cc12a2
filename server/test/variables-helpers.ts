import type { Harness } from './harness.js';
import { json } from './harness.js';

/** One GraphQL operation over HTTP with `token`; the body as GraphQL answers it (`data`, `errors`). */
export async function graphql(
  h: Pick<Harness, 'url'>,
  token: string,
  query: string,
  variables?: Record<string, unknown>,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
): Promise<any> {
  return json(
    fetch(`${h.url}/graphql`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    }),
  );
}
