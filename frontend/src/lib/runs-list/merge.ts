import type { Run } from './filters';

/** Newest first, as the server lists runs: by creation time, then by id, both descending. */
export function newerFirst(a: Run, b: Run): number {
  return Date.parse(b.created_at) - Date.parse(a.created_at) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

export interface MergeOptions {
  /**
   * Whether a run not on the page is added. Only the newest page takes new runs, and only those
   * newer than its oldest row (or any, when it is also the last page): older ones belong to a
   * later page, which finds them itself.
   */
  addNew: boolean;
  /** Whether the page is the last one (no older page follows). */
  last?: boolean;
  /** At most this many rows are kept (Home's recent runs); none by default. */
  limit?: number;
}

/**
 * A page of runs with one changed or new run from the live feed laid in: a known run is replaced
 * (its status moved on), a new one is placed in order. Returns the same array when nothing changes,
 * so a view need not redraw.
 */
export function mergeRun(rows: Run[], run: Run, options: MergeOptions): Run[] {
  const at = rows.findIndex((r) => r.id === run.id);
  if (at >= 0) {
    const next = rows.slice();
    next[at] = run;
    return next;
  }
  if (!options.addNew) return rows;
  const oldest = rows.at(-1);
  if (oldest && !options.last && newerFirst(run, oldest) > 0) return rows;
  const next = [...rows, run].sort(newerFirst);
  return options.limit === undefined ? next : next.slice(0, options.limit);
}
