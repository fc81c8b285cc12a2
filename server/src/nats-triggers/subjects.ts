import type { NatsNames } from '@runnel/protocol';

/**
 * NATS subject patterns for triggers: tokens separated by dots, `*` standing for one token and a
 * final `>` for one or more. Checked here so that a bad subject is a 400 that says why, rather
 * than a subscription the NATS server refuses later.
 */
const MAX_SUBJECT_LENGTH = 255;

/**
 * Why `subject` cannot be a trigger subject, or null if it can. Trigger subjects are relative to
 * the workspace's namespace (`namespace`, `<prefix>.ws.<workspace>`), so even `>` reaches only
 * that workspace's messages; a subject that names Runnel's or NATS's own subjects is refused as
 * the mistake it is (it would be subscribed inside the namespace and never fire).
 */
export function subjectProblem(subject: string, prefix: string, namespace: string): string | null {
  if (!subject) return 'is empty';
  if (subject.length > MAX_SUBJECT_LENGTH) return `is longer than ${MAX_SUBJECT_LENGTH} characters`;
  if (/\s/.test(subject)) return 'contains whitespace';
  const tokens = subject.split('.');
  for (const [i, token] of tokens.entries()) {
    if (token === '') return 'has an empty token (a leading or trailing dot, or two dots in a row)';
    if (token !== '*' && token !== '>' && /[*>]/.test(token)) {
      return `has "${token}": a wildcard (* or >) must be a whole token`;
    }
    if (token === '>' && i !== tokens.length - 1) return '">" may only be the last token';
  }
  const first = tokens[0]!;
  const relative = `subjects are relative to this workspace's namespace "${namespace}." (publishers publish on "${namespace}.<subject>"), so give the part after it`;
  if (first === prefix) return `starts with "${prefix}.", Runnel's own namespace: ${relative}`;
  if (first.startsWith('$') || first === '_INBOX') return `starts with "${first}.", which NATS reserves: ${relative}`;
  return null;
}

/** What a trigger subscribes to and publishers publish on: its subjects inside its workspace's namespace. */
export function fullSubjects(names: NatsNames, trigger: { workspace_id: string; subjects: string[] }): string[] {
  const namespace = names.workspaceSubjects(trigger.workspace_id);
  return trigger.subjects.map((subject) => `${namespace}.${subject}`);
}

/** Whether some subject matches both patterns (then one message would fire a trigger twice). */
export function subjectsOverlap(a: string, b: string): boolean {
  const x = a.split('.');
  const y = b.split('.');
  for (let i = 0; ; i++) {
    const s = x[i];
    const t = y[i];
    if (s === undefined || t === undefined) return s === t;
    if (s === '>' || t === '>') return true;
    if (s !== '*' && t !== '*' && s !== t) return false;
  }
}

/** Whether a literal subject (as messages carry) matches a pattern. */
export function subjectMatches(pattern: string, subject: string): boolean {
  const p = pattern.split('.');
  const s = subject.split('.');
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '>') return s.length > i;
    if (i >= s.length || (p[i] !== '*' && p[i] !== s[i])) return false;
  }
  return p.length === s.length;
}
