import type { EditorLanguage } from '$lib/editor/languages';

/** A script's language as the API names it, from the one list (`runtimes/languages.ts`). */
import type { Language as ScriptLanguage } from '@runnel/runtimes/languages';
export type { ScriptLanguage };

/** What "Test" sends: the unsaved code and the form's args. */
export interface PreviewBody {
  language: ScriptLanguage;
  content: string;
  args: Record<string, unknown>;
  tag?: string;
  path?: string;
}

interface LanguageInfo {
  value: ScriptLanguage;
  label: string;
  editor: EditorLanguage;
  /** What a new script in this language starts from: a `main` whose form shows one field. */
  template: string;
}

const TS_TEMPLATE = 'export async function main(name: string = "world") {\n  return `Hello, ${name}!`;\n}\n';

/** Where a new script starts. */
export const PYTHON: LanguageInfo = {
  value: 'python3',
  label: 'Python',
  editor: 'python',
  template: 'def main(name: str = "world"):\n    return f"Hello, {name}!"\n',
};

export const LANGUAGES: readonly LanguageInfo[] = [
  PYTHON,
  { value: 'bun', label: 'TypeScript (Bun)', editor: 'typescript', template: TS_TEMPLATE },
  { value: 'deno', label: 'TypeScript (Deno)', editor: 'typescript', template: TS_TEMPLATE },
  { value: 'bash', label: 'Bash', editor: 'bash', template: 'name="${1:-world}"\necho "Hello, $name"\n' },
  {
    value: 'nativets',
    label: 'TypeScript (native)',
    editor: 'typescript',
    template: 'export function main(name: string = "world") {\n  return `Hello, ${name}!`;\n}\n',
  },
];

/** The languages a dedicated runtime serves (docs/adr/0050): one process per version, loaded once. */
export const DEDICATED_LANGUAGES: readonly ScriptLanguage[] = ['bun', 'python3'];

export function languageInfo(language: ScriptLanguage): LanguageInfo {
  return LANGUAGES.find((l) => l.value === language) ?? PYTHON;
}

/** Whether switching language may replace the code: it is empty or still some language's template. */
export function isTemplate(code: string): boolean {
  return code.trim() === '' || LANGUAGES.some((l) => l.template === code);
}
