/**
 * The JavaScript that runs inside QuickJS around each expression.
 *
 * Everything that touches values made by the expression happens in here, under the time and
 * memory limits: JSON parsing of the scope, compiling, running, reading a thrown error's name
 * and message (which may be getters), and JSON serialisation of the result. The host only
 * ever reads back one string, so no handle to an object made by user code crosses over.
 *
 * The builtins it needs are captured before the expression runs, so an expression that
 * replaces `JSON.stringify` or `Function` cannot confuse the protocol (it could only change
 * its own result, which it can do anyway).
 */

/** Name of the global function that reports a settled Promise result; see {@link SETTLE_PROGRAM}. */
const SETTLE_GLOBAL = '__runnel_settle';

/** What the host passes in, JSON-encoded as one string. */
export type SandboxInput = [
  /** The expression as written. */
  source: string,
  /** The expression without trailing semicolons and whitespace, to try as an expression first. */
  trimmed: string,
  scope: Record<string, unknown>,
  /** Scope keys whose value is `undefined`, which JSON would drop. */
  undefinedKeys: string[],
  /** Results longer than this many UTF-16 units are refused before they leave the sandbox. */
  maxResultChars: number,
];

/**
 * The first character of the string the program returns; the rest is its payload.
 * `S` and `T` carry a JSON `[name, message]` (name is '' for a thrown value that is not an Error).
 */
export const Tag = {
  /** payload: the result as JSON */
  Ok: 'O',
  /** the result is `undefined` (or JSON has no representation for it, like `() => 1` inside `[]`) */
  Undefined: 'U',
  /** not valid JavaScript, neither as an expression nor as a function body */
  Syntax: 'S',
  /** the expression threw (or serialising its result did) */
  Thrown: 'T',
  /** the result is a function */
  Function: 'F',
  /** the result is a symbol */
  Symbol: 'Y',
  /** the result's JSON is longer than the limit */
  TooLarge: 'L',
  /** the result is a Promise that has not settled yet: run pending jobs, then {@link SETTLE_PROGRAM} */
  Pending: 'P',
} as const;

/**
 * Evaluates to the function that runs one expression: `(input: JSON of SandboxInput) => tagged string`.
 * It is compiled when the runtime is prepared, ahead of the request (QuickJS parses about
 * 10 characters a microsecond, so compiling this on each request would cost 250 µs), and
 * called once.
 */
export const PROGRAM = `(() => {
  'use strict';
  const g = globalThis;
  const parse = JSON.parse, stringify = JSON.stringify, toText = String;
  const keys = Object.keys, defineProperty = Object.defineProperty;
  const compile = Function, PromiseCtor = Promise, ErrorCtor = Error, SyntaxErrorCtor = SyntaxError;

  const define = (key, value) =>
    defineProperty(g, key, { value, writable: true, enumerable: true, configurable: true });

  const describe = (e) => {
    try {
      if (e instanceof ErrorCtor) return [toText(e.name), toText(e.message)];
      if (typeof e === 'string') return ['', e];
      const json = stringify(e);
      return ['', json === undefined ? toText(e) : json];
    } catch (_) {
      return ['', '(a value that cannot be shown)'];
    }
  };
  const fail = (tag, e) => tag + stringify(describe(e));

  const finish = (value, maxChars) => {
    switch (typeof value) {
      case 'undefined': return '${Tag.Undefined}';
      case 'function': return '${Tag.Function}';
      case 'symbol': return '${Tag.Symbol}';
    }
    let json;
    try {
      json = stringify(value);
    } catch (e) {
      return fail('${Tag.Thrown}', e);
    }
    if (json === undefined) return '${Tag.Undefined}';
    if (json.length > maxChars) return '${Tag.TooLarge}';
    return '${Tag.Ok}' + json;
  };

  // An expression first (parenthesised, so that {a: 1} is an object, not a block); if that is
  // not valid, a function body with statements and return.
  const compileExpression = (source, trimmed) => {
    try {
      return compile('return (\\n' + trimmed + '\\n);');
    } catch (asExpression) {
      if (!(asExpression instanceof SyntaxErrorCtor)) throw asExpression;
      return compile(source);
    }
  };

  return (json) => {
    const [source, trimmed, scope, undefinedKeys, maxChars] = parse(json);
    for (const key of keys(scope)) define(key, scope[key]);
    for (const key of undefinedKeys) define(key, undefined);

    let fn;
    try {
      fn = compileExpression(source, trimmed);
    } catch (e) {
      return fail(e instanceof SyntaxErrorCtor ? '${Tag.Syntax}' : '${Tag.Thrown}', e);
    }
    let value;
    try {
      value = fn();
    } catch (e) {
      return fail('${Tag.Thrown}', e);
    }
    if (!(value instanceof PromiseCtor)) return finish(value, maxChars);

    let settled;
    value.then(
      (result) => { settled = finish(result, maxChars); },
      (e) => { settled = fail('${Tag.Thrown}', e); },
    );
    defineProperty(g, '${SETTLE_GLOBAL}', { value: () => settled ?? '${Tag.Pending}' });
    return '${Tag.Pending}';
  };
})()`;

/** Run after the host has executed pending jobs, when {@link PROGRAM} returned {@link Tag.Pending}. */
export const SETTLE_PROGRAM = `${SETTLE_GLOBAL}()`;
