import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './api-types.js';

/** A typed client of the Runnel REST API: every path, parameter, body and answer from openapi.json. */
export type RunnelClient = Client<paths>;

/** The named schemas of the API (`Job`, `Script`, `Flow`, `Error`, `FlowValue` …). */
export type RunnelSchemas = components['schemas'];

/**
 * Path parameters are encoded, but a `{path}` (a script, flow or trigger path such as
 * `f/folder/name`) keeps its slashes, one encoded segment each, as the server's URLs read.
 */
function pathSerializer(pathname: string, params: Record<string, unknown>): string {
  return pathname.replace(/\{([^}]+)\}/g, (template, name: string) => {
    const value = params[name];
    if (value === undefined || value === null) return template;
    const text = String(value);
    return name === 'path' ? text.split('/').map(encodeURIComponent).join('/') : encodeURIComponent(text);
  });
}

/**
 * A client for the server at `baseUrl` (e.g. `http://127.0.0.1:8000`), sending `token` as a
 * bearer token when given (health, version, login and approval links need none).
 */
export function createRunnelClient(baseUrl: string, token?: string): RunnelClient {
  return createClient<paths>({
    baseUrl: baseUrl.replace(/\/+$/, ''),
    headers: token ? { authorization: `Bearer ${token}` } : {},
    pathSerializer,
  });
}
