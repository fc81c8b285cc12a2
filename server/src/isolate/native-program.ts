/**
 * The JavaScript a `nativets` module is loaded with, once per warm runtime (native-worker.ts).
 *
 * It runs the transpiled module (CommonJS: `exports`, `module`) with a console that keeps lines,
 * and evaluates to the function that runs one job: `(argsJson, maxChars) => tagged string`, with
 * the tags of sandbox-program.ts (`O` + JSON of `{ ok, r | e, logs }`, `L` too large, `P` a
 * promise still pending: run the jobs, then `__runnel_settle()`). Everything that touches values
 * made by user code happens in here, under the limits; the host reads back one string.
 */
import { Tag } from './sandbox-program.js';

export const SETTLE = '__runnel_settle()';

/** Console output kept per run; past it, one line says the rest was dropped. */
const MAX_LOG_CHARS = 1024 * 1024;

export function nativeProgram(code: string): string {
  return `(() => {
  'use strict';
  const g = globalThis;
  const parse = JSON.parse, stringify = JSON.stringify, toText = String;
  const PromiseCtor = Promise, ErrorCtor = Error, defineProperty = Object.defineProperty;
  const own = Object.prototype.hasOwnProperty;
  let lines = [], chars = 0, settled;
  const show = (v) => {
    if (typeof v === 'string') return v;
    try { const j = stringify(v); return j === undefined ? toText(v) : j; } catch (_) { return toText(v); }
  };
  const print = (...values) => {
    if (chars > ${MAX_LOG_CHARS}) return;
    const line = values.map(show).join(' ');
    chars += line.length + 1;
    lines.push(chars > ${MAX_LOG_CHARS} ? '(console output over 1 MiB: the rest is dropped)' : line);
  };
  const describe = (e) => {
    try {
      if (e instanceof ErrorCtor) return { name: toText(e.name), message: toText(e.message) };
      return { name: '', message: typeof e === 'string' ? e : show(e) };
    } catch (_) {
      return { name: '', message: '(a value that cannot be shown)' };
    }
  };
  const finish = (outcome, maxChars) => {
    let json;
    try {
      json = stringify(outcome);
    } catch (e) {
      json = stringify({ ok: false, e: describe(e), logs: lines });
    }
    return json.length > maxChars ? '${Tag.TooLarge}' : '${Tag.Ok}' + json;
  };
  const console = { log: print, info: print, warn: print, error: print, debug: print, trace: print };
  defineProperty(g, 'console', { value: console, writable: true, configurable: true });
  defineProperty(g, '__runnel_settle', { value: () => settled ?? '${Tag.Pending}' });

  const module = { exports: {} };
  let loadError;
  try {
    (function (exports, module, console) {
${code}
;if (typeof main === 'function' && typeof exports.main !== 'function') exports.main = main;
    })(module.exports, module, console);
  } catch (e) {
    loadError = describe(e);
  }
  // What the module printed while loading shows in the first run's log.
  let first = true;

  return (argsJson, maxChars) => {
    if (!first) { lines = []; chars = 0; }
    first = false;
    settled = undefined;
    if (loadError) return finish({ ok: false, e: loadError, logs: lines }, maxChars);
    const main = module.exports.main;
    if (typeof main !== 'function') {
      return finish({ ok: false, e: { name: 'Error', message: 'the script has no function main' }, logs: lines }, maxChars);
    }
    let r;
    try {
      // Missing arguments stay undefined, so that main's own defaults apply.
      const [args, order] = parse(argsJson);
      r = main(...order.map((name) => (own.call(args, name) ? args[name] : undefined)));
    } catch (e) {
      return finish({ ok: false, e: describe(e), logs: lines }, maxChars);
    }
    if (!(r instanceof PromiseCtor)) return finish({ ok: true, r, logs: lines }, maxChars);
    r.then(
      (value) => { settled = finish({ ok: true, r: value, logs: lines }, maxChars); },
      (e) => { settled = finish({ ok: false, e: describe(e), logs: lines }, maxChars); },
    );
    return '${Tag.Pending}';
  };
})()`;
}
