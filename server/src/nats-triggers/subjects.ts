/**
 * NATS subject patterns for triggers: tokens separated by dots, `*` standing for one token and a
 * final `>` for one or more. Checked here so that a bad subject is a 400 that says why, rather
 * than a subscription the NATS server refuses later.
 */
const MAX_SUBJECT_LENGTH = 255;

/** Why `subject` cannot be a trigger subject, or null if it can. `prefix` is Runnel's own namespace. */
export function subjectProblem(subject: string, prefix: string): string | null {
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
  if (first === '*' || first === '>') {
    return "starts with a wildcard, which would also catch NATS's and Runnel's own subjects; begin with a literal token";
  }
  if (first === prefix) return `is in "${prefix}.", Runnel's own namespace on this NATS server`;
  if (first.startsWith('$') || first === '_INBOX') return `is in "${first}.", which NATS reserves`;
  return null;
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
