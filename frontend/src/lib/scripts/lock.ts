/** One package of a script's lock, as its page lists it. */
export interface LockedPackage {
  name: string;
  version: string;
  /** Imported by the script itself, rather than needed by another package. */
  direct: boolean;
}

/**
 * The packages of a lock (ADR 0035), sorted by name: Python's is `name==version` lines (no way to
 * tell direct from transitive, so all count as direct); Bun's and Deno's is npm's package-lock.json.
 * A lock this page cannot read gives [] (the raw text is still shown).
 */
export function lockedPackages(language: string, lock: string): LockedPackage[] {
  const packages = language === 'python3' ? pythonPackages(lock) : npmPackages(lock);
  return packages.sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version));
}

function pythonPackages(lock: string): LockedPackage[] {
  return lock
    .split('\n')
    .map((line) => /^([A-Za-z0-9._-]+)==(\S+)$/.exec(line.trim()))
    .filter((m) => m !== null)
    .map(([, name, version]) => ({ name: name!, version: version!, direct: true }));
}

function npmPackages(lock: string): LockedPackage[] {
  let parsed: { packages?: Record<string, { version?: string; dependencies?: Record<string, string> }> };
  try {
    parsed = JSON.parse(lock) as typeof parsed;
  } catch {
    return [];
  }
  const packages = parsed.packages ?? {};
  const direct = new Set(Object.keys(packages['']?.dependencies ?? {}));
  return Object.entries(packages)
    .filter(([key, entry]) => key.includes('node_modules/') && typeof entry.version === 'string')
    .map(([key, entry]) => {
      const name = key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length);
      // A nested copy (node_modules/a/node_modules/b) is never the script's own import.
      const topLevel = key === `node_modules/${name}`;
      return { name, version: entry.version!, direct: topLevel && direct.has(name) };
    });
}
