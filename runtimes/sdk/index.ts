import { fileURLToPath } from 'node:url';
import type { Bind } from '../types.js';

/**
 * The in-sandbox SDK (README "The SDK", docs/architecture.md): plain source files, shipped beside
 * this file's source (compiled code runs from dist/sdk/), bound read-only into every TypeScript
 * and Python sandbox, warm ones included; nothing is installed and no registry is asked.
 */

/** The npm names the TypeScript SDK answers to: one folder each in sdk/typescript. */
export const SDK_NPM_PACKAGES: ReadonlySet<string> = new Set(['runnel', 'windmill-client']);
/** The Python modules of the SDK: one package each in sdk/python. */
export const SDK_PYTHON_MODULES: ReadonlySet<string> = new Set(['runnel', 'wmill']);

/**
 * The TypeScript packages, bound as the sandbox's /node_modules: Bun and Deno look there for a
 * bare specifier after /job/node_modules (the job's locked dependencies, when it has any), so the
 * SDK needs no link in the job folder and coexists with any lock.
 */
export const SDK_TYPESCRIPT_BIND: Bind = {
  source: fileURLToPath(new URL('../../sdk/typescript', import.meta.url)),
  target: '/node_modules',
};

/** The Python packages, bound here and put on PYTHONPATH: after the script's folder, before its locked packages. */
export const SDK_PYTHON_BIND: Bind = {
  source: fileURLToPath(new URL('../../sdk/python', import.meta.url)),
  target: '/opt/runnel/sdk/python',
};
