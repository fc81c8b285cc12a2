import { describe, expect, it } from 'vitest';
import { applySgr, color256, endStyle, parseLine, stripAnsi, styleCss } from './ansi';

const ESC = '\x1b';

describe('parseLine', () => {
  it('gives plain text one unstyled span', () => {
    expect(parseLine('hello world')).toEqual({ spans: [{ text: 'hello world', style: {} }], end: {} });
  });

  it('reads the 16 basic colours, bright ones, bold and reset', () => {
    const { spans, end } = parseLine(`${ESC}[31mred${ESC}[0m ${ESC}[1;92mgreen${ESC}[m`);
    expect(spans).toEqual([
      { text: 'red', style: { fg: 'var(--ansi-1)' } },
      { text: ' ', style: {} },
      { text: 'green', style: { bold: true, fg: 'var(--ansi-10)' } },
    ]);
    expect(end).toEqual({});
  });

  it('reads 256-colour and truecolor foregrounds and backgrounds', () => {
    const { spans } = parseLine(`${ESC}[38;5;196;48;2;10;20;30mx`);
    expect(spans[0]?.style).toEqual({ fg: 'rgb(255,0,0)', bg: 'rgb(10,20,30)' });
  });

  it('carries the style to the next line and starts from a given style', () => {
    const first = parseLine(`${ESC}[33mwarn`);
    expect(first.end).toEqual({ fg: 'var(--ansi-3)' });
    expect(parseLine('still yellow', first.end).spans).toEqual([
      { text: 'still yellow', style: { fg: 'var(--ansi-3)' } },
    ]);
  });

  it('drops escapes that are not colours so they never show as text', () => {
    const line = `${ESC}[2K${ESC}[1G${ESC}]0;title\x07${ESC}]8;;http://x${ESC}\\link${ESC}]8;;${ESC}\\${ESC}(B${ESC}[?25lok`;
    expect(
      parseLine(line)
        .spans.map((s) => s.text)
        .join(''),
    ).toBe('linkok');
  });

  it('keeps what follows the last carriage return, as a terminal shows a progress bar', () => {
    expect(parseLine('10%\r50%\r100%').spans).toEqual([{ text: '100%', style: {} }]);
    expect(parseLine('done\r').spans).toEqual([{ text: 'done', style: {} }]);
  });

  it('ignores a malformed extended colour without throwing', () => {
    expect(parseLine(`${ESC}[38;2;999mx`).spans).toEqual([{ text: 'x', style: {} }]);
    expect(parseLine(`${ESC}[38;5mx`).spans).toEqual([{ text: 'x', style: {} }]);
  });
});

describe('applySgr', () => {
  it('turns attributes off one by one', () => {
    const on = applySgr({}, [1, 3, 4, 7, 9, 31, 41]);
    expect(applySgr(on, [22, 23, 24, 27, 29, 39, 49])).toEqual({});
  });

  it('does not change the style it is given', () => {
    const base = { bold: true };
    applySgr(base, [0]);
    expect(base).toEqual({ bold: true });
  });
});

describe('color256', () => {
  it('maps the cube and the greys like xterm', () => {
    expect(color256(4)).toBe('var(--ansi-4)');
    expect(color256(16)).toBe('rgb(0,0,0)');
    expect(color256(231)).toBe('rgb(255,255,255)');
    expect(color256(232)).toBe('rgb(8,8,8)');
    expect(color256(255)).toBe('rgb(238,238,238)');
  });
});

describe('styleCss and stripAnsi', () => {
  it('builds CSS only from parsed styles, swapping colours for inverse', () => {
    expect(styleCss({ fg: 'var(--ansi-1)', bold: true, underline: true, strike: true })).toBe(
      'color:var(--ansi-1);font-weight:bold;text-decoration:underline line-through',
    );
    expect(styleCss({ inverse: true })).toBe('color:var(--log-bg);background:var(--log-fg)');
  });

  it('strips every escape', () => {
    expect(stripAnsi(`${ESC}[1;31merror${ESC}[0m: ${ESC}[38;5;8mdetail`)).toBe('error: detail');
  });
});

describe('endStyle', () => {
  it('ends where parseLine ends', () => {
    const line = `a${ESC}[1;38;5;33mb${ESC}[22mc${ESC}[44m`;
    expect(endStyle(line, { italic: true })).toEqual(parseLine(line, { italic: true }).end);
    expect(endStyle('plain', { bold: true })).toEqual({ bold: true });
  });
});
