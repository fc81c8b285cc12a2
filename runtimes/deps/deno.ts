import { mergeRequirements, moduleSpecifiers, parseNpmSpecifier, type NpmSpecifier } from './npm-imports.js';
import { npmInstall, npmLock } from './npm.js';
import { sdkSpecifier } from '../sdk/specifiers.js';
import { DependencyError, type LanguageDeps } from './types.js';

/**
 * The npm package of a Deno `npm:` specifier (`npm:pkg@range/sub`, `npm:/pkg` too); undefined
 * for everything else. `https:` imports are Deno's own remote modules, fetched by Deno at run
 * time as before (ADR 0035 "Bun and Deno"); `jsr:` ones cannot be locked here and are refused.
 * The SDK (`npm:windmill-client@1`, `runnel`) is no dependency: every sandbox has it.
 */
function denoPackage(specifier: string): NpmSpecifier | undefined {
  if (sdkSpecifier(specifier) !== undefined) return undefined;
  const scheme = specifier.slice(0, 'npm:'.length);
  if (scheme !== 'npm:' && scheme !== 'jsr:') return undefined;
  // `npm:/pkg` is the same as `npm:pkg`.
  const npm = parseNpmSpecifier(specifier.slice(scheme.length).replace(/^\//, ''));
  if (scheme === 'jsr:') {
    throw new DependencyError(
      `${specifier}: jsr: imports are not supported (dependencies are locked at deploy from the npm registry, and jsr.io is not one); import the package from npm with an npm: specifier`,
      npm?.name,
    );
  }
  if (!npm) throw new DependencyError(`${specifier}: not an npm package name (npm:name@range/path)`);
  return npm;
}

export const denoDeps: LanguageDeps = {
  infer: (code) => mergeRequirements(moduleSpecifiers(code).flatMap(({ text }) => denoPackage(text) ?? [])),
  lock: npmLock,
  install: npmInstall,
};
