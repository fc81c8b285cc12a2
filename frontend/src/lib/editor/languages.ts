/** The editor's languages; each grammar is its own chunk, fetched when first used. */
import { indentUnit } from '@codemirror/language';
import type { Extension } from '@codemirror/state';

export type EditorLanguage = 'python' | 'typescript' | 'bash';

/** Python indents by four spaces (PEP 8); TypeScript and Bash by two. */
export async function loadLanguage(language: EditorLanguage): Promise<Extension> {
  return [await grammar(language), indentUnit.of(language === 'python' ? '    ' : '  ')];
}

async function grammar(language: EditorLanguage): Promise<Extension> {
  switch (language) {
    case 'python':
      return (await import('@codemirror/lang-python')).python();
    case 'typescript':
      return (await import('@codemirror/lang-javascript')).javascript({ typescript: true });
    case 'bash': {
      const [{ StreamLanguage }, { shell }] = await Promise.all([
        import('@codemirror/language'),
        import('@codemirror/legacy-modes/mode/shell'),
      ]);
      return StreamLanguage.define(shell);
    }
  }
}
