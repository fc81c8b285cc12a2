import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { NativeFetch } from './native-fetch.js';
import { NativeRunner } from './native-runner.js';

/**
 * What nativets code gets beyond the language: URL, URLSearchParams, TextEncoder/Decoder,
 * atob/btoa (checked against Node's own, which follow the same standards) and timers, in a real
 * QuickJS isolate on its thread.
 */
describe('nativets globals and timers', () => {
  let runner: NativeRunner;
  before(async () => {
    runner = await NativeRunner.start(
      { threads: 2, timeoutMs: 3000, memoryBytes: 64 * 1024 * 1024, maxOutputBytes: 4 * 1024 * 1024 },
      await NativeFetch.start([]),
    );
  });
  after(() => runner.dispose());

  const run = (content: string, args: Record<string, unknown> = {}, deferFetch = false) =>
    runner.run('main', content, args, Object.keys(args), 3000, 'none', undefined, [], deferFetch);
  const ok = async (content: string, args: Record<string, unknown> = {}) => {
    const outcome = await run(content, args);
    assert.equal(outcome.status, 'success', JSON.stringify(outcome.result));
    return outcome.result;
  };

  const URL_FIELDS = [
    'href',
    'origin',
    'protocol',
    'username',
    'password',
    'host',
    'hostname',
    'port',
    'pathname',
    'search',
    'hash',
  ] as const;
  const describeUrl = (input: string, base?: string): Record<string, string> | { error: string } => {
    try {
      const url = base === undefined ? new URL(input) : new URL(input, base);
      return Object.fromEntries(URL_FIELDS.map((f) => [f, url[f]]));
    } catch (e) {
      return { error: (e as Error).name };
    }
  };

  it('parses URLs as Node does: absolute, relative to a base, odd and invalid ones', async () => {
    const cases: [string, string?][] = [
      ['https://example.com'],
      ['HTTPS://User:Pa ss@EXAMPLE.com:443/a/./b/../c d?q=1 2&x=é#frag ment'],
      ['http://example.com:8080/path/to/file.json?x=1#top'],
      ['http://127.0.0.1:3000/'],
      ['http://[::1]:8080/x'],
      ['http://0x7f.1/'],
      ['http:\\\\example.com\\a\\b'],
      ['  http://example.com/\tpath\n  '],
      ['http://example.com/%7Efoo/%zz/ü'],
      ['http://example.com?'],
      ['http://example.com/#'],
      ['file:///etc/passwd'],
      ['file://localhost/tmp/x'],
      ['mailto:ann@example.com?subject=Hi there'],
      ['data:text/plain,hello world'],
      ['urn:isbn:0451450523'],
      ['foo://host/a/../b?c#d'],
      ['sc://ñ/x'],
      ['g;x=1/../y', 'http://a/b/c/d;p?q'],
      ['../../../g', 'http://a/b/c/d;p?q'],
      ['https://api.github.com/repos/o/r/issues?state=open&per_page=100'],
      ['ws://example.com:80/socket'],
      ['wss://example.com:443'],
      ['../c/d?e', 'http://example.com/a/b/x'],
      ['/root', 'https://example.com/a/b?q#h'],
      ['?only=query', 'https://example.com/a/b?q#h'],
      ['#only-hash', 'https://example.com/a/b?q#h'],
      ['', 'https://example.com/a/b?q#h'],
      ['//other.org/p', 'https://example.com/a'],
      ['x', 'https://example.com'],
      ['./', 'https://example.com/a/b'],
      ['..', 'https://example.com/a/b/c'],
      ['http:rel', 'http://example.com/dir/x'],
      ['#x', 'mailto:ann@example.com'],
      ['not a url'],
      ['http://'],
      ['http://exa mple.com'],
      ['http://example.com:99999'],
      ['http://example.com:80a'],
      ['relative/only'],
      ['x', 'mailto:ann@example.com'],
      ['http://user@:80'],
    ];
    const ours = (await ok(
      `export function main(cases: [string, string?][]) {
        const fields = ${JSON.stringify(URL_FIELDS)};
        return cases.map(([input, base]) => {
          try {
            const url = base === null || base === undefined ? new URL(input) : new URL(input, base);
            return Object.fromEntries(fields.map((f) => [f, url[f]]));
          } catch (e) { return { error: e.name }; }
        });
      }`,
      { cases: cases.map(([input, base]) => [input, base ?? null]) },
    )) as unknown[];
    cases.forEach(([input, base], i) => {
      assert.deepEqual(ours[i], describeUrl(input, base), `new URL(${JSON.stringify(input)}, ${JSON.stringify(base)})`);
    });
  });

  it('URL setters and searchParams stay in step, as in Node', async () => {
    const script = `
      const url = new URL('https://example.com/a?x=1&y=2#h');
      url.searchParams.append('z', 'a b&c');
      url.searchParams.set('x', '9');
      url.searchParams.delete('y');
      const afterParams = url.href;
      url.pathname = 'new path/ü';
      url.hash = 'sec 2';
      url.port = '8443';
      url.hostname = 'API.example.org';
      url.username = 'me';
      url.password = 'p@ss';
      url.search = '?q=one two';
      const searched = [url.searchParams.get('q'), url.href];
      url.port = '443';
      url.protocol = 'http';
      url.href = 'http://other.net/x?k=v';
      return { afterParams, searched, last: url.toString(), json: JSON.stringify({ u: url }), k: url.searchParams.get('k'), canParse: [URL.canParse('x'), URL.canParse('x', 'http://a')] };
    `;
    const ours = await ok(`export function main() { ${script} }`);
    const node = new Function(script)() as unknown;
    assert.deepEqual(ours, node);
  });

  it('URLSearchParams builds, reads, sorts and encodes forms as Node does', async () => {
    const script = `
      const a = new URLSearchParams('?a=1&b=2&a=3&c=%20x+y&d&=e&f=%zz&g=%C3%A9');
      const b = new URLSearchParams({ name: 'Ann Lee', email: 'a+b@x.io', sym: "!'()~*-._" });
      const c = new URLSearchParams([['z', '1'], ['a', '2'], ['z', '0']]);
      c.sort();
      const d = new URLSearchParams(a);
      d.set('a', 'only');
      const seen = [];
      a.forEach((v, k) => seen.push(k + '=' + v));
      return {
        a: a.toString(), all: a.getAll('a'), get: [a.get('c'), a.get('d'), a.get(''), a.get('f'), a.get('g'), a.get('none')],
        has: [a.has('a'), a.has('a', '3'), a.has('a', '4')], size: a.size, b: b.toString(), c: [...c], d: d.toString(),
        keys: [...a.keys()], values: [...a.values()], seen,
      };
    `;
    const ours = await ok(`export function main() { ${script} }`);
    assert.deepEqual(ours, new Function(script)());
  });

  it('TextEncoder, TextDecoder, atob and btoa as in Node', async () => {
    const script = `
      const bytes = new TextEncoder().encode('héllo → 🌍');
      const decoder = new TextDecoder();
      const bad = decoder.decode(new Uint8Array([0x61, 0xff, 0xe2, 0x82, 0x41, 0xf0, 0x9f, 0x8c, 0x8d]));
      let latin = null;
      try { btoa('→'); } catch (e) { latin = e.name; }
      let broken = null;
      try { atob('a'); } catch (e) { broken = e.name; }
      return {
        bytes: [...bytes], back: decoder.decode(bytes), buffer: decoder.decode(bytes.buffer), bad,
        b64: btoa('Hello, World!'), b64short: [btoa(''), btoa('a'), btoa('ab'), btoa('\\xff\\xfe')],
        unb64: [atob('SGVsbG8sIFdvcmxkIQ=='), atob(' SGVs bG8 '), atob('YQ')],
        latin, broken,
      };
    `;
    const ours = await ok(`export function main() { ${script} }`);
    assert.deepEqual(ours, new Function(script)());
  });

  it('timers wait for real, run in order, can be cleared, and a race ends with the first', async () => {
    const started = Date.now();
    const result = (await ok(`
      export async function main() {
        const order: string[] = [];
        const t0 = Date.now();
        const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
        setTimeout(() => order.push('late'), 120);
        setTimeout((a: string, b: string) => order.push(a + b), 40, 'ear', 'ly');
        const cleared = setTimeout(() => order.push('never'), 60);
        clearTimeout(cleared);
        queueMicrotask(() => order.push('micro'));
        let ticks = 0;
        await new Promise<void>((done) => {
          const every = setInterval(() => { ticks += 1; if (ticks === 3) { clearInterval(every); done(); } }, 10);
        });
        const winner = await Promise.race([sleep(50).then(() => 'fast'), sleep(2500).then(() => 'slow')]);
        await sleep(100);
        return { order, ticks, winner, elapsed: Date.now() - t0 };
      }`)) as { order: string[]; ticks: number; winner: string; elapsed: number };
    const took = Date.now() - started;
    assert.deepEqual(result.order, ['micro', 'early', 'late']);
    assert.equal(result.ticks, 3);
    assert.equal(result.winner, 'fast');
    assert.ok(result.elapsed >= 150, `slept ${result.elapsed} ms`);
    assert.ok(took < 2000, `the race waited for the slow timer: ${took} ms`);
  });

  it('a timer callback that throws fails the run; a sleep past the limit is a Timeout; pending forever says so', async () => {
    const thrown = await run(`export async function main() {
      setTimeout(() => { throw new RangeError('boom in a timer'); }, 5);
      await new Promise((r) => setTimeout(r, 1000));
      return 'not here';
    }`);
    assert.equal(thrown.status, 'failure');
    assert.deepEqual(thrown.result, { error: { name: 'RangeError', message: 'boom in a timer' } });

    const slow = await runner.run(
      'main',
      'export async function main() { await new Promise((r) => setTimeout(r, 5000)); }',
      {},
      [],
      300,
      'none',
    );
    assert.equal(slow.status, 'failure');
    assert.equal((slow.result as { error: { name: string } }).error.name, 'Timeout');

    const forever = await run(`export async function main() {
      const t = setTimeout(() => {}, 10000);
      clearTimeout(t);
      await new Promise(() => {});
    }`);
    assert.deepEqual(forever.result, {
      error: { name: 'Error', message: 'main returned a promise that never settled' },
    });
    assert.ok(forever.durationMs < 1000, `waited on a cleared timer: ${forever.durationMs} ms`);

    // The thread serves on.
    assert.equal(await ok('export function main() { return new URL("http://a.b/c").pathname }'), '/c');
  });

  it('a flow step that waits on a timer is deferred to a job of its own; setTimeout 0 is not', async () => {
    const waits = await run(
      'export async function main() { await new Promise((r) => setTimeout(r, 20)); return 1 }',
      {},
      true,
    );
    assert.equal(waits.deferred, true);
    const yields = await run(
      'export async function main() { await new Promise((r) => setTimeout(r, 0)); return 2 }',
      {},
      true,
    );
    assert.equal(yields.deferred, undefined);
    assert.equal(yields.result, 2);
  });
});
