import type { CodeDiagnostic } from '$lib/editor/diagnostics';

/** Where inference's 400 `invalid_script` says the code is wrong, or null for any other answer. */
export function parseError(body: unknown): CodeDiagnostic | null {
  const error = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)?.error;
  if (error?.code !== 'invalid_script' || typeof error.message !== 'string') return null;
  const details = (error.details ?? {}) as { line?: unknown; column?: unknown };
  const line = typeof details.line === 'number' ? details.line : 1;
  const column = typeof details.column === 'number' ? details.column : undefined;
  return { line, ...(column !== undefined ? { column } : {}), message: error.message };
}
