/**
 * Script dependencies (docs/adr/0035-script-dependencies.md): what a script imports, the lock that
 * pins it at deploy, and how a worker installs a lock and shows it to the sandbox. One module per
 * language family implements `LanguageDeps`; `depsFor` (deps/index.ts) picks it.
 */

/** One package a script needs. */
export interface Requirement {
  /** npm package name (`date-fns`, `@scope/pkg`) or Python distribution name (`PyYAML`). */
  name: string;
  /** npm range (`^3`, `3.6.0`) or PEP 440 specifier (`==2.31.0`, `>=2`); '' = any version. */
  range: string;
}

/** Where packages come from: the RUNNEL_NPM_* and RUNNEL_PIP_* settings (README's configuration table). */
export interface PackageSources {
  /** Default https://registry.npmjs.org/. */
  npmRegistry?: string;
  /** Bearer token for a private npm registry. */
  npmToken?: string;
  pipIndexUrl?: string;
  pipExtraIndexUrl?: string;
  /** A folder (or URL) of wheels, for machines without an index. */
  pipFindLinks?: string;
}

/** A package that cannot be resolved or installed: names it and quotes the tool's own message. */
export class DependencyError extends Error {
  override name = 'DependencyError';
  constructor(
    message: string,
    /** The package at fault, when the tool says which. */
    readonly packageName?: string,
  ) {
    super(message);
  }
}

export interface LanguageDeps {
  /** What the code imports, sorted by name, one entry per package; [] = nothing to install. */
  infer(code: string): Requirement[];
  /**
   * Resolves the requirements to exact versions (transitive ones included) and returns the lock,
   * as text; the same requirements against the same registry state give the same text. Throws
   * DependencyError naming the package that cannot be resolved. Uses the registry's network,
   * never a sandbox's.
   */
  lock(requirements: Requirement[], sources: PackageSources, signal: AbortSignal): Promise<string>;
  /**
   * Installs exactly the lock into `into`, an empty directory that the caller renames into the
   * cache when this resolves (so a half install is never seen). Throws DependencyError.
   */
  install(lock: string, into: string, sources: PackageSources, signal: AbortSignal): Promise<void>;
}
