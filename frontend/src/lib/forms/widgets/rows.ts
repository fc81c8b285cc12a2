/**
 * A textarea's height for its text: one spare line, between `min` and `max`. Counting stops at
 * `max`, so a megabyte of JSON costs nothing per keystroke.
 */
export function rowsFor(text: string, min: number, max: number): number {
  let lines = 1;
  for (let i = text.indexOf('\n'); i !== -1 && lines < max; i = text.indexOf('\n', i + 1)) lines++;
  return Math.min(max, Math.max(min, lines + 1));
}
