import { api } from '$lib/api/client';

/** Resource paths by workspace and type, fetched once per page load for every picker that asks. */
const cache = new Map<string, Promise<string[]>>();

/**
 * The paths of `workspace`'s resources of `type`, for a `format: resource-<type>` argument's
 * picker; none when they cannot be listed (a public form has no session): the field stays JSON.
 */
export function resourcePaths(workspace: string | null, type: string): Promise<string[]> {
  if (!workspace) return Promise.resolve([]);
  const key = `${workspace}\0${type}`;
  let paths = cache.get(key);
  if (!paths) {
    paths = api
      .GET('/api/w/{workspace}/resources/list', {
        params: { path: { workspace }, query: { resource_type: type, per_page: 1000 } },
      })
      .then((res) => (res.data ?? []).map((r) => r.path));
    cache.set(key, paths);
  }
  return paths;
}
