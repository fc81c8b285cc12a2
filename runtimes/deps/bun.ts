import type { LanguageDeps } from './types.js';

/** Placeholder until the bun implementation lands (issue 13): infers nothing, so nothing is locked. */
export const bunDeps: LanguageDeps = {
  infer: () => [],
  lock: () => Promise.reject(new Error('bun dependencies are not implemented yet')),
  install: () => Promise.reject(new Error('bun dependencies are not implemented yet')),
};
