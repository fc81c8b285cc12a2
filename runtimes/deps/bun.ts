import { builtinModules } from 'node:module';
import { mergeRequirements, moduleSpecifiers, parseNpmSpecifier, type NpmSpecifier } from './npm-imports.js';
import { npmInstall, npmLock } from './npm.js';
import { sdkSpecifier } from '../sdk/specifiers.js';
import type { LanguageDeps } from './types.js';

/**
 * Modules Bun serves itself. Besides Node's, `bun` and Bun 1.4's own `ws` and `undici`: Bun
 * loads those even when node_modules has the npm package, so installing it would be wasted.
 */
const BUN_BUILTINS = new Set([...builtinModules, 'bun', 'ws', 'undici']);

/**
 * The npm package a Bun specifier names; undefined for built-ins, `node:`/`bun:` modules, paths,
 * URLs and the SDK (`windmill-client`, `runnel`), which every sandbox has.
 */
function bunPackage(specifier: string): NpmSpecifier | undefined {
  if (sdkSpecifier(specifier) !== undefined) return undefined;
  const npm = parseNpmSpecifier(specifier);
  if (!npm) return undefined;
  // `fs/promises` is a built-in too: what counts is the specifier without its version.
  if (BUN_BUILTINS.has(npm.name) || BUN_BUILTINS.has(`${npm.name}${npm.subpath}`)) return undefined;
  return npm;
}

export const bunDeps: LanguageDeps = {
  infer: (code) => mergeRequirements(moduleSpecifiers(code).flatMap(({ text }) => bunPackage(text) ?? [])),
  lock: npmLock,
  install: npmInstall,
};

/**
 * The code with each versioned specifier (`date-fns@^3/locale`) rewritten to its bare form
 * (`date-fns/locale`): the version was settled at deploy, and Bun resolves a specifier with a
 * version only by installing it. Only the specifiers change, so lines and columns of everything
 * else on other lines stay as written.
 */
export function withBareSpecifiers(code: string): string {
  // Most scripts have no versioned specifier: skip the parse unless `name@` appears in quotes.
  if (!/['"`](@[^'"`/\s]+\/)?[^'"`@/\s]+@/.test(code)) return code;
  let rewritten = code;
  for (const { text, start, end } of moduleSpecifiers(code).reverse()) {
    const npm = bunPackage(text);
    if (npm?.range) rewritten = `${rewritten.slice(0, start)}${npm.name}${npm.subpath}${rewritten.slice(end)}`;
  }
  return rewritten;
}
