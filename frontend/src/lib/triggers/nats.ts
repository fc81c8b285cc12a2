import type { Schemas } from '$lib/api/client';
import { defaultTriggerPath, type Target } from './target';

export type NatsTrigger = Schemas['NatsTrigger'];

export interface NatsDraft {
  path: string;
  /** One subject a line, relative to the workspace's namespace (docs/adr/0012). */
  subjects: string;
  summary: string;
  enabled: boolean;
}

export function newNatsDraft(target: Target): NatsDraft {
  const name = target.path.split('/').at(-1) ?? 'events';
  return { path: defaultTriggerPath(target.path, 'nats'), subjects: `${name}.>`, summary: '', enabled: true };
}

export function draftOfNats(t: NatsTrigger): NatsDraft {
  return { path: t.path, subjects: t.subjects.join('\n'), summary: t.summary ?? '', enabled: t.enabled };
}

export function natsBody(draft: NatsDraft, target: Target) {
  return {
    path: draft.path.trim(),
    subjects: draft.subjects
      .split('\n')
      .map((s) => s.trim())
      .filter(Boolean),
    script_path: target.path,
    is_flow: target.isFlow,
    summary: draft.summary,
    enabled: draft.enabled,
  };
}
