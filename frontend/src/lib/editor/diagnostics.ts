import type { Diagnostic } from '@codemirror/lint';
import type { Text } from '@codemirror/state';

/** A problem in the code at a 1-based line and column (e.g. a parse error from inference). */
export interface CodeDiagnostic {
  line: number;
  column?: number;
  message: string;
  severity?: 'error' | 'warning' | 'info';
}

/**
 * CodeMirror diagnostics from line/column ones: from the column to the end of its line, clamped
 * to the document so a diagnostic for code that has since changed never throws.
 */
export function toDiagnostics(doc: Text, list: readonly CodeDiagnostic[]): Diagnostic[] {
  return list.map((d) => {
    const line = doc.line(Math.min(Math.max(1, Math.trunc(d.line) || 1), doc.lines));
    const from = Math.min(line.from + Math.max(0, (d.column ?? 1) - 1), line.to);
    return { from, to: from < line.to ? line.to : from, severity: d.severity ?? 'error', message: d.message };
  });
}
