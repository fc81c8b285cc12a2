import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { JobInput, PreparedJob } from '../types.js';

const PLATFORM_PACKAGE = '@oven/bun-linux-x64';
const SHIM_PACKAGE = 'bun';

let bunBinary: string | undefined;
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
 * The real Bun executable. npm installs it in the platform package @oven/bun-linux-x64; when install
 * scripts run, the `bun` package's postinstall moves or links it into `bun` itself. Either
 * way the `bun` bin shim is not used: without the postinstall it is only a placeholder.
 */
export function resolveBunBinary(): string {
  if (bunBinary) return bunBinary;
  const require = createRequire(import.meta.url);
  const candidates: string[] = [];
  for (const [pkg, ...path] of [
    [PLATFORM_PACKAGE, 'bin', 'bun'],
    [SHIM_PACKAGE, 'bin', 'bun.exe'],
  ] as const) {
    try {
      candidates.push(join(dirname(require.resolve(`${pkg}/package.json`)), ...path));
    } catch {
      // Not installed; the other package may have it.
    }
  }
  bunBinary = candidates.find(isElfExecutable);
  if (!bunBinary) {
    throw new Error(
      `Bun is not installed: no executable in the npm package ${PLATFORM_PACKAGE} or ${SHIM_PACKAGE}` +
        (candidates.length ? ` (looked at ${candidates.join(', ')})` : ''),
    );
  }
  return bunBinary;
}

/** The wrapper ships as source next to this file's source; compiled code runs from dist/bun/. */
function wrapperSource(): string {
  wrapper ??= readFileSync(new URL('../../bun/wrapper.mjs', import.meta.url), 'utf8');
  return wrapper;
}

/** A TypeScript job run by Bun: the wrapper imports main.ts and calls `main` positionally. */
export function prepareBun(input: JobInput): PreparedJob {
  const bun = resolveBunBinary();
  return {
    files: {
      'main.ts': input.content,
      'wrapper.mjs': wrapperSource(),
      'args.json': JSON.stringify(input.args),
    },
    // --no-install: never fetch packages at run time (dependencies are locked at deploy).
    // --no-env-file: a stray .env in the job folder must not change the environment.
    command: [bun, '--no-install', '--no-env-file', '/job/wrapper.mjs'],
    binds: [dirname(bun)],
    env: {
      HOME: '/tmp',
      BUN_INSTALL_CACHE_DIR: '/tmp/bun-install-cache',
      // Bun caches transpiled files under $XDG_CACHE_HOME or ~/.bun otherwise; nothing outlives the job.
      BUN_RUNTIME_TRANSPILER_CACHE_PATH: '0',
      DO_NOT_TRACK: '1',
      RUNNEL_ARG_ORDER: JSON.stringify(input.argOrder),
    },
    resultMode: 'file',
  };
}
