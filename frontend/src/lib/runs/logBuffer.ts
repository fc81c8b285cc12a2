import { endStyle, parseLine, PLAIN, type AnsiSpan, type AnsiStyle } from './ansi';

/**
 * The text of a log outside any reactive state: a plain array of lines, each with the style it
 * starts in. Appending costs the size of the chunk, never the size of the log, and a view parses
 * only the lines it shows.
 */
export class LogBuffer {
  private lines: string[] = [];
  private starts: AnsiStyle[] = [];
  /** Whether the last line is still being written (the last chunk did not end with a newline). */
  private open = false;
  private chars = 0;

  get lineCount(): number {
    return this.lines.length;
  }

  /** Characters received (UTF-16 units, close to bytes for ASCII logs). */
  get length(): number {
    return this.chars;
  }

  append(chunk: string): void {
    if (chunk === '') return;
    this.chars += chunk.length;
    const parts = chunk.split('\n');
    if (this.open) {
      // The unfinished line is parsed again with its continuation, so an escape split between
      // two chunks is read whole.
      parts[0] = (this.lines.pop() as string) + parts[0];
      this.starts.pop();
    }
    this.open = parts[parts.length - 1] !== '';
    if (!this.open) parts.pop();
    let style = this.endOfLast();
    for (const line of parts) {
      this.lines.push(line);
      this.starts.push(style);
      style = endStyle(line, style);
    }
  }

  clear(): void {
    this.lines = [];
    this.starts = [];
    this.open = false;
    this.chars = 0;
  }

  /** Styled spans of lines [from, to), for display. */
  spans(from: number, to: number): AnsiSpan[][] {
    const out: AnsiSpan[][] = [];
    for (let i = Math.max(0, from); i < Math.min(to, this.lines.length); i++) {
      out.push(parseLine(this.lines[i] as string, this.starts[i]).spans);
    }
    return out;
  }

  /** The log exactly as received. */
  text(): string {
    const body = this.lines.join('\n');
    return this.open || this.lines.length === 0 ? body : body + '\n';
  }

  private endOfLast(): AnsiStyle {
    const n = this.lines.length;
    return n === 0 ? PLAIN : endStyle(this.lines[n - 1] as string, this.starts[n - 1] as AnsiStyle);
  }
}

/**
 * Cuts a line's spans after `max` characters: one enormous line (a minified JSON dump) would
 * otherwise cost a long layout at every scroll. Returns how many characters were left out.
 */
export function clipSpans(spans: AnsiSpan[], max: number): { spans: AnsiSpan[]; hidden: number } {
  let left = max;
  let hidden = 0;
  const out: AnsiSpan[] = [];
  for (const span of spans) {
    if (left <= 0) hidden += span.text.length;
    else if (span.text.length <= left) {
      out.push(span);
      left -= span.text.length;
    } else {
      out.push({ text: span.text.slice(0, left), style: span.style });
      hidden += span.text.length - left;
      left = 0;
    }
  }
  return { spans: out, hidden };
}
