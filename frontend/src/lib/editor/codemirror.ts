/**
 * Everything CodeMirror, behind one dynamic import from CodeEditor.svelte: pages without an
 * editor never download it. The component owns the props; this file turns them into an EditorView.
 */
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { bracketMatching, indentOnInput } from '@codemirror/language';
import { lintGutter, setDiagnostics } from '@codemirror/lint';
import { Compartment, EditorState, Prec } from '@codemirror/state';
import { drawSelection, EditorView, highlightActiveLineGutter, keymap, lineNumbers } from '@codemirror/view';
import { darkTheme } from './darkTheme';
import { lightTheme } from './lightTheme';
import { toDiagnostics, type CodeDiagnostic } from './diagnostics';
import { loadLanguage, type EditorLanguage } from './languages';

export interface EditorOptions {
  value: string;
  language: EditorLanguage;
  readonly: boolean;
  label: string;
  onchange: (value: string) => void;
  onrun: () => void;
}

export interface EditorHandle {
  setValue(value: string): void;
  setLanguage(language: EditorLanguage): Promise<void>;
  setReadonly(readonly: boolean): void;
  setDiagnostics(diagnostics: readonly CodeDiagnostic[]): void;
  focus(): void;
  destroy(): void;
}

const dark = window.matchMedia('(prefers-color-scheme: dark)');
const theme = () => (dark.matches ? darkTheme : lightTheme);

const sizing = EditorView.theme({
  '&': { height: '100%', fontSize: '13px' },
  '.cm-scroller': { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace' },
  '&.cm-focused': { outline: '2px solid Highlight' },
});

export async function createEditor(parent: HTMLElement, options: EditorOptions): Promise<EditorHandle> {
  const languageSlot = new Compartment();
  const readonlySlot = new Compartment();
  const themeSlot = new Compartment();
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: options.value,
      extensions: [
        lineNumbers(),
        highlightActiveLineGutter(),
        history(),
        drawSelection(),
        indentOnInput(),
        bracketMatching(),
        lintGutter(),
        Prec.highest(keymap.of([{ key: 'Mod-Enter', run: () => (options.onrun(), true) }])),
        // Tab indents; Escape then Tab (or Ctrl-M) leaves the editor, as CodeMirror documents.
        keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
        EditorView.contentAttributes.of({ 'aria-label': options.label }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) options.onchange(update.state.doc.toString());
        }),
        sizing,
        themeSlot.of(theme()),
        readonlySlot.of(EditorState.readOnly.of(options.readonly)),
        languageSlot.of(await loadLanguage(options.language)),
      ],
    }),
  });
  const followSystem = () => view.dispatch({ effects: themeSlot.reconfigure(theme()) });
  dark.addEventListener('change', followSystem);
  let languageAsked = options.language;

  return {
    setValue(value) {
      if (value === view.state.doc.toString()) return;
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: value } });
    },
    async setLanguage(language) {
      languageAsked = language;
      const support = await loadLanguage(language);
      // A quicker later switch wins over a slower earlier one.
      if (languageAsked === language) view.dispatch({ effects: languageSlot.reconfigure(support) });
    },
    setReadonly(readonly) {
      view.dispatch({ effects: readonlySlot.reconfigure(EditorState.readOnly.of(readonly)) });
    },
    setDiagnostics(diagnostics) {
      view.dispatch(setDiagnostics(view.state, toDiagnostics(view.state.doc, diagnostics)));
    },
    focus() {
      view.focus();
    },
    destroy() {
      dark.removeEventListener('change', followSystem);
      view.destroy();
    },
  };
}
