/**
 * How deeply a text might nest, read in one linear pass before a recursive parser sees it.
 *
 * The YAML composer and GraphQL's parser recurse once per level. Letting them overflow the stack
 * and catching the RangeError is not safe: V8 may compile a regular expression in one of the
 * deepest frames (the YAML library builds its error message there), and a regular expression
 * compiled with no stack left aborts the whole process ("FATAL ERROR: RegExpCompiler Allocation
 * failed"), beyond any `catch`. So a text whose nesting could be deep is refused first.
 *
 * Both scans over-estimate, never under-estimate: they may refuse an odd text that nests less
 * than they think, never let through one that nests more.
 */

/** The most a text may nest by these estimates; the parsers stay far from the stack's end below it. */
export const MAX_TEXT_NESTING = 256;

/**
 * GraphQL: the deepest run of open `{`, `[` and `(` outside strings ("…", """…""") and comments.
 * Selection sets, list and object values and arguments are the only ways to nest.
 */
export function graphqlNesting(query: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < query.length; i++) {
    const c = query.charCodeAt(i);
    if (c === 0x23 /* # */) {
      while (i < query.length && query.charCodeAt(i) !== 0x0a && query.charCodeAt(i) !== 0x0d) i++;
    } else if (c === 0x22 /* " */) {
      if (query.startsWith('"""', i)) {
        const end = blockStringEnd(query, i + 3);
        i = end < 0 ? query.length : end + 2;
      } else {
        i = quotedEnd(query, i + 1, 0x22);
      }
    } else if (c === 0x7b || c === 0x5b || c === 0x28 /* { [ ( */) {
      if (++depth > max) max = depth;
    } else if (c === 0x7d || c === 0x5d || c === 0x29 /* } ] ) */) {
      depth = Math.max(0, depth - 1);
    }
  }
  return max;
}

/**
 * YAML: at each point, open flow collections (`[`, `{` outside quotes and comments) plus the
 * line's indentation plus its compact block indicators (`- - x`, `? - x`) plus one for the line's
 * own content. A block collection
 * one level deeper is indented at least one more column or starts with one more indicator on the
 * same line, so indentation and indicators bound block nesting.
 */
export function yamlNesting(text: string): number {
  let flow = 0;
  let max = 0;
  let lineStart = true;
  let indent = 0;
  let indicators = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || c === 0x0d) {
      lineStart = true;
      indent = 0;
      indicators = 0;
      continue;
    }
    if (lineStart) {
      if (c === 0x20 || c === 0x09) {
        indent++;
        continue;
      }
      // A run of `- ` / `? ` / `: ` starting the line: each may open one more block collection.
      if ((c === 0x2d || c === 0x3f || c === 0x3a) && isBlank(text.charCodeAt(i + 1))) {
        indicators++;
        i++;
        continue;
      }
      lineStart = false;
      // The line itself may open a block collection at its indentation: one level more.
      indicators++;
      max = Math.max(max, flow + indent + indicators);
    }
    if (c === 0x23 /* # */ && (i === 0 || isBlank(text.charCodeAt(i - 1)))) {
      while (i + 1 < text.length && text.charCodeAt(i + 1) !== 0x0a && text.charCodeAt(i + 1) !== 0x0d) i++;
    } else if ((c === 0x22 || c === 0x27) /* " ' */ && startsScalar(text, i)) {
      i = quotedEnd(text, i + 1, c);
    } else if (c === 0x5b || c === 0x7b /* [ { */) {
      flow++;
      max = Math.max(max, flow + indent + indicators);
    } else if ((c === 0x5d || c === 0x7d) /* ] } */ && flow > 0) {
      flow--;
    }
  }
  return Math.max(max, flow + indent + indicators);
}

/**
 * The index of the closing quote, or of the last character before the line ends: a string read
 * across lines could hide nesting from the scan, so the scan never lets one. `"` strings escape
 * with a backslash, `'` strings by doubling the quote (YAML's rules; GraphQL uses only `"`).
 */
function quotedEnd(text: string, from: number, quote: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || c === 0x0d) return i - 1;
    if (quote === 0x22 && c === 0x5c) {
      const next = text.charCodeAt(i + 1);
      if (next === 0x0a || next === 0x0d) return i;
      i++;
    } else if (c === quote) {
      if (quote === 0x27 && text.charCodeAt(i + 1) === quote) i++;
      else return i;
    }
  }
  return text.length;
}

/**
 * Whether a quote at `i` starts a quoted YAML scalar: at the start of a line, after `[`, `{` or
 * `,`, or after `-`, `?` or `:` and a blank. Elsewhere (`it's`, `a "b`) it is part of a plain
 * scalar, and skipping to its "end" could hide a `[` that YAML reads as one more level.
 */
function startsScalar(text: string, i: number): boolean {
  let j = i - 1;
  while (j >= 0 && (text.charCodeAt(j) === 0x20 || text.charCodeAt(j) === 0x09)) j--;
  if (j < 0) return true;
  const prev = text.charCodeAt(j);
  if (prev === 0x0a || prev === 0x0d || prev === 0x5b || prev === 0x7b || prev === 0x2c) return true;
  return j < i - 1 && (prev === 0x2d || prev === 0x3f || prev === 0x3a);
}

function blockStringEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    if (text.charCodeAt(i) === 0x5c && text.startsWith('"""', i + 1)) i += 3;
    else if (text.startsWith('"""', i)) return i;
  }
  return -1;
}

const isBlank = (c: number) => Number.isNaN(c) || c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
