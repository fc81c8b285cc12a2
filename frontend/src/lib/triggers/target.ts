import { api, messageOf } from '$lib/api/client';
import type { JsonSchema } from '$lib/forms';
import { pathInUrl } from '$lib/scripts/links';

/** What a trigger runs: a script or a flow, by path. */
export interface Target {
  path: string;
  isFlow: boolean;
}

export type TriggerKind = 'http' | 'schedule' | 'nats';

const SUFFIX: Record<TriggerKind, string> = { http: 'route', schedule: 'schedule', nats: 'nats' };

/** A trigger path to start from: beside its target, named by its kind (the user may change it). */
export function defaultTriggerPath(target: string, kind: TriggerKind): string {
  return `${target}_${SUFFIX[kind]}`;
}

/** The target's page, where its Triggers tab is. */
export function targetHref(target: Target): string {
  return `/${target.isFlow ? 'flows' : 'scripts'}/get/${pathInUrl(target.path)}`;
}

/** The token scope that lets a token run this target and nothing else (server/src/auth/token-scopes.ts). */
export function runScope(target: Target): string {
  return `run:${target.isFlow ? 'flow' : 'script'}/${target.path}`;
}

/** The target's input schema, for a schedule's arguments. */
export async function loadTargetSchema(
  workspace: string,
  target: Target,
): Promise<{ schema: JsonSchema | null; argOrder: string[] } | { error: string }> {
  if (target.isFlow) {
    const res = await api.GET('/api/w/{workspace}/flows/get/{path}', {
      params: { path: { workspace, path: target.path } },
    });
    if (!res.data) return { error: messageOf(res.error, res.response) };
    return { schema: (res.data.schema ?? null) as JsonSchema | null, argOrder: [] };
  }
  const res = await api.GET('/api/w/{workspace}/scripts/get/p/{path}', {
    params: { path: { workspace, path: target.path } },
  });
  if (!res.data) return { error: messageOf(res.error, res.response) };
  return { schema: (res.data.schema ?? null) as JsonSchema | null, argOrder: res.data.arg_order ?? [] };
}
