import { subscribeRuns, watchConnection } from '$lib/api/live';
import { serverFilter, type Run, type RunFilter } from './filters';

/** Whether a list follows the live feed, is still opening it, or is refreshed by polling. */
export type Liveness = 'connecting' | 'live' | 'polling';

/** While the socket is down, the list is asked again this often (while the tab is visible)… */
export const POLL_MS = 5000;
/** …and the live feed is tried again after this long. */
export const RETRY_MS = 30_000;

export interface FollowHandlers {
  /** A run of the list's filter was queued, started or ended. */
  onrun(run: Run): void;
  /** Read the list again: the socket just opened (what happened before is not sent) or is down. */
  refresh(): void;
  onstate(state: Liveness): void;
}

/**
 * Keeps a list of runs current through runsChanged (lib/api/live.ts). When the socket drops or is
 * refused, the list falls back to polling and says so, and the feed is tried again later.
 * Returns the function that stops following.
 */
export function followRuns(workspace: string, filter: RunFilter, handlers: FollowHandlers): () => void {
  let state: Liveness = 'connecting';
  let stopFeed: (() => void) | undefined;
  let poll: ReturnType<typeof setInterval> | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const set = (next: Liveness) => {
    state = next;
    handlers.onstate(next);
  };

  const start = () => {
    set('connecting');
    stopFeed = subscribeRuns(workspace, serverFilter(filter), {
      next: (run) => handlers.onrun(run),
      error: down,
      complete: down,
    });
  };
  function down() {
    stopFeed = undefined;
    if (stopped || state === 'polling') return;
    set('polling');
    handlers.refresh();
    poll = setInterval(() => {
      if (document.visibilityState === 'visible') handlers.refresh();
    }, POLL_MS);
    retry = setTimeout(() => {
      clearInterval(poll);
      start();
    }, RETRY_MS);
  }

  start();
  const unwatch = watchConnection((up) => {
    if (!up || state !== 'connecting' || !stopFeed) return;
    set('live');
    handlers.refresh();
  });
  return () => {
    stopped = true;
    unwatch();
    stopFeed?.();
    clearInterval(poll);
    clearTimeout(retry);
  };
}
