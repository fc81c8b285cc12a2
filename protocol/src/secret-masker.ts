/** What a secret's plaintext becomes in a job's logs and result. */
export const MASK = '********';

/**
 * Secrets shorter than this are not masked: masking "ab" or "1" would turn every occurrence of
 * those characters in the logs into asterisks (and tell a reader which ones were the secret)
 * without protecting anything a guess would not find (docs/adr/0037-secrets-in-jobs.md).
 */
export const MIN_MASKED_LENGTH = 4;

/**
 * The secret plaintexts one job received (resolved arguments, job API replies), and their
 * masking in its log stream and result. The log stream is masked across chunk boundaries: the
 * end of a chunk that could be the start of a secret is held back until the next chunk (or the
 * end) shows whether it is.
 */
export class SecretMasker {
  /** Longest first, so a secret containing another is masked whole. */
  private secrets: string[] = [];
  private held = '';

  get empty(): boolean {
    return this.secrets.length === 0;
  }

  add(secrets: Iterable<string>): void {
    let changed = false;
    for (const secret of secrets) {
      if (secret.length < MIN_MASKED_LENGTH || this.secrets.includes(secret)) continue;
      this.secrets.push(secret);
      changed = true;
    }
    if (changed) this.secrets.sort((a, b) => b.length - a.length);
  }

  /** Whether `text` holds one of the secrets. */
  contains(text: string): boolean {
    return this.secrets.some((secret) => text.includes(secret));
  }

  /** `text` with every secret masked. */
  mask(text: string): string {
    let out = text;
    for (const secret of this.secrets) if (out.includes(secret)) out = out.split(secret).join(MASK);
    return out;
  }

  /** The next piece of the log, masked; what may be a secret's beginning waits for the next piece. */
  push(text: string): string {
    if (this.empty) return text;
    const joined = this.held + text;
    const cut = this.safeCut(joined);
    this.held = joined.slice(cut);
    return this.mask(joined.slice(0, cut));
  }

  /** The held-back end of the log, masked: the log is over. */
  end(): string {
    const rest = this.held;
    this.held = '';
    return this.mask(rest);
  }

  /** A result with every string in it masked (keys too: a job may key a map by a secret). */
  maskValue(value: unknown): unknown {
    if (this.empty) return value;
    if (typeof value === 'string') return this.mask(value);
    if (Array.isArray(value)) return value.map((v) => this.maskValue(v));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [this.mask(k), this.maskValue(v)]));
    }
    return value;
  }

  /**
   * Where `text` may be cut: before its longest end that is a proper beginning of a secret, and
   * never inside a whole secret (which would then be masked in neither half).
   */
  private safeCut(text: string): number {
    let cut = text.length;
    for (const secret of this.secrets) {
      for (let n = Math.min(secret.length - 1, text.length); n > 0; n--) {
        if (text.endsWith(secret.slice(0, n))) {
          cut = Math.min(cut, text.length - n);
          break;
        }
      }
    }
    for (let moved = true; moved;) {
      moved = false;
      for (const secret of this.secrets) {
        const at = text.indexOf(secret, Math.max(0, cut - secret.length + 1));
        if (at !== -1 && at < cut && at + secret.length > cut) {
          cut = at;
          moved = true;
        }
      }
    }
    return cut;
  }
}
