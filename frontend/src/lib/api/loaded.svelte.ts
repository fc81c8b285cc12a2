import { messageOf } from './client';

/** What an openapi-fetch call answers: `data` on success, `error` and the response otherwise. */
interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/**
 * One object being read from the API, as a page shows it: `value` once found, `missing` for a
 * 404, `error` (the API's message) otherwise, and `loading` until the answer.
 */
export class Loaded<T> {
  value = $state.raw<T | null>(null);
  missing = $state(false);
  error = $state('');
  loading = $state(true);

  constructor(read: () => Promise<Answer<T>>) {
    void read().then((res) => {
      this.loading = false;
      if (res.data !== undefined) this.value = res.data;
      else if (res.response.status === 404) this.missing = true;
      else this.error = messageOf(res.error, res.response);
    });
  }
}
