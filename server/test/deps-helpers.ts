import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';

/** A Bun script importing a real npm package, pinned (ADR 0035): `ms('2h')` is 7200000. */
export const MS_SCRIPT = "import ms from 'ms@2.1.3';\n\nexport function main(): number {\n  return ms('2h');\n}\n";

/** A package no registry has: npm's resolution of it fails with a 404. */
export const missingPackage = () => `runnel-no-such-package-${randomBytes(6).toString('hex')}`;

/** The lock of `ms@2.1.3`, as npm writes it: the package at that exact version. */
export function assertLocksMs(lock: unknown): asserts lock is string {
  assert.equal(typeof lock, 'string');
  assert.match(lock as string, /node_modules\/ms"/);
  assert.match(lock as string, /"version": "2\.1\.3"/);
}

/** An inline Bun step of a flow importing `ms@2.1.3`: its result is `ms(<expr>)`. */
export const msStep = (expr = "'2h'") => ({
  type: 'rawscript',
  language: 'bun',
  content: `import ms from 'ms@2.1.3';\n\nexport function main(): number {\n  return ms(${expr});\n}\n`,
  input_transforms: {},
});
