import type { Draft } from './draft';
import { PYTHON } from './languages';

/** Where a new script starts: Python's template and nothing else filled in. */
export function newScript(): Draft {
  return {
    path: '',
    summary: '',
    description: '',
    language: PYTHON.value,
    tag: '',
    timeout: '',
    content: PYTHON.template,
    overrides: {},
    dedicated: false,
  };
}
