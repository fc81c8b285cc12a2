import { resolveNpmBinary, typescriptJobFiles } from '../typescript/job.js';
import { withPrlimit } from '../limits.js';
import { SDK_TYPESCRIPT_BIND } from '../sdk/index.js';
import { withSdkSpecifiers } from '../sdk/specifiers.js';
import type { JobInput, PreparedJob, ResourceLimit } from '../types.js';

let denoBinary: string | undefined;
/** Where the binary is bound inside the sandbox. */
const DENO_IN_SANDBOX = '/opt/runnel/bin/deno';

export function resolveDenoBinary(): string {
  denoBinary ??= resolveNpmBinary('Deno', [
    ['@deno/linux-x64-glibc', 'deno'],
    ['deno', 'deno'],
  ]);
  return denoBinary;
}

/**
 * A TypeScript job run by Deno, with every permission: the sandbox, not Deno, is the boundary.
 * npm: imports come only from the job's installed lock (RUNNEL_DEPS, linked in by the wrapper):
 * `--node-modules-dir=manual` makes Deno read node_modules, check each import's range against
 * the installed version, and never fetch a package at run time. The SDK is bound at
 * /node_modules, and its imports are made bare so that whatever version a script names, it is the one.
 */
export function prepareDeno(input: JobInput, limits: ResourceLimit[] = []): PreparedJob {
  const deno = resolveDenoBinary();
  return {
    files: typescriptJobFiles({ ...input, content: withSdkSpecifiers(input.content) }),
    command: withPrlimit(limits, [
      DENO_IN_SANDBOX,
      'run',
      '--allow-all',
      '--no-prompt',
      '--node-modules-dir=manual',
      '/job/wrapper.mjs',
    ]),
    binds: [{ source: deno, target: DENO_IN_SANDBOX }, SDK_TYPESCRIPT_BIND],
    env: {
      HOME: '/tmp',
      // The module and transpile cache; the root is read-only and nothing outlives the job.
      DENO_DIR: '/tmp/deno',
      DENO_NO_UPDATE_CHECK: '1',
      RUNNEL_ARG_ORDER: JSON.stringify(input.argOrder),
      ...(input.deps ? { RUNNEL_DEPS: input.deps } : {}),
    },
    resultMode: 'file',
  };
}
