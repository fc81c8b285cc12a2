import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { JobInput, PreparedJob } from '../types.js';

const PLATFORM_PACKAGE = '@deno/linux-x64-glibc';
const SHIM_PACKAGE = 'deno';

let denoBinary: string | undefined;
let wrapper: string | undefined;

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
 * The real Deno executable. npm installs it in the platform package @deno/linux-x64-glibc; when install
 * scripts run, the `deno` package's postinstall moves or links it into `deno` itself. Either
 * way the `deno` bin shim is not used: without the postinstall it is only a placeholder.
 */
export function resolveDenoBinary(): string {
  if (denoBinary) return denoBinary;
  const require = createRequire(import.meta.url);
  const candidates: string[] = [];
  for (const [pkg, ...path] of [
    [PLATFORM_PACKAGE, 'deno'],
    [SHIM_PACKAGE, 'deno'],
  ] as const) {
    try {
      candidates.push(join(dirname(require.resolve(`${pkg}/package.json`)), ...path));
    } catch {
      // Not installed; the other package may have it.
    }
  }
  denoBinary = candidates.find(isElfExecutable);
  if (!denoBinary) {
    throw new Error(
      `Deno is not installed: no executable in the npm package ${PLATFORM_PACKAGE} or ${SHIM_PACKAGE}` +
        (candidates.length ? ` (looked at ${candidates.join(', ')})` : ''),
    );
  }
  return denoBinary;
}

/** The wrapper ships as source next to this file's source; compiled code runs from dist/deno/. */
function wrapperSource(): string {
  wrapper ??= readFileSync(new URL('../../deno/wrapper.mjs', import.meta.url), 'utf8');
  return wrapper;
}

/** A TypeScript job run by Deno, with every permission: the sandbox, not Deno, is the boundary. */
export function prepareDeno(input: JobInput): PreparedJob {
  const deno = resolveDenoBinary();
  return {
    files: {
      'main.ts': input.content,
      'wrapper.mjs': wrapperSource(),
      'args.json': JSON.stringify(input.args),
    },
    command: [deno, 'run', '--allow-all', '--no-prompt', '/job/wrapper.mjs'],
    binds: [dirname(deno)],
    env: {
      HOME: '/tmp',
      // The module and transpile cache; the root is read-only and nothing outlives the job.
      DENO_DIR: '/tmp/deno',
      DENO_NO_UPDATE_CHECK: '1',
      RUNNEL_ARG_ORDER: JSON.stringify(input.argOrder),
    },
    resultMode: 'file',
  };
}
