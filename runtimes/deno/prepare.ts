import { resolveNpmBinary, typescriptJobFiles } from '../typescript/job.js';
import { withPrlimit } from '../limits.js';
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

/** A TypeScript job run by Deno, with every permission: the sandbox, not Deno, is the boundary. */
export function prepareDeno(input: JobInput, limits: ResourceLimit[] = []): PreparedJob {
  const deno = resolveDenoBinary();
  return {
    files: typescriptJobFiles(input),
    command: withPrlimit(limits, [DENO_IN_SANDBOX, 'run', '--allow-all', '--no-prompt', '/job/wrapper.mjs']),
    binds: [{ source: deno, target: DENO_IN_SANDBOX }],
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
