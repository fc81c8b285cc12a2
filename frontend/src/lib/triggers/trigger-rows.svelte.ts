import { messageOf } from '$lib/api/client';

/** What an openapi-fetch call resolves with, as far as a trigger list reads it. */
interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/**
 * One target's triggers of one kind, as a tab lists them: read from the workspace's list and kept
 * to this target, read again after each change; a delete answers the server's refusal, if any.
 */
export class TriggerRows<T extends { path: string }> {
  items = $state.raw<T[] | null>(null);
  error = $state('');

  constructor(
    private readonly list: () => Promise<Answer<T[]>>,
    private readonly mine: (item: T) => boolean,
    private readonly erase: (path: string) => Promise<Answer<unknown>>,
  ) {}

  async load(): Promise<void> {
    const res = await this.list();
    if (!res.data) {
      this.error = messageOf(res.error, res.response);
      return;
    }
    this.error = '';
    this.items = res.data.filter(this.mine);
  }

  /** Deletes `item`; resolves with the server's message when it refused. */
  async remove(item: T): Promise<string | null> {
    const res = await this.erase(item.path);
    if (!res.response.ok) return messageOf(res.error, res.response);
    await this.load();
    return null;
  }
}
