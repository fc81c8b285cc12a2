import type { LanguageDeps } from './types.js';

/** Placeholder until the python implementation lands (issue 13): infers nothing, so nothing is locked. */
export const pythonDeps: LanguageDeps = {
  infer: () => [],
  lock: () => Promise.reject(new Error('python dependencies are not implemented yet')),
  install: () => Promise.reject(new Error('python dependencies are not implemented yet')),
};
