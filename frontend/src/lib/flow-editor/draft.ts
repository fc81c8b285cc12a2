import type { FlowDocument } from './model';

const PREFIX = 'runnel.flow-draft.';

/** One draft per workspace and flow; a new flow's draft is keyed by "new" until it is deployed. */
export function flowDraftKey(workspace: string, path: string | null): string {
  return `${PREFIX}${workspace}:${path ?? 'new'}`;
}

export function loadFlowDraft(storage: Storage, key: string): FlowDocument | null {
  try {
    const parsed: unknown = JSON.parse(storage.getItem(key) ?? 'null');
    return isDocument(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

export function saveFlowDraft(storage: Storage, key: string, doc: FlowDocument): void {
  try {
    storage.setItem(key, JSON.stringify(doc));
  } catch {
    // Storage full or disabled: the edit is still on the page; only a reload would lose it.
  }
}

function isDocument(value: unknown): value is FlowDocument {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const flow = v.value as { modules?: unknown } | undefined;
  return (
    typeof v.path === 'string' &&
    typeof v.summary === 'string' &&
    typeof v.description === 'string' &&
    typeof v.schema === 'object' &&
    v.schema !== null &&
    Array.isArray(flow?.modules)
  );
}
