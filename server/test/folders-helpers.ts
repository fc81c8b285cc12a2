import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { addUser, type Harness } from './harness.js';

/** A member of `workspace` with `role`, by token and username (addUser names users `u<id>`). */
export async function member(
  h: Harness,
  role: string,
  workspace = 'main',
): Promise<{ token: string; username: string; grantee: string }> {
  const { id, token } = await addUser(h, role, { workspace });
  return { token, username: `u${id}`, grantee: `u/u${id}` };
}

/** A websocket GraphQL client of `token`; the caller disposes of it. */
export function wsClient(h: Harness, token: string): Client {
  return createClient({
    url: `${h.url.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
  });
}

/** The first result of a subscription: its data, or its errors' messages. */
export async function firstResult(
  client: Client,
  query: string,
): Promise<{ data?: Record<string, unknown>; errors?: string[] }> {
  try {
    for await (const result of client.iterate({ query })) {
      return result.errors
        ? { errors: result.errors.map((e) => e.message) }
        : { data: result.data as Record<string, unknown> };
    }
  } catch (err) {
    // graphql-ws ends the iteration with the operation's errors, as an array.
    if (Array.isArray(err)) return { errors: err.map((e: { message: string }) => e.message) };
    throw err;
  }
  return {};
}
