import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bunDeps, withBareSpecifiers } from './bun.js';
import { denoDeps } from './deno.js';
import { inferPythonRequirements } from './python-imports.js';
import { DependencyError, type Requirement } from './types.js';

const names = (requirements: Requirement[]): string[] =>
  requirements.map(({ name, range }) => (range ? `${name}@${range}` : name));

describe('bunDeps.infer', () => {
  it('finds every way of loading a package, once per package, sorted', () => {
    const code = `
import { format } from 'date-fns';
import * as z from "zod";
import 'reflect-metadata';
import def, { named } from '@scope/pkg/sub/path.js';
export { x } from 'exported-pkg';
export * from 'star-pkg/deep';
import legacy = require('ts-require-pkg');
const lazy = await import('lazy-pkg');
const cjs = require('cjs-pkg');
import again from 'date-fns/locale';
export async function main() { return format(new Date(), 'yyyy'); }
`;
    assert.deepEqual(names(bunDeps.infer(code)), [
      '@scope/pkg',
      'cjs-pkg',
      'date-fns',
      'exported-pkg',
      'lazy-pkg',
      'reflect-metadata',
      'star-pkg',
      'ts-require-pkg',
      'zod',
    ]);
  });

  it('reads versions: pinned, ranges, tags, scoped with a subpath', () => {
    const code = `
import { format } from 'date-fns@^3';
import ms from 'ms@2.1.3';
import sub from '@scope/pkg@1.2.3/sub';
import tagged from 'tagged@latest';
import plain from 'date-fns/locale';
export function main() {}
`;
    assert.deepEqual(names(bunDeps.infer(code)), ['@scope/pkg@1.2.3', 'date-fns@^3', 'ms@2.1.3', 'tagged@latest']);
  });

  it('does not count comments, strings, templates, types or non-literal imports', () => {
    const code = `
// import a from 'commented-line';
/* import b from 'commented-block'; require('commented-require') */
const s = "import c from 'in-a-string'";
const t = \`import d from 'in-a-template' \${'x'}\`;
import type { T } from 'type-only';
export type { U } from 'type-only-export';
type V = typeof import('import-type');
const name = 'computed';
await import(name);
require(\`tpl-\${name}\`);
obj.require('method-not-require');
export function main(x: T) { return s + t; }
`;
    assert.deepEqual(bunDeps.infer(code), []);
  });

  it('ignores Node built-ins with and without node:, Bun modules, paths and URLs', () => {
    const code = `
import fs from 'fs';
import { readFile } from 'fs/promises';
import path from 'node:path';
import test from 'node:test';
import { serve } from 'bun';
import { Database } from 'bun:sqlite';
import WebSocket from 'ws';
import { fetch as undiciFetch } from 'undici';
import local from './local.ts';
import parent from '../up.js';
import absolute from '/abs/file.js';
import remote from 'https://esm.sh/preact';
import data from 'data:text/javascript,export default 1';
export function main() {}
`;
    assert.deepEqual(bunDeps.infer(code), []);
  });

  it('refuses two different ranges for one package, naming it', () => {
    const code = `import a from 'date-fns@^3';\nimport b from 'date-fns@^2/locale';\nexport function main() {}`;
    assert.throws(
      () => bunDeps.infer(code),
      (err: unknown) =>
        err instanceof DependencyError && err.packageName === 'date-fns' && /\^3.*\^2/.test(err.message),
    );
  });

  it('accepts one range repeated and a bare import of the same package', () => {
    const code = `import a from 'ms@2';\nimport b from 'ms';\nimport c from 'ms@2';\nexport function main() {}`;
    assert.deepEqual(bunDeps.infer(code), [{ name: 'ms', range: '2' }]);
  });

  it('infers from code that does not compile, as far as it parses', () => {
    assert.deepEqual(names(bunDeps.infer(`import x from 'ms'\nexport function main( {`)), ['ms']);
  });
});

describe('withBareSpecifiers', () => {
  it('drops versions from import specifiers only, keeping the lines', () => {
    const code = [
      `import { format } from 'date-fns@^3';`,
      `import sub from "@scope/pkg@1.2.3/sub";`,
      `const lazy = await import('ms@2.1.3');`,
      `const text = 'date-fns@^3 stays in a string';`,
      `import plain from 'plain/sub';`,
    ].join('\n');
    assert.equal(
      withBareSpecifiers(code),
      [
        `import { format } from 'date-fns';`,
        `import sub from "@scope/pkg/sub";`,
        `const lazy = await import('ms');`,
        `const text = 'date-fns@^3 stays in a string';`,
        `import plain from 'plain/sub';`,
      ].join('\n'),
    );
  });

  it('returns code without versioned specifiers as it is', () => {
    const code = `import x from 'ms';\n// mail me at someone@example.com\n`;
    assert.equal(withBareSpecifiers(code), code);
  });
});

describe('denoDeps.infer', () => {
  it('finds npm: specifiers only, with their ranges', () => {
    const code = `
import { format } from 'npm:date-fns@3';
import chalk from "npm:chalk@^5.3.0/source/index.js";
import sub from 'npm:@scope/pkg@1.2.3/sub';
import any from 'npm:/left-pad';
import ms from 'npm:ms@2.1.3';
const lazy = await import('npm:lazy-pkg@~1');
import fs from 'node:fs';
import bare from 'bare-is-not-npm-in-deno';
import local from './local.ts';
import remote from 'https://deno.land/std@0.224.0/path/mod.ts';
// import c from 'npm:commented';
const s = 'npm:in-a-string';
export function main() {}
`;
    assert.deepEqual(names(denoDeps.infer(code)), [
      '@scope/pkg@1.2.3',
      'chalk@^5.3.0',
      'date-fns@3',
      'lazy-pkg@~1',
      'left-pad',
      'ms@2.1.3',
    ]);
  });

  it('refuses jsr: imports with a message that says why and what to use', () => {
    assert.throws(
      () => denoDeps.infer(`import { join } from 'jsr:@std/path@1';\nexport function main() {}`),
      (err: unknown) =>
        err instanceof DependencyError &&
        err.packageName === '@std/path' &&
        /jsr:@std\/path@1: jsr: imports are not supported.*npm: specifier/.test(err.message),
    );
  });

  it('refuses npm: specifiers that name no package and conflicting ranges', () => {
    assert.throws(() => denoDeps.infer(`import x from 'npm:';`), DependencyError);
    assert.throws(
      () => denoDeps.infer(`import a from 'npm:ms@2';\nimport b from 'npm:ms@3';`),
      (err: unknown) => err instanceof DependencyError && err.packageName === 'ms',
    );
  });
});

describe('the SDK is never a dependency', () => {
  it('leaves runnel and windmill-client out of a Bun script, however they are written', () => {
    const code = `
import * as wmill from 'windmill-client';
import * as pinned from 'windmill-client@1.400.0';
import * as runnel from 'runnel';
import { getState } from "runnel/index.js";
const lazy = await import('windmill-client');
import ms from 'ms';
export async function main() { return ms('1s'); }
`;
    assert.deepEqual(names(bunDeps.infer(code)), ['ms']);
  });

  it("leaves Deno's npm:windmill-client, runnel and Windmill's deno.land module out", () => {
    const code = `
import * as wmill from 'npm:windmill-client@1';
import * as also from 'npm:/windmill-client@^1.300';
import * as old from 'https://deno.land/x/windmill@v1.99.0/mod.ts';
import * as runnel from 'runnel';
import ms from 'npm:ms@2.1.3';
export function main() {}
`;
    assert.deepEqual(names(denoDeps.infer(code)), ['ms@2.1.3']);
  });

  it('leaves import wmill and import runnel out of a Python script, even from a requirements block', () => {
    const code = ['import wmill', 'import runnel', 'from wmill import get_variable', 'import requests', ''].join('\n');
    assert.deepEqual(names(inferPythonRequirements(code)), ['requests']);
    const pinned = ['# requirements:', '# wmill>=1.200', '# requests==2.31.0', '', 'import wmill'].join('\n');
    assert.deepEqual(names(inferPythonRequirements(pinned)), ['requests@==2.31.0']);
  });
});
