import type { LanguageDeps } from './types.js';

/** Placeholder until the deno implementation lands (issue 13): infers nothing, so nothing is locked. */
export const denoDeps: LanguageDeps = {
  infer: () => [],
  lock: () => Promise.reject(new Error('deno dependencies are not implemented yet')),
  install: () => Promise.reject(new Error('deno dependencies are not implemented yet')),
};
