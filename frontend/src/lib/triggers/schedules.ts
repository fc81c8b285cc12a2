import type { Schemas } from '$lib/api/client';
import { defaultTriggerPath, type Target } from './target';

export type Schedule = Schemas['Schedule'];

/** What the schedule form edits besides the arguments (those are the target's own form). */
export interface ScheduleDraft {
  path: string;
  schedule: string;
  timezone: string;
  enabled: boolean;
  summary: string;
}

/** The zone this browser is in: where a new schedule's times are most likely meant. */
export function localZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

export function newScheduleDraft(target: Target, zone = localZone()): ScheduleDraft {
  return {
    path: defaultTriggerPath(target.path, 'schedule'),
    schedule: '0 9 * * 1-5',
    timezone: zone,
    enabled: true,
    summary: '',
  };
}

export function draftOfSchedule(s: Schedule): ScheduleDraft {
  return { path: s.path, schedule: s.schedule, timezone: s.timezone, enabled: s.enabled, summary: s.summary ?? '' };
}

export function scheduleBody(draft: ScheduleDraft, target: Target, args: Record<string, unknown>) {
  return {
    path: draft.path.trim(),
    schedule: draft.schedule.trim(),
    timezone: draft.timezone.trim(),
    script_path: target.path,
    is_flow: target.isFlow,
    args,
    enabled: draft.enabled,
    summary: draft.summary || null,
  };
}

/** An instant as a clock in `zone` shows it: "Mon, 7 Dec 2026, 09:00:00". An unknown zone falls back to UTC. */
export function formatInZone(iso: string, zone: string): string {
  const options: Intl.DateTimeFormatOptions = {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  };
  try {
    return new Intl.DateTimeFormat('en-GB', { ...options, timeZone: zone }).format(new Date(iso));
  } catch {
    return `${new Intl.DateTimeFormat('en-GB', { ...options, timeZone: 'UTC' }).format(new Date(iso))} UTC`;
  }
}

/** The IANA zones this browser knows, for the time zone field's suggestions. */
export function knownZones(): string[] {
  const supported = (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
  return supported.includes('UTC') ? supported : ['UTC', ...supported];
}
