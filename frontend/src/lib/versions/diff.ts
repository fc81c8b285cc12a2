/**
 * A line diff of two versions of a script or a flow (as YAML), for their histories. Our own (Myers' O(ND) shortest
 * edit script over the lines that differ), not a diff library: scripts are small, and the dialog
 * needs lines with numbers, not patches. Its work grows with the number of changed lines, so a
 * few edits in a long script are cheap; past MAX_TRACE (two texts with little in common and many
 * lines) it stops and shows the middle as removed-then-added rather than stall the tab.
 */

export type DiffLine =
  | { kind: 'same'; text: string; old: number; new: number }
  | { kind: 'removed'; text: string; old: number }
  | { kind: 'added'; text: string; new: number };

/** Cells of the search's trace (about edits²) above which no shortest script is sought (~32 MB). */
export const MAX_TRACE = 8_000_000;

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r?\n/);
  // A final newline ends the last line; it does not start an empty one.
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/** The lines of `after` against those of `before`: unchanged, removed and added, in reading order. */
export function diffLines(before: string, after: string): DiffLine[] {
  const a = splitLines(before);
  const b = splitLines(after);
  // The common head and tail cost nothing; only the middle needs the search.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;

  const out: DiffLine[] = [];
  for (let i = 0; i < head; i++) out.push({ kind: 'same', text: a[i]!, old: i + 1, new: i + 1 });
  out.push(...middle(a.slice(head, a.length - tail), b.slice(head, b.length - tail), head));
  for (let k = tail; k > 0; k--) {
    const i = a.length - k;
    const j = b.length - k;
    out.push({ kind: 'same', text: a[i]!, old: i + 1, new: j + 1 });
  }
  return out;
}

function middle(a: string[], b: string[], offset: number): DiffLine[] {
  const script = shortestEdit(a, b);
  if (!script) {
    return [
      ...a.map((text, i): DiffLine => ({ kind: 'removed', text, old: offset + i + 1 })),
      ...b.map((text, j): DiffLine => ({ kind: 'added', text, new: offset + j + 1 })),
    ];
  }
  const out: DiffLine[] = [];
  for (const [kind, i, j] of script) {
    if (kind === 'same') out.push({ kind, text: a[i]!, old: offset + i + 1, new: offset + j + 1 });
    else if (kind === 'removed') out.push({ kind, text: a[i]!, old: offset + i + 1 });
    else out.push({ kind, text: b[j]!, new: offset + j + 1 });
  }
  // Within a changed block, removed lines read before the lines that replace them.
  return removedFirst(out);
}

type Step = ['same' | 'removed' | 'added', number, number];

/**
 * Myers' greedy search (1986): for d = 0, 1, … edits, the furthest point reached on each diagonal
 * k = x − y; the first d that reaches the end is the shortest script, read back from the kept
 * rows (row d holds diagonals −d−1…d+1: all that step d − 1 reached, and the start's v[1] = 0). Null when the trace would pass
 * MAX_TRACE cells.
 */
function shortestEdit(a: string[], b: string[]): Step[] | null {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const at = (k: number) => k + max + 1;
  const v = new Int32Array(2 * max + 2);
  const trace: Int32Array[] = [];
  let cells = 0;
  let found = -1;
  search: for (let d = 0; d <= max; d++) {
    cells += 2 * d + 3;
    if (cells > MAX_TRACE) return null;
    trace.push(v.slice(at(-d - 1), at(d + 1) + 1));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[at(k - 1)]! < v[at(k + 1)]!) ? v[at(k + 1)]! : v[at(k - 1)]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[at(k)] = x;
      if (x >= n && y >= m) {
        found = d;
        break search;
      }
    }
  }
  const steps: Step[] = [];
  let x = n;
  let y = m;
  for (let d = found; d >= 0; d--) {
    const row = trace[d]!;
    const reached = (k: number) => row[k + d + 1]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && reached(k - 1) < reached(k + 1)) ? k + 1 : k - 1;
    const prevX = reached(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      x--;
      y--;
      steps.push(['same', x, y]);
    }
    if (d > 0) {
      if (x === prevX) steps.push(['added', x, --y]);
      else steps.push(['removed', --x, y]);
    }
  }
  return steps.reverse();
}

function removedFirst(lines: DiffLine[]): DiffLine[] {
  const out: DiffLine[] = [];
  let added: DiffLine[] = [];
  for (const line of lines) {
    if (line.kind === 'added') added.push(line);
    else if (line.kind === 'removed') out.push(line);
    else {
      out.push(...added, line);
      added = [];
    }
  }
  return [...out, ...added];
}

/** How many lines were added and removed. */
export function diffStats(lines: DiffLine[]): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const line of lines) {
    if (line.kind === 'added') added++;
    else if (line.kind === 'removed') removed++;
  }
  return { added, removed };
}

/**
 * What a person reads: unchanged runs longer than 2 × `context` lines fold to a count, so a
 * one-line change in a long script shows as that line and its neighbours.
 */
export type DiffRow = DiffLine | { kind: 'fold'; count: number };

export function foldUnchanged(lines: DiffLine[], context = 3): DiffRow[] {
  const out: DiffRow[] = [];
  let run: DiffLine[] = [];
  const flush = (atStart: boolean, atEnd: boolean) => {
    const keepBefore = atStart ? 0 : context;
    const keepAfter = atEnd ? 0 : context;
    if (run.length > keepBefore + keepAfter + 1) {
      out.push(...run.slice(0, keepBefore), { kind: 'fold', count: run.length - keepBefore - keepAfter });
      out.push(...run.slice(run.length - keepAfter));
    } else {
      out.push(...run);
    }
    run = [];
  };
  let seenChange = false;
  for (const line of lines) {
    if (line.kind === 'same') {
      run.push(line);
      continue;
    }
    flush(!seenChange, false);
    seenChange = true;
    out.push(line);
  }
  // No change at all: nothing to fold around, the lines are shown as they are.
  if (!seenChange) return [...run];
  flush(false, true);
  return out;
}
