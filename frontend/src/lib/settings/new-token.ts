/** What the "New API token" form holds, before it becomes the body of `users/tokens/create`. */
export interface TokenDraft {
  label: string;
  /** One text field each; blank ones are dropped. */
  scopes: string[];
  /** `never`: no date asked (the server caps it at the expiry of the session or token in use). */
  expires: 'never' | 'at';
  /** An `<input type="datetime-local">` value, in the browser's time zone. */
  at: string;
}

export interface TokenBody {
  label: string;
  scopes?: string[];
  expiration?: string;
}

export const emptyDraft = (): TokenDraft => ({ label: '', scopes: [], expires: 'never', at: '' });

/**
 * The request body for a draft, or what to fix in the form. Whether a scope or a date is acceptable
 * is the server's to say (its 400 is shown as is): one set of rules, not two.
 */
export function tokenBody(draft: TokenDraft): { body: TokenBody } | { error: string } {
  const body: TokenBody = { label: draft.label.trim() };
  const scopes = draft.scopes.map((s) => s.trim()).filter(Boolean);
  if (scopes.length) body.scopes = scopes;
  if (draft.expires === 'at') {
    const at = new Date(draft.at);
    if (!draft.at || Number.isNaN(at.getTime())) return { error: 'Pick the date and time the token expires at.' };
    body.expiration = at.toISOString();
  }
  return { body };
}

/** A date from the API as the person reads it; `fallback` for none. */
export function when(iso: string | null | undefined, fallback: string): string {
  return iso ? new Date(iso).toLocaleString() : fallback;
}
