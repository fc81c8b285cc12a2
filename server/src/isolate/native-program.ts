/**
 * The JavaScript a `nativets` module is loaded with, once per warm runtime (native-worker.ts).
 *
 * It runs the transpiled module (CommonJS: `exports`, `module`) with a console that keeps lines,
 * and evaluates to the function that runs one job: `(argsJson, maxChars) => tagged string`, with
 * the tags of sandbox-program.ts (`O` + JSON of `{ ok, r | e, logs }`, `L` too large, `P` a
 * promise still pending: run the jobs, then `__runnel_settle()`). Everything that touches values
 * made by user code happens in here, under the limits; the host reads back one string.
 */
import { NATIVE_GLOBALS } from './native-globals.js';
import { Tag } from './sandbox-program.js';

export const SETTLE = '__runnel_settle()';
/** The global that hands the host the `fetch` calls made since it last asked: JSON of FetchRequest[], or ''. */
export const OUTBOX = '__runnel_outbox';
/** The global the host calls with JSON of FetchResult[]: settles those calls' promises. */
export const INBOX = '__runnel_inbox';

/** What one `fetch` call asks of the host (server/src/native/native-fetch.ts performs it). */
export interface FetchRequest {
  kind: 'fetch';
  id: number;
  url: string;
  method: string;
  headers: [string, string][];
  body: string | null;
  redirect: 'follow' | 'manual' | 'error';
}

/** An SDK call (`wmill.getVariable(…)`): a job API op (protocol/src/job-api.ts) done as the job's user. */
export interface ApiRequest {
  kind: 'api';
  id: number;
  op: string;
  params: Record<string, unknown>;
}

/** A timer (`setTimeout`, `setInterval`): the host answers once `ms` have passed. */
export interface TimerRequest {
  kind: 'timer';
  id: number;
  ms: number;
}

export type HostRequest = FetchRequest | ApiRequest | TimerRequest;

/** An SDK call's value, or (as a failed FetchResult) the Error it rejects with. */
export interface ApiResult {
  id: number;
  ok: true;
  value: unknown;
}

/** A timer that is due. */
export interface TimerResult {
  id: number;
  ok: true;
}

export type HostResult = FetchResult | ApiResult | TimerResult;

/** What the host answers: a response with its whole body as text, or the TypeError fetch rejects with. */
export type FetchResult =
  | {
      id: number;
      ok: true;
      status: number;
      statusText: string;
      url: string;
      redirected: boolean;
      headers: [string, string][];
      body: string;
    }
  | { id: number; ok: false; message: string };

/** `fetch` and SDK calls one run may make; past it, they reject. */
export const MAX_FETCHES_PER_RUN = 100;

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

  // fetch: requests wait in the outbox until the host takes them (after the run's pending jobs),
  // performs them under the job's network policy, and settles them through the inbox.
  const TypeErrorCtor = TypeError, MapCtor = Map, isArray = Array.isArray;
  let outbox = [], waiting = new MapCtor(), nextId = 1, fetches = 0;
${NATIVE_GLOBALS}
  // Timers: the host answers a timer request once its time has passed; the callback then runs as
  // a promise job. A callback that throws fails the run, as an uncaught exception ends a process.
  const fail = (e) => { if (settled === undefined) settled = finish({ ok: false, e: describe(e), logs: lines }, maxCharsNow); };
  let maxCharsNow = 0, live = new Set();
  const startTimer = (fn, ms, args, repeat) => {
    if (typeof fn !== 'function') throw new TypeErrorCtor('setTimeout and setInterval take a function');
    const id = nextId++;
    let delay = Number(ms);
    delay = delay > 0 && delay < 2147483648 ? Math.floor(delay) : 0;
    const arm = () => {
      outbox.push({ kind: 'timer', id, ms: delay });
      waiting.set(id, {
        resolve: () => PromiseCtor.resolve().then(() => {
          if (!live.has(id)) return;
          if (repeat) arm(); else live.delete(id);
          try { fn(...args); } catch (e) { fail(e); }
        }),
        reject: () => {},
      });
    };
    live.add(id);
    arm();
    return id;
  };
  // Not sent yet: never sent. Sent: the host may still count it down; its answer then finds nothing waiting.
  const clearTimer = (id) => {
    const n = Number(id);
    if (!live.delete(n)) return;
    waiting.delete(n);
    outbox = outbox.filter((r) => r.id !== n);
  };
  const timers = [
    ['setTimeout', (fn, ms, ...args) => startTimer(fn, ms, args, false)],
    ['setInterval', (fn, ms, ...args) => startTimer(fn, ms, args, true)],
    ['clearTimeout', clearTimer],
    ['clearInterval', clearTimer],
    ['queueMicrotask', (fn) => { PromiseCtor.resolve().then(() => { try { fn(); } catch (e) { fail(e); } }); }],
  ];
  for (const [name, value] of timers) defineProperty(g, name, { value, writable: true, configurable: true });
  const headerName = (name) => toText(name).toLowerCase();
  class Headers {
    constructor(init) {
      this._map = new MapCtor();
      if (init === undefined || init === null) return;
      const pairs = init instanceof Headers ? [...init._map] : isArray(init) ? init : Object.entries(init);
      for (const pair of pairs) this.append(pair[0], pair[1]);
    }
    append(name, value) {
      const key = headerName(name), old = this._map.get(key);
      this._map.set(key, old === undefined ? toText(value) : old + ', ' + toText(value));
    }
    set(name, value) { this._map.set(headerName(name), toText(value)); }
    get(name) { const v = this._map.get(headerName(name)); return v === undefined ? null : v; }
    has(name) { return this._map.has(headerName(name)); }
    delete(name) { this._map.delete(headerName(name)); }
    forEach(fn, self) { for (const [k, v] of this._map) fn.call(self, v, k, this); }
    entries() { return this._map.entries(); }
    keys() { return this._map.keys(); }
    values() { return this._map.values(); }
    [Symbol.iterator]() { return this._map.entries(); }
    toJSON() { return Object.fromEntries(this._map); }
  }
  class Response {
    constructor(r) {
      this.status = r.status;
      this.statusText = r.statusText;
      this.ok = r.status >= 200 && r.status < 300;
      this.url = r.url;
      this.redirected = r.redirected;
      this.headers = new Headers(r.headers);
      this.bodyUsed = false;
      this._body = r.body;
    }
    text() {
      if (this.bodyUsed) return PromiseCtor.reject(new TypeErrorCtor('the body of this response was already read'));
      this.bodyUsed = true;
      return PromiseCtor.resolve(this._body);
    }
    json() { return this.text().then((t) => parse(t)); }
  }
  const fetch = (input, init) => new PromiseCtor((resolve, reject) => {
    if (++fetches > ${MAX_FETCHES_PER_RUN}) throw new TypeErrorCtor('fetch: more than ${MAX_FETCHES_PER_RUN} requests in one run');
    const options = init || {};
    const url = typeof input === 'string' ? input : input && typeof input.url === 'string' ? input.url : toText(input);
    const headers = [...new Headers(options.headers)._map];
    let body = options.body === undefined || options.body === null ? null : options.body;
    if (body !== null && typeof body !== 'string') {
      throw new TypeErrorCtor('fetch in nativets sends a string body: JSON.stringify(...) it');
    }
    const redirect = options.redirect === undefined ? 'follow' : toText(options.redirect);
    const id = nextId++;
    outbox.push({ kind: 'fetch', id, url, method: toText(options.method || 'GET').toUpperCase(), headers, body, redirect });
    waiting.set(id, { resolve: (r) => resolve(new Response(r)), reject: (m) => reject(new TypeErrorCtor(m)) });
  });

  // The SDK: the job API's reads and writes, as the job's user; anything else it lacks says so.
  const api = (op, params) => new PromiseCtor((resolve, reject) => {
    if (++fetches > ${MAX_FETCHES_PER_RUN}) throw new ErrorCtor('more than ${MAX_FETCHES_PER_RUN} fetch and SDK calls in one run');
    const id = nextId++;
    outbox.push({ kind: 'api', id, op, params });
    waiting.set(id, { resolve: (r) => resolve(r.value), reject: (m) => reject(new ErrorCtor(m)) });
  });
  const sdk = {
    __esModule: true,
    getVariable: (path) => api('get_variable', { path }),
    getResource: (path) => api('get_resource', { path }),
    setVariable: (path, value, isSecret) =>
      api('set_variable', isSecret === undefined ? { path, value } : { path, value, is_secret: isSecret }).then(() => undefined),
    getState: () => api('get_state', {}),
    setState: (value) => api('set_state', { value }).then(() => undefined),
  };
  sdk.default = sdk;
  sdk.getInternalState = sdk.getState;
  sdk.setInternalState = sdk.setState;
  const wmill = new Proxy(sdk, {
    get: (target, name) => {
      if (name in target || typeof name !== 'string' || name === 'then') return target[name];
      return () => { throw new ErrorCtor('wmill.' + name + ' is not available in nativets (getVariable, getResource, setVariable, getState, setState are); use the bun language'); };
    },
  });
  const require = (name) => {
    const bare = toText(name);
    if (['windmill-client', 'runnel'].includes(bare.split('/')[0])) return wmill;
    throw new ErrorCtor('a nativets script cannot require ' + bare);
  };
  for (const [name, value] of [['fetch', fetch], ['Headers', Headers], ['Response', Response], ['wmill', wmill]]) {
    defineProperty(g, name, { value, writable: true, configurable: true });
  }
  defineProperty(g, '${OUTBOX}', {
    value: () => { if (outbox.length === 0) return ''; const json = stringify(outbox); outbox = []; return json; },
  });
  defineProperty(g, '${INBOX}', {
    value: (json) => {
      for (const r of parse(json)) {
        const call = waiting.get(r.id);
        if (!call) continue;
        waiting.delete(r.id);
        if (r.ok) call.resolve(r);
        else call.reject(r.message);
      }
      // How many calls the host still has: the run may wait on them with nothing new to ask.
      return waiting.size;
    },
  });

  const module = { exports: {} };
  let loadError;
  try {
    (function (exports, module, console, require) {
${code}
;if (typeof main === 'function' && typeof exports.main !== 'function') exports.main = main;
    })(module.exports, module, console, require);
  } catch (e) {
    loadError = describe(e);
  }
  // What the module printed while loading shows in the first run's log.
  let first = true;

  return (argsJson, maxChars) => {
    if (!first) { lines = []; chars = 0; }
    first = false;
    settled = undefined;
    // A call an earlier run left unsettled (it did not await it) is forgotten.
    outbox = []; waiting = new MapCtor(); fetches = 0; live = new Set(); maxCharsNow = maxChars;
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
