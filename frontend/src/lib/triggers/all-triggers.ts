import { api, messageOf } from '$lib/api/client';
import type { HttpTrigger } from './http-routes';
import type { NatsTrigger } from './nats';
import type { Schedule } from './schedules';
import { formatInZone } from './schedules';
import type { Target } from './target';

export type TriggerType = 'http' | 'schedule' | 'nats';
export const TYPE_LABELS: Record<TriggerType, string> = { http: 'HTTP route', schedule: 'Schedule', nats: 'NATS' };

/** One row of the Triggers section, whatever its type. */
export interface TriggerRow {
  type: TriggerType;
  path: string;
  target: Target;
  /** What fires it: "POST /api/r/main/orders/:id", "0 9 * * 1-5 (Europe/Paris)", a subject. */
  what: string;
  /** A second line: the next fire time, sync/async, where to publish… */
  detail: string;
  enabled: boolean;
}

export function rowOfRoute(r: HttpTrigger): TriggerRow {
  return {
    type: 'http',
    path: r.path,
    target: { path: r.script_path, isFlow: r.is_flow },
    what: `${r.http_method.toUpperCase()} ${r.url_path}`,
    detail: `${r.is_async ? 'async' : 'sync'}, authentication: ${r.authentication_method ?? 'none'}`,
    enabled: true,
  };
}

export function rowOfSchedule(s: Schedule): TriggerRow {
  return {
    type: 'schedule',
    path: s.path,
    target: { path: s.script_path, isFlow: s.is_flow },
    what: `${s.schedule} (${s.timezone})`,
    detail: s.enabled && s.next_fire_at ? `next ${formatInZone(s.next_fire_at, s.timezone)}` : 'disabled',
    enabled: s.enabled,
  };
}

export function rowOfNats(t: NatsTrigger): TriggerRow {
  return {
    type: 'nats',
    path: t.path,
    target: { path: t.script_path, isFlow: t.is_flow },
    what: t.subjects.join(', '),
    detail: `publish on ${t.full_subjects.join(', ')}`,
    enabled: t.enabled,
  };
}

/** Every trigger of the workspace, by type then path; the first refusal of the three lists is the error. */
export async function loadAllTriggers(workspace: string): Promise<{ rows: TriggerRow[] } | { error: string }> {
  const params = { path: { workspace } };
  const [routes, schedules, nats] = await Promise.all([
    api.GET('/api/w/{workspace}/http_triggers/list', { params }),
    api.GET('/api/w/{workspace}/schedules/list', { params }),
    api.GET('/api/w/{workspace}/nats_triggers/list', { params: { ...params, query: { per_page: 1000 } } }),
  ]);
  if (!routes.data) return { error: messageOf(routes.error, routes.response) };
  if (!schedules.data) return { error: messageOf(schedules.error, schedules.response) };
  if (!nats.data) return { error: messageOf(nats.error, nats.response) };
  return {
    rows: [...routes.data.map(rowOfRoute), ...schedules.data.map(rowOfSchedule), ...nats.data.map(rowOfNats)],
  };
}
