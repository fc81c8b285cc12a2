import type { Language } from '../languages.js';
import { bunDeps } from './bun.js';
import { denoDeps } from './deno.js';
import { pythonDeps } from './python.js';
import type { LanguageDeps } from './types.js';

export * from './types.js';

const byLanguage: Record<Language, LanguageDeps | undefined> = {
  bun: bunDeps,
  deno: denoDeps,
  python3: pythonDeps,
  bash: undefined,
  nativets: undefined,
};

/** The dependency handling of a language; undefined: its scripts have no packages (Bash). */
export function depsFor(language: Language): LanguageDeps | undefined {
  return byLanguage[language];
}
