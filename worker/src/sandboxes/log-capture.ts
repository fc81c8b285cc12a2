import type { Socket } from 'node:net';
import { StringDecoder } from 'node:string_decoder';

/** A line longer than this is forwarded in pieces, so one endless line can't fill memory. */
const MAX_LINE_CHARS = 64 * 1024;
/** How much of stderr's end is kept for the message of a job that exits non-zero. */
const TAIL_LINES = 10;
const TAIL_LINE_CHARS = 500;

/**
 * Forwards a job's output to onLog line by line, up to a byte budget shared by stdout and
 * stderr. Past the budget it sends one notice and drops the rest while still draining the
 * pipes, so a chatty job neither blocks on a full pipe nor grows the worker's memory.
 */
export class LogCapture {
  truncated = false;
  /** The first exception thrown by onLog; forwarding stops there and the job reports it. */
  sinkError: unknown;
  private forwarded = 0;

  constructor(
    private readonly limitBytes: number,
    private readonly onLog: ((text: string) => void) | undefined,
  ) {}

  /** One output stream; `onSegment` also sees every line, forwarded or not. */
  stream(onSegment?: (text: string, endsLine: boolean) => void, maxLineChars = MAX_LINE_CHARS): LineSplitter {
    return new LineSplitter(maxLineChars, (text, endsLine) => {
      onSegment?.(text, endsLine);
      // A piece of an over-long line is sent as a line of its own: onLog only ever sees whole lines.
      this.forward(`${text}\n`);
    });
  }

  private forward(line: string): void {
    if (this.truncated || this.sinkError !== undefined || !this.onLog) return;
    const bytes = Buffer.byteLength(line);
    if (this.forwarded + bytes > this.limitBytes) {
      this.truncated = true;
      this.emit(`[runnel] log truncated: the job wrote more than ${this.limitBytes} bytes; the rest is not kept\n`);
      return;
    }
    this.forwarded += bytes;
    this.emit(line);
  }

  private emit(line: string): void {
    try {
      this.onLog?.(line);
    } catch (err) {
      this.sinkError = err;
    }
  }
}

/** Splits a byte stream into UTF-8 lines; a line over `maxLineChars` comes out in pieces. */
export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';

  constructor(
    private readonly maxLineChars: number,
    private readonly onSegment: (text: string, endsLine: boolean) => void,
  ) {}

  write(chunk: Buffer): void {
    this.push(this.decoder.write(chunk));
  }

  /** Flushes a last line that had no newline. */
  end(): void {
    this.push(this.decoder.end());
    if (this.pending !== '') this.onSegment(this.pending, true);
    this.pending = '';
  }

  private push(text: string): void {
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      const line = this.pending + text.slice(start, nl);
      this.pending = '';
      start = nl + 1;
      if (line.length > this.maxLineChars) this.spill(line);
      else this.onSegment(line, true);
    }
    this.pending += text.slice(start);
    while (this.pending.length > this.maxLineChars) {
      this.onSegment(this.pending.slice(0, this.maxLineChars), false);
      this.pending = this.pending.slice(this.maxLineChars);
    }
  }

  private spill(line: string): void {
    let rest = line;
    while (rest.length > this.maxLineChars) {
      this.onSegment(rest.slice(0, this.maxLineChars), false);
      rest = rest.slice(this.maxLineChars);
    }
    this.onSegment(rest, true);
  }
}

/** The last lines of stderr, for the message of a job that failed without a result. */
export class StderrTail {
  private readonly lines: string[] = [];

  push(text: string): void {
    if (text.trim() === '') return;
    this.lines.push(text.length > TAIL_LINE_CHARS ? `${text.slice(0, TAIL_LINE_CHARS)}…` : text);
    if (this.lines.length > TAIL_LINES) this.lines.shift();
  }

  toString(): string {
    return this.lines.join('\n');
  }
}

/** The last non-empty stdout line, which is a Bash job's result when it wrote no result.json. */
export class LastStdoutLine {
  value: string | undefined;
  /** The last line was longer than the splitter's maximum, i.e. over the result size limit. */
  tooLarge = false;
  private inLongLine = false;

  push(text: string, endsLine: boolean): void {
    if (!endsLine) {
      this.inLongLine = true;
      return;
    }
    if (this.inLongLine) {
      this.inLongLine = false;
      this.tooLarge = true;
      this.value = undefined;
      return;
    }
    if (text.trim() === '') return;
    this.value = text;
    this.tooLarge = false;
  }
}

/** Feeds a pipe to `lines` until it closes (at once if the launcher could not hand it over). */
export function drain(pipe: Socket | undefined, lines: LineSplitter): Promise<void> {
  return new Promise((resolve) => {
    if (!pipe) {
      lines.end();
      resolve();
      return;
    }
    pipe.on('data', (chunk: Buffer) => lines.write(chunk));
    pipe.on('close', () => {
      lines.end();
      resolve();
    });
  });
}
