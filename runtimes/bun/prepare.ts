import { resolveNpmBinary, typescriptJobFiles } from '../typescript/job.js';
import { withBareSpecifiers } from '../deps/bun.js';
import { withPrlimit } from '../limits.js';
import { SDK_TYPESCRIPT_BIND } from '../sdk/index.js';
import { withSdkSpecifiers } from '../sdk/specifiers.js';
import type { JobInput, PreparedJob, ResourceLimit } from '../types.js';

let bunBinary: string | undefined;
/** Where the binary is bound inside the sandbox. */
const BUN_IN_SANDBOX = '/opt/runnel/bin/bun';

export function resolveBunBinary(): string {
  bunBinary ??= resolveNpmBinary('Bun', [
    ['@oven/bun-linux-x64', 'bin', 'bun'],
    ['bun', 'bin', 'bun.exe'],
  ]);
  return bunBinary;
}

/**
 * A TypeScript job run by Bun: the wrapper imports main.ts and calls `main` positionally. With
 * dependencies, the wrapper links them in (RUNNEL_DEPS) and main.ts imports them by bare name.
 * The SDK is bound at /node_modules and imported by bare name too.
 */
export function prepareBun(input: JobInput, limits: ResourceLimit[] = []): PreparedJob {
  const bun = resolveBunBinary();
  const content = withSdkSpecifiers(input.deps ? withBareSpecifiers(input.content) : input.content);
  return {
    files: typescriptJobFiles({ ...input, content }),
    // --no-install: never fetch packages at run time (dependencies are locked at deploy).
    // --no-env-file: a stray .env in the job folder must not change the environment.
    command: withPrlimit(limits, [BUN_IN_SANDBOX, '--no-install', '--no-env-file', '/job/wrapper.mjs']),
    binds: [{ source: bun, target: BUN_IN_SANDBOX }, SDK_TYPESCRIPT_BIND],
    env: {
      HOME: '/tmp',
      BUN_INSTALL_CACHE_DIR: '/tmp/bun-install-cache',
      // Bun caches transpiled files under $XDG_CACHE_HOME or ~/.bun otherwise; nothing outlives the job.
      BUN_RUNTIME_TRANSPILER_CACHE_PATH: '0',
      DO_NOT_TRACK: '1',
      RUNNEL_ARG_ORDER: JSON.stringify(input.argOrder),
      ...(input.deps ? { RUNNEL_DEPS: input.deps } : {}),
    },
    resultMode: 'file',
  };
}
