import { describe, expect, it } from 'vitest';
import { clipSpans, LogBuffer } from './logBuffer';

const ESC = '\x1b';

describe('LogBuffer', () => {
  it('joins a line split across chunks, including an escape cut in half', () => {
    const log = new LogBuffer();
    log.append('first\nsec');
    log.append(`ond ${ESC}[3`);
    log.append(`2mgreen\nthird\n`);
    expect(log.lineCount).toBe(3);
    expect(log.spans(1, 2)[0]).toEqual([
      { text: 'second ', style: {} },
      { text: 'green', style: { fg: 'var(--ansi-2)' } },
    ]);
    // The colour was never reset, so it carries into the next line.
    expect(log.spans(2, 3)[0]).toEqual([{ text: 'third', style: { fg: 'var(--ansi-2)' } }]);
  });

  it('gives the text back exactly as received', () => {
    const log = new LogBuffer();
    const chunks = ['a\n', '\n', 'b', 'c\r\n', `${ESC}[1md`];
    for (const c of chunks) log.append(c);
    expect(log.text()).toBe(chunks.join(''));
    expect(log.length).toBe(chunks.join('').length);
    log.append('\n');
    expect(log.text()).toBe(chunks.join('') + '\n');
  });

  it('keeps a lone newline as one empty line', () => {
    const log = new LogBuffer();
    log.append('\n');
    expect(log.lineCount).toBe(1);
    expect(log.text()).toBe('\n');
  });

  it('clamps the range asked for and clears', () => {
    const log = new LogBuffer();
    log.append('a\nb\n');
    expect(log.spans(-5, 99)).toHaveLength(2);
    log.clear();
    expect(log.lineCount).toBe(0);
    expect(log.text()).toBe('');
  });

  it('appends 100k lines in well under two seconds (linear, not quadratic)', () => {
    const log = new LogBuffer();
    const line = `${ESC}[32mINFO${ESC}[0m step 12345 of the job finished with a little more text here\n`;
    const chunk = line.repeat(1000);
    const t0 = performance.now();
    for (let i = 0; i < 100; i++) log.append(chunk);
    expect(log.lineCount).toBe(100_000);
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});

describe('clipSpans', () => {
  it('keeps the first characters across spans and counts the rest', () => {
    const spans = [
      { text: 'abc', style: {} },
      { text: 'defg', style: { bold: true } },
      { text: 'hi', style: {} },
    ];
    expect(clipSpans(spans, 5)).toEqual({
      spans: [
        { text: 'abc', style: {} },
        { text: 'de', style: { bold: true } },
      ],
      hidden: 4,
    });
    expect(clipSpans(spans, 100)).toEqual({ spans, hidden: 0 });
  });
});
