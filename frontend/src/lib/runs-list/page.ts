import { api, messageOf } from '$lib/api/client';
import { serverFilter, type Run, type RunFilter } from './filters';

export const PER_PAGE = 30;

/** Where a page of runs starts: the server's `next_cursor` of the page before, '' for the newest. */
export type PageKey = string;
export const FIRST_PAGE: PageKey = '';

export interface RunsPage {
  runs: Run[];
  /** The key of the next (older) page, or null when this was the last. */
  next: PageKey | null;
}

/**
 * One page of runs, newest first, every filter applied by the server (`jobs/runs`, by cursor, so
 * runs queued meanwhile neither shift nor repeat a page), for the runs list and Home.
 */
export async function fetchRuns(
  workspace: string,
  filter: RunFilter,
  key: PageKey,
  perPage = PER_PAGE,
): Promise<{ page: RunsPage } | { error: string }> {
  const res = await api.GET('/api/w/{workspace}/jobs/runs', {
    params: {
      path: { workspace },
      query: { ...serverFilter(filter), cursor: key || undefined, per_page: perPage },
    },
  });
  if (!res.data) return { error: messageOf(res.error, res.response) };
  return { page: { runs: res.data.jobs, next: res.data.next_cursor } };
}
