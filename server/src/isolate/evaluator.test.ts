import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

import { createEvaluator, ExpressionError, type ExpressionFailure, type Evaluator } from './evaluator.js';
import type { SandboxInput } from './sandbox-program.js';
import { SandboxThread } from './sandbox-thread.js';

const scope = {
  flow_input: { name: 'Ada', count: 3, iter: { value: 'x', index: 2 } },
  results: { a: { items: [1, 2, 3] }, b: 41 },
  previous_result: { ok: true },
  resume: { approved: true },
  resumes: [{ approved: true }],
  error: { message: 'boom', name: 'Error', step_id: 'c' },
};

let ev: Evaluator;
before(async () => {
  ev = await createEvaluator();
});
after(() => ev.dispose());

function assertFails(
  evaluator: Evaluator,
  expr: string,
  message: string,
  reason: ExpressionFailure,
  within: Record<string, unknown> = scope,
): void {
  assert.throws(
    () => evaluator.evaluate(expr, within),
    (error: unknown) => {
      assert.ok(error instanceof ExpressionError, `not an ExpressionError: ${String(error)}`);
      assert.equal(error.name, 'ExpressionError');
      assert.equal(error.message, message);
      assert.equal(error.expr, expr);
      assert.equal(error.reason, reason);
      return true;
    },
  );
}

describe('expressions as Windmill writes them', () => {
  it('reads the scope as globals', () => {
    assert.equal(ev.evaluate('flow_input.name', scope), 'Ada');
    assert.deepEqual(ev.evaluate('results.a.items.map(i => i * 2)', scope), [2, 4, 6]);
    assert.equal(ev.evaluate('`hello ${flow_input.name}`', scope), 'hello Ada');
    assert.deepEqual(ev.evaluate('previous_result', scope), { ok: true });
    assert.equal(ev.evaluate('resume.approved && resumes.length === 1', scope), true);
    assert.equal(ev.evaluate('error.step_id', scope), 'c');
    assert.equal(ev.evaluate('flow_input.iter.index', scope), 2);
    assert.equal(ev.evaluate('results.b + 1', scope), 42);
  });

  it('takes an object literal as an object, not a block', () => {
    assert.deepEqual(ev.evaluate('{a: 1, b: flow_input.count}', scope), { a: 1, b: 3 });
    assert.deepEqual(ev.evaluate('{}', scope), {});
  });

  it('accepts trailing semicolons, surrounding whitespace and comments', () => {
    assert.equal(ev.evaluate('  results.b + 1;; \n', scope), 42);
    assert.equal(ev.evaluate('results.b // the answer, almost', scope), 41);
    assert.equal(ev.evaluate('/* leading */ results.b', scope), 41);
  });

  it('falls back to a function body with statements and return', () => {
    assert.equal(ev.evaluate('const n = flow_input.count;\nreturn n * 2;', scope), 6);
    assert.equal(ev.evaluate('if (flow_input.count > 2) { return "many" } return "few"', scope), 'many');
    assert.equal(ev.evaluate('{ const x = 1; return x + 1 }', scope), 2);
    assert.equal(ev.evaluate('const x = 1;', scope), undefined);
  });

  it('does not run the expression twice when it throws a SyntaxError at run time', () => {
    assertFails(
      ev,
      'JSON.parse("{")',
      'expression `JSON.parse("{")` failed: SyntaxError: expecting property name',
      'thrown',
    );
  });

  it('sees scope keys whose value is undefined', () => {
    assert.equal(ev.evaluate('previous_result === undefined', { previous_result: undefined }), true);
  });

  it('works unbound', () => {
    const { evaluate } = ev;
    assert.equal(evaluate('1 + 1', {}), 2);
  });
});

describe('results cross as JSON', () => {
  it('keeps JSON values and undefined', () => {
    assert.equal(ev.evaluate('undefined', scope), undefined);
    assert.equal(ev.evaluate('null', scope), null);
    assert.equal(ev.evaluate('"é€😀"', scope), 'é€😀');
    assert.deepEqual(ev.evaluate('[1, "a", null, {b: [true]}]', scope), [1, 'a', null, { b: [true] }]);
  });

  it('turns Dates into ISO strings and NaN into null, and drops nested functions, as JSON.stringify does', () => {
    assert.equal(ev.evaluate('new Date(0)', scope), '1970-01-01T00:00:00.000Z');
    assert.equal(ev.evaluate('NaN', scope), null);
    assert.deepEqual(ev.evaluate('({ f() {}, s: Symbol(), n: 1 })', scope), { n: 1 });
    assert.deepEqual(ev.evaluate('[() => 1]', scope), [null]);
  });

  it('refuses a function or a symbol as the result', () => {
    assertFails(ev, 'x => x * 2', 'expression `x => x * 2` returned a function, which is not a JSON value', 'result');
    assertFails(ev, 'Symbol("s")', 'expression `Symbol("s")` returned a symbol, which is not a JSON value', 'result');
  });

  it('reports what JSON cannot carry', () => {
    assertFails(ev, '10n', 'expression `10n` failed: TypeError: Do not know how to serialize a BigInt', 'thrown');
    assertFails(
      ev,
      'const o = {}; o.o = o; return o',
      'expression `const o = {}; o.o = o; return o` failed: TypeError: circular reference',
      'thrown',
    );
  });

  it('awaits a returned Promise', () => {
    assert.equal(ev.evaluate('Promise.resolve(flow_input.count)', scope), 3);
    assert.equal(ev.evaluate('(async () => results.b + 1)()', scope), 42);
    assertFails(
      ev,
      'Promise.reject(new Error("no"))',
      'expression `Promise.reject(new Error("no"))` failed: Error: no',
      'thrown',
    );
    assertFails(
      ev,
      'new Promise(() => {})',
      'expression `new Promise(() => {})` returned a Promise that never settled',
      'result',
    );
  });
});

describe('error messages', () => {
  it('names the expression and the error', () => {
    assertFails(ev, 'null.x', "expression `null.x` failed: TypeError: cannot read property 'x' of null", 'thrown');
    assertFails(ev, 'nope', "expression `nope` failed: ReferenceError: 'nope' is not defined", 'thrown');
    assertFails(ev, 'throw new Error("boom")', 'expression `throw new Error("boom")` failed: Error: boom', 'thrown');
    assertFails(ev, 'throw "boom"', 'expression `throw "boom"` failed: boom', 'thrown');
    assertFails(ev, 'throw {code: 7}', 'expression `throw {code: 7}` failed: {"code":7}', 'thrown');
  });

  it('says when the text is not JavaScript', () => {
    assertFails(
      ev,
      'flow_input.x +',
      "expression `flow_input.x +` is not valid JavaScript: unexpected token in expression: '}'",
      'syntax',
    );
    assertFails(ev, '', 'expression `` is not valid JavaScript: it is empty', 'syntax');
    assertFails(ev, ' ; ', 'expression ` ; ` is not valid JavaScript: it is empty', 'syntax');
  });

  it('shortens long expressions to 200 characters', () => {
    const expr = `${'1 + '.repeat(60)}null.x`;
    assertFails(
      ev,
      expr,
      `expression \`${expr.slice(0, 200)}…\` failed: TypeError: cannot read property 'x' of null`,
      'thrown',
    );
  });
});

describe('the sandbox', () => {
  it('has no way out to the host', () => {
    assertFails(
      ev,
      'require("fs")',
      'expression `require("fs")` failed: ReferenceError: \'require\' is not defined',
      'thrown',
    );
    assertFails(
      ev,
      'process.env',
      "expression `process.env` failed: ReferenceError: 'process' is not defined",
      'thrown',
    );
    assertFails(
      ev,
      'fetch("http://example.com")',
      'expression `fetch("http://example.com")` failed: ReferenceError: \'fetch\' is not defined',
      'thrown',
    );
    assertFails(
      ev,
      "import('fs')",
      "expression `import('fs')` failed: ReferenceError: could not load module 'fs'",
      'thrown',
    );
    assert.deepEqual(
      ev.evaluate('[typeof setTimeout, typeof WebAssembly, typeof std, typeof os, typeof console]', {}),
      ['undefined', 'undefined', 'undefined', 'undefined', 'undefined'],
    );
  });

  it('lets Date.now() and Math.random() work', () => {
    assert.equal(ev.evaluate('Date.now() > 1.7e12 && Math.random() < 1', {}), true);
  });

  it('keeps nothing from one evaluation to the next', () => {
    ev.evaluate(
      'globalThis.leak = 1; Array.prototype.evil = () => 1; Object.prototype.polluted = true; JSON.parse = () => 7; return 1',
      { secret: 's3cr3t' },
    );
    ev.evaluate('Promise.resolve().then(() => { globalThis.late = 1 }); 1', {});
    assert.deepEqual(
      ev.evaluate('[typeof leak, typeof [].evil, ({}).polluted, JSON.parse("1"), typeof secret, typeof late]', {}),
      ['undefined', 'undefined', null, 1, 'undefined', 'undefined'],
    );
  });

  it('stops an infinite loop and keeps working', () => {
    assertFails(ev, 'while(true){}', 'expression `while(true){}` took longer than 100 ms', 'timeout');
    const awaiting = '(async () => { while (true) await null })()';
    assertFails(ev, awaiting, `expression \`${awaiting}\` took longer than 100 ms`, 'timeout');
    assert.equal(ev.evaluate('results.b + 1', scope), 42);
  });

  it('stops a loop of slow builtins, which QuickJS polls too rarely, and keeps working', () => {
    const expr = 'const a = new Array(1e6).fill(1); while (true) a.indexOf(2)';
    const started = performance.now();
    assertFails(ev, expr, `expression \`${expr}\` took longer than 100 ms`, 'timeout');
    assert.ok(performance.now() - started < 2_000, 'stopped within the grace period');
    assert.equal(ev.evaluate('results.b + 1', scope), 42);
  });

  it('stops a memory bomb and keeps working', async () => {
    assertFails(ev, "'x'.repeat(1e9)", "expression `'x'.repeat(1e9)` ran out of memory (limit 32 MiB)", 'memory');
    assert.equal(ev.evaluate('new Array(1e5).fill(1).length', {}), 1e5);
    // Filling 32 MiB takes about 100 ms on a busy machine (the first time, the pages are
    // new to the process), so these get more time: running out of memory must come first.
    const patient = await createEvaluator({ timeoutMs: 5_000 });
    try {
      const growing = 'const a = []; while (true) a.push(new Array(1e5).fill(1))';
      assertFails(patient, growing, `expression \`${growing}\` ran out of memory (limit 32 MiB)`, 'memory');
      const global = 'globalThis.a = []; while (true) a.push(new Array(1e5).fill(a.length))';
      assertFails(patient, global, `expression \`${global}\` ran out of memory (limit 32 MiB)`, 'memory');
      const small = 'const a = []; for (let i = 0; ; i++) a.push({ i })';
      assertFails(patient, small, `expression \`${small}\` ran out of memory (limit 32 MiB)`, 'memory');
      assert.equal(patient.evaluate('new Array(1e6).fill(1).length', {}), 1e6);
    } finally {
      patient.dispose();
    }
  });

  it('stops deep recursion cleanly and keeps working', () => {
    const expr = 'function f(n) { return f(n + 1) + 1 } f(0)';
    assertFails(ev, expr, `expression \`${expr}\` failed: InternalError: stack overflow`, 'stack');
    const depth = ev.evaluate('let n = 0; function f() { n++; try { f() } catch {} } f(); return n', {});
    assert.ok(typeof depth === 'number' && depth > 500, `recursion depth ${String(depth)}`);
    // The parser recurses natively too; its stack use is checked as well.
    const parser = 'eval("(".repeat(1e5))';
    assertFails(ev, parser, `expression \`${parser}\` failed: SyntaxError: stack overflow`, 'thrown');
    assert.equal(ev.evaluate('results.b + 1', scope), 42);
  });

  it('refuses a result larger than the limit', () => {
    const expr = "'x'.repeat(2 * 1024 * 1024)";
    assertFails(ev, expr, `expression \`${expr}\` returned a result larger than 1 MiB as JSON`, 'result');
    // Under the limit in UTF-16 units but over it in UTF-8 bytes.
    const wide = "'€'.repeat(400000)";
    assertFails(ev, wide, `expression \`${wide}\` returned a result larger than 1 MiB as JSON`, 'result');
  });
});

describe('limits', () => {
  it('are configurable', async () => {
    const small = await createEvaluator({ timeoutMs: 20, memoryBytes: 4 * 1024 * 1024, maxResultBytes: 10 });
    try {
      assertFails(small, 'for (;;) {}', 'expression `for (;;) {}` took longer than 20 ms', 'timeout');
      assertFails(
        small,
        'new Array(1e6).fill(1).length',
        'expression `new Array(1e6).fill(1).length` ran out of memory (limit 4 MiB)',
        'memory',
      );
      assertFails(
        small,
        '"x".repeat(9)',
        'expression `"x".repeat(9)` returned a result larger than 10 bytes as JSON',
        'result',
      );
      assert.equal(small.evaluate('"x".repeat(8)', {}), 'xxxxxxxx');
      const big = { results: { a: 'x'.repeat(2 * 1024 * 1024) } };
      assertFails(
        small,
        'results.a.length',
        'expression `results.a.length` ran out of memory (limit 4 MiB): its scope alone is 2 MiB of JSON',
        'memory',
        big,
      );
    } finally {
      small.dispose();
    }
    const roomy = await createEvaluator({ timeoutMs: 1000 });
    try {
      assert.equal(
        roomy.evaluate('let i = 0; const end = Date.now() + 200; while (Date.now() < end) i++; return i > 0', {}),
        true,
      );
    } finally {
      roomy.dispose();
    }
  });

  it('are checked', async () => {
    await assert.rejects(createEvaluator({ timeoutMs: 0 }), RangeError);
    await assert.rejects(createEvaluator({ memoryBytes: 1000 }), RangeError);
    await assert.rejects(createEvaluator({ maxResultBytes: -1 }), RangeError);
  });
});

describe('the worker', () => {
  it('is replaced when its own stack runs out inside WebAssembly', async () => {
    // No QuickJS stack limit and a small thread stack: recursion overflows the thread itself.
    const thread = await SandboxThread.start({
      timeoutMs: 1000,
      memoryBytes: 32 * 1024 * 1024,
      stackBytes: 0,
      threadStackMb: 1,
    });
    try {
      const input = (expr: string) => JSON.stringify([expr, expr, {}, [], 1024] satisfies SandboxInput);
      assert.deepEqual(thread.call(input('function f() { return f() + 1 } f()'), 5000), {
        kind: 'host-stack-overflow',
      });
      assert.deepEqual(thread.call(input('1 + 1'), 5000), { kind: 'answered', tag: 'O', payload: '2' });
    } finally {
      thread.dispose();
    }
  });

  it('refuses evaluations once disposed', async () => {
    const disposable = await createEvaluator();
    disposable.dispose();
    assert.throws(() => disposable.evaluate('1', {}), /disposed/);
    assert.throws(() => disposable.evaluate('', {}), /disposed/);
  });
});

describe('speed', () => {
  it('evaluates `results.a + 1` with a scope of 10 keys in well under a millisecond', async (t) => {
    const tenKeys = {
      flow_input: { name: 'Ada', count: 3 },
      results: { a: 41, b: { items: [1, 2, 3] } },
      previous_result: [1, 2, 3],
      resume: null,
      resumes: [],
      k6: 'six',
      k7: 7,
      k8: true,
      k9: { nested: { deeper: 'yes' } },
      k10: [1, 2],
    };
    const median = (samples: number[]) => samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)] ?? NaN;
    const timeOne = () => {
      const started = performance.now();
      ev.evaluate('results.a + 1', tenKeys);
      return (performance.now() - started) * 1000;
    };
    for (let i = 0; i < 50; i++) timeOne();

    // A flow step evaluates its few input transforms, then waits for its job: the worker
    // prepares runtimes meanwhile.
    const inSteps: number[] = [];
    for (let step = 0; step < 100; step++) {
      for (let i = 0; i < 3; i++) inSteps.push(timeOne());
      await sleep(5);
    }
    // Back to back, every evaluation also pays for preparing its runtime.
    const backToBack: number[] = [];
    for (let i = 0; i < 300; i++) backToBack.push(timeOne());

    t.diagnostic(`median µs per evaluate, 3 per step: ${median(inSteps).toFixed(0)}`);
    t.diagnostic(`median µs per evaluate, back to back: ${median(backToBack).toFixed(0)}`);
    // Not a benchmark gate (the machine is shared); only catches a gross regression.
    assert.ok(median(inSteps) < 5_000);
  });
});

describe('plain property paths, read without the sandbox', () => {
  it('answer exactly what the sandbox answers for the same path', () => {
    const paths = [
      'flow_input.name',
      'flow_input . iter.index',
      'results.a',
      'results.a.items',
      'results.b;',
      'previous_result.ok',
      'resumes',
      'flow_input.missing',
    ];
    for (const path of paths) {
      // Parenthesised, the same expression is no plain path: the sandbox evaluates it.
      assert.deepEqual(ev.evaluate(path, scope), ev.evaluate(`(${path.replace(/;$/, '')})`, scope), path);
    }
    // A copy, as the sandbox's value is: changing it changes nothing in the scope.
    const items = ev.evaluate('results.a.items', scope) as number[];
    items.push(4);
    assert.deepEqual(scope.results.a.items, [1, 2, 3]);
  });

  it('leave to the sandbox what is not an own property of JSON data, with its usual errors', () => {
    assert.equal(ev.evaluate('flow_input.name.length', scope), 3);
    assertFails(
      ev,
      'flow_input.missing.x',
      "expression `flow_input.missing.x` failed: TypeError: cannot read property 'x' of undefined",
      'thrown',
    );
    assertFails(
      ev,
      'flow_input.constructor',
      'expression `flow_input.constructor` returned a function, which is not a JSON value',
      'result',
    );
    assert.equal(ev.evaluate('Math.PI', scope), Math.PI);
  });

  it('read a small value beside a result too large to send to the sandbox', async () => {
    const small = await createEvaluator({ memoryBytes: 1024 * 1024 });
    try {
      const big = { results: { huge: 'x'.repeat(400_000), n: 7 } };
      assert.equal(small.evaluate('results.n', big), 7);
      assert.throws(() => small.evaluate('results.n + 0', big), /its scope alone is/);
    } finally {
      small.dispose();
    }
  });
});
