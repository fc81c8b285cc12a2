/**
 * A small parser for the ANSI escape sequences that programs print to colour their logs.
 * Only SGR (`ESC [ … m`) changes the style; every other escape (cursor moves, erase, OSC titles,
 * hyperlinks) is dropped so that it never reaches the page as text. Styles carry across lines, so
 * the log view keeps the style each line starts with and parses only the lines it shows.
 */

/** The style of a run of text. Colours are CSS values; the 16 basic ones are CSS variables. */
export interface AnsiStyle {
  fg?: string;
  bg?: string;
  bold?: boolean;
  dim?: boolean;
  italic?: boolean;
  underline?: boolean;
  inverse?: boolean;
  strike?: boolean;
}

export interface AnsiSpan {
  text: string;
  style: AnsiStyle;
}

export const PLAIN: AnsiStyle = Object.freeze({});

/** `--ansi-0` … `--ansi-15` are defined by the log view for the light and the dark theme. */
function basic(n: number): string {
  return `var(--ansi-${n})`;
}

/** xterm's 256-colour palette: 16 basic colours, a 6×6×6 cube, then 24 greys. */
export function color256(n: number): string {
  if (n < 16) return basic(n);
  if (n < 232) {
    const i = n - 16;
    const level = (v: number) => (v === 0 ? 0 : 55 + v * 40);
    return `rgb(${level(Math.floor(i / 36))},${level(Math.floor(i / 6) % 6)},${level(i % 6)})`;
  }
  const grey = 8 + (n - 232) * 10;
  return `rgb(${grey},${grey},${grey})`;
}

const byte = (v: number | undefined) => v !== undefined && Number.isInteger(v) && v >= 0 && v <= 255;

/**
 * Applies one SGR parameter list to a style. Returns a new object, never mutates: spans share
 * style objects. Unknown codes are ignored, as terminals do.
 */
export function applySgr(style: AnsiStyle, params: number[]): AnsiStyle {
  // A plain reset is most SGRs in real logs: share one object rather than build one.
  if (params.length === 0 || (params.length === 1 && params[0] === 0)) return PLAIN;
  const s: AnsiStyle = { ...style };
  for (let i = 0; i < params.length; i++) {
    const p = params[i] as number;
    if (p === 0) for (const k of Object.keys(s)) delete s[k as keyof AnsiStyle];
    else if (p === 1) s.bold = true;
    else if (p === 2) s.dim = true;
    else if (p === 3) s.italic = true;
    else if (p === 4) s.underline = true;
    else if (p === 7) s.inverse = true;
    else if (p === 9) s.strike = true;
    else if (p === 22) {
      delete s.bold;
      delete s.dim;
    } else if (p === 23) delete s.italic;
    else if (p === 24) delete s.underline;
    else if (p === 27) delete s.inverse;
    else if (p === 29) delete s.strike;
    else if (p >= 30 && p <= 37) s.fg = basic(p - 30);
    else if (p === 39) delete s.fg;
    else if (p >= 40 && p <= 47) s.bg = basic(p - 40);
    else if (p === 49) delete s.bg;
    else if (p >= 90 && p <= 97) s.fg = basic(p - 90 + 8);
    else if (p >= 100 && p <= 107) s.bg = basic(p - 100 + 8);
    else if (p === 38 || p === 48) {
      const key = p === 38 ? 'fg' : 'bg';
      if (params[i + 1] === 5 && byte(params[i + 2])) {
        s[key] = color256(params[i + 2] as number);
        i += 2;
      } else if (params[i + 1] === 2 && byte(params[i + 2]) && byte(params[i + 3]) && byte(params[i + 4])) {
        s[key] = `rgb(${params[i + 2]},${params[i + 3]},${params[i + 4]})`;
        i += 4;
      } else {
        // A malformed extended colour: the rest of the list cannot be read reliably.
        break;
      }
    }
  }
  return s;
}

// CSI (ESC [ params final), OSC (ESC ] … BEL or ESC \), charset selection (ESC ( B), any other
// two-character escape, and a lone ESC.
// eslint-disable-next-line no-control-regex
const ESCAPE = /\x1b(?:\[([0-?]*)[ -/]*([@-~])|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[()][0-9A-Za-z]|[@-Z\\-_]?)/g;

function sgrParams(text: string): number[] {
  return text === '' ? [] : text.split(/[;:]/).map((p) => (p === '' ? 0 : Number(p)));
}

/**
 * A log repeats the same few colour changes on every line: remember each (style, SGR) step, so
 * appending 5 MB allocates a handful of styles instead of one per escape, and equal styles are
 * the same object.
 */
const steps = new WeakMap<AnsiStyle, Map<string, AnsiStyle>>();

function step(style: AnsiStyle, sgr: string): AnsiStyle {
  let next = steps.get(style);
  if (!next) steps.set(style, (next = new Map()));
  let to = next.get(sgr);
  if (!to) {
    to = applySgr(style, sgrParams(sgr));
    // Bounded: a log printing endless distinct truecolors must not grow this without end.
    if (next.size < 256) next.set(sgr, to);
  }
  return to;
}

/**
 * Splits one line into styled spans, starting in `start`. A carriage return drops the text before
 * it (progress bars redraw their line); the style it reached is kept. Returns the style the line
 * ends in, for the next line.
 */
export function parseLine(line: string, start: AnsiStyle = PLAIN): { spans: AnsiSpan[]; end: AnsiStyle } {
  let style = start;
  let spans: AnsiSpan[] = [];
  const push = (text: string) => {
    const parts = text.split('\r');
    if (parts.length > 1) {
      // Keep what was written after the last carriage return that was followed by anything.
      let last = parts.length - 1;
      while (last > 0 && parts[last] === '') last--;
      if (last > 0) spans = [];
      text = parts.slice(last).join('');
    }
    if (text === '') return;
    const prev = spans[spans.length - 1];
    if (prev && prev.style === style) prev.text += text;
    else spans.push({ text, style });
  };
  let at = 0;
  ESCAPE.lastIndex = 0;
  for (let m = ESCAPE.exec(line); m; m = ESCAPE.exec(line)) {
    push(line.slice(at, m.index));
    at = ESCAPE.lastIndex;
    if (m[2] === 'm') style = step(style, m[1] ?? '');
  }
  push(line.slice(at));
  return { spans, end: style };
}

/** The style a line ends in, without building spans: what appending costs per line. */
export function endStyle(line: string, start: AnsiStyle): AnsiStyle {
  if (!line.includes('\x1b')) return start;
  let style = start;
  ESCAPE.lastIndex = 0;
  for (let m = ESCAPE.exec(line); m; m = ESCAPE.exec(line)) {
    if (m[2] === 'm') style = step(style, m[1] ?? '');
  }
  return style;
}

/** The text without escapes, e.g. for a plain-text download or a search. */
export function stripAnsi(text: string): string {
  return text.replace(ESCAPE, '');
}

/** Inline CSS for a span's style; only values built above reach it, never text from the log. */
export function styleCss(style: AnsiStyle): string {
  let fg = style.fg;
  let bg = style.bg;
  if (style.inverse) [fg, bg] = [bg ?? 'var(--log-bg)', fg ?? 'var(--log-fg)'];
  const css: string[] = [];
  if (fg) css.push(`color:${fg}`);
  if (bg) css.push(`background:${bg}`);
  if (style.bold) css.push('font-weight:bold');
  if (style.dim) css.push('opacity:0.7');
  if (style.italic) css.push('font-style:italic');
  const lines = [style.underline && 'underline', style.strike && 'line-through'].filter(Boolean);
  if (lines.length) css.push(`text-decoration:${lines.join(' ')}`);
  return css.join(';');
}
