/** One runnable of the workspace as Home lists it. */
export interface Entry {
  kind: 'script' | 'flow';
  path: string;
  summary: string;
}

export interface Folder {
  name: string;
  entries: Entry[];
}

/** `f/billing/invoice` → `f/billing`; `u/ann/x` → `u/ann`; a path of fewer parts is its own folder. */
export function folderOf(path: string): string {
  const parts = path.split('/');
  return parts.length > 2 ? parts.slice(0, 2).join('/') : (parts[0] ?? path);
}

/** The entries whose path or summary contains `query` (any case), grouped by folder, both by name. */
export function catalog(entries: Entry[], query: string): Folder[] {
  const q = query.trim().toLowerCase();
  const found = q
    ? entries.filter((e) => e.path.toLowerCase().includes(q) || e.summary.toLowerCase().includes(q))
    : entries;
  const folders = new Map<string, Entry[]>();
  for (const entry of [...found].sort((a, b) => a.path.localeCompare(b.path))) {
    const name = folderOf(entry.path);
    folders.set(name, [...(folders.get(name) ?? []), entry]);
  }
  return [...folders].sort(([a], [b]) => a.localeCompare(b)).map(([name, list]) => ({ name, entries: list }));
}
