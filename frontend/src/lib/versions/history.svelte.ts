import { messageOf } from '$lib/api/client';

/** What an openapi-fetch call resolves with, as far as a history reads it. */
interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/**
 * Memoizes `fetch` by key: each version's text is fetched once (versions never change), and again
 * only after a failure.
 */
export function onceEach(fetch: (key: string) => Promise<string>): (key: string) => Promise<string> {
  const known = new Map<string, Promise<string>>();
  return (key) => {
    let text = known.get(key);
    if (!text) {
      text = fetch(key).catch((err: unknown) => {
        known.delete(key);
        throw err;
      });
      known.set(key, text);
    }
    return text;
  };
}

/**
 * A path's versions (a script's or a flow's) and the comparison of two of them: the list, newest
 * first, with the newest and the one before it chosen, and the two chosen versions' texts.
 */
export class VersionHistory<V extends { hash: string }> {
  versions = $state.raw<V[] | null>(null);
  error = $state('');
  from = $state('');
  to = $state('');
  texts = $state.raw<{ before: string; after: string } | null>(null);
  diffError = $state('');

  /** `textOf` gives a version's text by hash (or any other value the picker offers). */
  constructor(private readonly textOf: (hash: string) => Promise<string>) {}

  /** Reads the list with `list`; call it in an $effect, so a new path reads again. */
  async load(list: () => Promise<Answer<V[]>>): Promise<void> {
    const res = await list();
    if (!res.data) {
      this.error = messageOf(res.error, res.response);
      return;
    }
    this.versions = res.data;
    // What changed last: the current version against the one before it.
    this.to = res.data[0]?.hash ?? '';
    this.from = res.data[1]?.hash ?? this.to;
  }

  /** Fetches the two chosen versions' texts; call it in an $effect, whose clean-up it returns. */
  compare(): (() => void) | undefined {
    const [a, b] = [this.from, this.to];
    if (!a || !b) return;
    let stale = false;
    this.diffError = '';
    Promise.all([this.textOf(a), this.textOf(b)]).then(
      ([before, after]) => {
        if (!stale) this.texts = { before, after };
      },
      (err: unknown) => {
        if (!stale) this.diffError = err instanceof Error ? err.message : String(err);
      },
    );
    return () => {
      stale = true;
    };
  }
}
