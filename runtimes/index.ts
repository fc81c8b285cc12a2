import { parseBashSignature } from './bash/signature.js';
import { bashArgument, bashPoolCommand, prepareBash } from './bash/prepare.js';
import { prepareBun } from './bun/prepare.js';
import { prepareDeno } from './deno/prepare.js';
import { parsePythonSignature } from './python3/signature.js';
import { preparePython } from './python3/prepare.js';
import { parseNativeSignature } from './nativets/signature.js';
import { parseTypeScriptSignature } from './typescript/signature.js';
import type { JobInput, Language, MainSignature, PooledSandbox, PreparedJob, ResourceLimit } from './types.js';

export * from './types.js';
export * from './schema-overrides.js';
export { parseBashSignature, parseNativeSignature, parsePythonSignature, parseTypeScriptSignature };

const parsers: Record<Language, (content: string) => MainSignature> = {
  bun: parseTypeScriptSignature,
  deno: parseTypeScriptSignature,
  python3: parsePythonSignature,
  bash: parseBashSignature,
  nativets: parseNativeSignature,
};

const preparers: Record<Language, (input: JobInput, limits: ResourceLimit[]) => PreparedJob> = {
  bun: prepareBun,
  deno: prepareDeno,
  python3: preparePython,
  bash: prepareBash,
  nativets: () => {
    throw new Error("nativets jobs run in the server's isolate, never in a worker's sandbox (docs/adr/0048)");
  },
};

/** Infers the JSON Schema of a script's `main`. Throws SignatureError with a line on bad input. */
export function inferSignature(language: Language, content: string): MainSignature {
  return parsers[language](content);
}

/**
 * Lays out the files and command to run one job of `language` inside a sandbox, under `limits`
 * (which the command sets on itself; default none).
 */
export function prepareJob(language: Language, input: JobInput, limits: ResourceLimit[] = []): PreparedJob {
  return preparers[language](input, limits);
}

/** The pre-started form of a `language` sandbox (the warm pool), under `limits`; see PooledSandbox. */
export function preparePooled(language: Language, limits: ResourceLimit[] = []): PooledSandbox {
  const { files, command, binds, env } = prepareJob(language, { content: '', args: {}, argOrder: [] }, limits);
  const wrapperOnly = Object.fromEntries(Object.entries(files).filter(([name]) => name.startsWith('wrapper.')));
  switch (language) {
    case 'bash':
      return { files: wrapperOnly, command: bashPoolCommand(limits), binds, env };
    case 'python3':
      return { files: wrapperOnly, command: [...command, '--pool'], binds, env };
    case 'bun':
    case 'deno': {
      const { RUNNEL_ARG_ORDER: _order, ...rest } = env;
      return { files: wrapperOnly, command, binds, env: { ...rest, RUNNEL_POOL: '1' } };
    }
    case 'nativets':
      throw new Error('nativets jobs have no sandbox to pool');
  }
}

/**
 * What a pooled sandbox reads on stdin to run one job: that job's own environment variables
 * (`env`) and what the cold command would have carried (Bash's positional arguments, the
 * TypeScript argument order, Python's dependencies folder). Nothing else of the job, and nothing
 * of any other.
 */
export function goMessage(language: Language, input: JobInput, env: Record<string, string>): string {
  if (language === 'bash') {
    const entries = Object.entries(env).map(([name, value]) => `${name}=${value}`);
    const args = input.argOrder.map((name) => bashArgument(input.args[name]));
    return [String(entries.length), ...entries, ...args].map((item) => `${item}\0`).join('');
  }
  // Python's wrapper adds `deps` to sys.path; the sandbox must have been started with it bound.
  return JSON.stringify({ env, argOrder: input.argOrder, ...(input.deps ? { deps: input.deps } : {}) });
}

export { DEDICATED_LANGUAGES, dedicatedRequest, prepareDedicated } from './dedicated.js';
