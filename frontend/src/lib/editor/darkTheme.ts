/**
 * The editor's dark theme. Not @codemirror/theme-one-dark: several of its token colours fall
 * under 4.5:1 contrast (axe flags them). These are GitHub's dark colours, all above 4.5:1 on the
 * background.
 */
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { EditorView } from '@codemirror/view';
import { tags as t } from '@lezer/highlight';

const bg = '#0d1117';
const fg = '#e6edf3';

const theme = EditorView.theme(
  {
    '&': { color: fg, backgroundColor: bg },
    '.cm-content': { caretColor: fg },
    '.cm-cursor, .cm-dropCursor': { borderLeftColor: fg },
    '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, .cm-content ::selection': {
      backgroundColor: '#264f78',
    },
    '.cm-gutters': { backgroundColor: bg, color: '#8b949e', border: 'none' },
    '.cm-activeLineGutter': { backgroundColor: '#161b22', color: fg },
    '.cm-matchingBracket, .cm-nonmatchingBracket': { backgroundColor: '#3a3f47', outline: 'none' },
    '.cm-tooltip': { backgroundColor: '#161b22', color: fg, border: '1px solid #30363d' },
  },
  { dark: true },
);

const highlight = HighlightStyle.define([
  { tag: [t.keyword, t.modifier, t.operatorKeyword, t.controlKeyword, t.definitionKeyword], color: '#ff7b72' },
  { tag: [t.string, t.special(t.string), t.regexp], color: '#a5d6ff' },
  { tag: [t.number, t.bool, t.null, t.atom], color: '#79c0ff' },
  { tag: [t.function(t.variableName), t.function(t.definition(t.variableName))], color: '#d2a8ff' },
  { tag: [t.className, t.typeName, t.namespace], color: '#ffa657' },
  { tag: [t.propertyName, t.attributeName], color: '#79c0ff' },
  { tag: [t.comment, t.meta], color: '#8b949e', fontStyle: 'italic' },
  { tag: [t.variableName, t.punctuation, t.operator], color: fg },
  { tag: t.invalid, color: '#ffa198' },
]);

export const darkTheme = [theme, syntaxHighlighting(highlight)];
