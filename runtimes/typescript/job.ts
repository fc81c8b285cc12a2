import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { JobInput } from '../types.js';

function isElfExecutable(path: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const magic = Buffer.alloc(4);
    return readSync(fd, magic, 0, 4, 0) === 4 && magic.toString('latin1') === '\x7fELF';
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * The real executable of an interpreter shipped on npm (Bun, Deno). npm installs it in a
 * platform package; when install scripts run, the umbrella package's postinstall moves or
 * links it into itself. Either way its bin shim is not used: without the postinstall it is
 * only a placeholder. `candidates` are [package, ...path inside it].
 */
export function resolveNpmBinary(label: string, candidates: (readonly string[])[]): string {
  const require = createRequire(import.meta.url);
  const paths: string[] = [];
  for (const [pkg, ...path] of candidates) {
    try {
      paths.push(join(dirname(require.resolve(`${pkg}/package.json`)), ...path));
    } catch {
      // Not installed; another package may have it.
    }
  }
  const found = paths.find(isElfExecutable);
  if (!found) {
    throw new Error(
      `${label} is not installed: no executable in the npm package ${candidates.map(([pkg]) => pkg).join(' or ')}` +
        (paths.length ? ` (looked at ${paths.join(', ')})` : ''),
    );
  }
  return found;
}

let wrapper: string | undefined;

/** The job folder of a TypeScript job: the script, the shared wrapper (read once) and the arguments. */
export function typescriptJobFiles(input: JobInput): Record<string, string> {
  // The wrapper ships as source beside this file's source; compiled code runs from dist/typescript/.
  wrapper ??= readFileSync(new URL('../../typescript/wrapper.mjs', import.meta.url), 'utf8');
  return { 'main.ts': input.content, 'wrapper.mjs': wrapper, 'args.json': JSON.stringify(input.args) };
}
