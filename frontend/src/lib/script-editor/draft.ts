import type { SchemaOverrides } from '@runnel/runtimes/schema-overrides';
import type { ScriptLanguage } from './languages';

/** What the editor holds that a reload must not lose. */
export interface Draft {
  path: string;
  summary: string;
  description: string;
  language: ScriptLanguage;
  tag: string;
  /** Seconds, as typed; '' for the default. */
  timeout: string;
  content: string;
  /** The person's refinements of the inferred form (`schema_overrides`); `{}` for none. */
  overrides: SchemaOverrides;
  /** A dedicated runtime for its jobs (Bun and Python): one process per version serves them. */
  dedicated: boolean;
}

const PREFIX = 'runnel.draft.';

/** One draft per workspace and script; a new script's draft is keyed by "new" until it is deployed. */
export function draftKey(workspace: string, path: string | null): string {
  return `${PREFIX}${workspace}:${path ?? 'new'}`;
}

export function loadDraft(storage: Storage, key: string): Draft | null {
  try {
    const parsed: unknown = JSON.parse(storage.getItem(key) ?? 'null');
    if (!isDraft(parsed)) return null;
    // Drafts kept before refinements (or the dedicated switch) existed have none.
    return {
      ...parsed,
      overrides: isObject(parsed.overrides) ? parsed.overrides : {},
      dedicated: parsed.dedicated === true,
    };
  } catch {
    return null;
  }
}

export function saveDraft(storage: Storage, key: string, draft: Draft): void {
  try {
    storage.setItem(key, JSON.stringify(draft));
  } catch {
    // Storage full or disabled: the edit is still on the page; only a reload would lose it.
  }
}

export function sameDraft(a: Draft, b: Draft): boolean {
  return (Object.keys(a) as (keyof Draft)[]).every((k) =>
    k === 'overrides' ? JSON.stringify(a[k]) === JSON.stringify(b[k]) : a[k] === b[k],
  );
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function isDraft(
  value: unknown,
): value is Omit<Draft, 'overrides' | 'dedicated'> & { overrides?: unknown; dedicated?: unknown } {
  if (!isObject(value)) return false;
  const v = value;
  return ['path', 'summary', 'description', 'language', 'tag', 'timeout', 'content'].every(
    (k) => typeof v[k] === 'string',
  );
}
