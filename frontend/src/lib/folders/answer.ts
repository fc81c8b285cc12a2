import { messageOf } from '$lib/api/client';

/** What went wrong with an API answer, said for people; null when it succeeded. */
export function failureOf(res: { error?: unknown; response: Response }): string | null {
  return res.error !== undefined || !res.response.ok ? messageOf(res.error, res.response) : null;
}
