import { parseBashSignature } from './bash/signature.js';
import { prepareBash } from './bash/prepare.js';
import { prepareBun } from './bun/prepare.js';
import { prepareDeno } from './deno/prepare.js';
import { parsePythonSignature } from './python3/signature.js';
import { preparePython } from './python3/prepare.js';
import { parseTypeScriptSignature } from './typescript/signature.js';
import type { JobInput, Language, MainSignature, PreparedJob } from './types.js';

export * from './types.js';
export { parseBashSignature, parsePythonSignature, parseTypeScriptSignature };

const parsers: Record<Language, (content: string) => MainSignature> = {
  bun: parseTypeScriptSignature,
  deno: parseTypeScriptSignature,
  python3: parsePythonSignature,
  bash: parseBashSignature,
};

const preparers: Record<Language, (input: JobInput) => PreparedJob> = {
  bun: prepareBun,
  deno: prepareDeno,
  python3: preparePython,
  bash: prepareBash,
};

/** Infers the JSON Schema of a script's `main`. Throws SignatureError with a line on bad input. */
export function inferSignature(language: Language, content: string): MainSignature {
  return parsers[language](content);
}

/** Lays out the files and command to run one job of `language` inside a sandbox. */
export function prepareJob(language: Language, input: JobInput): PreparedJob {
  return preparers[language](input);
}
