import type { JobInput, PreparedJob } from '../types.js';

export const BASH = '/usr/bin/bash';

/** How one argument reaches `$1…`: strings as they are, null or missing as '', others as JSON. */
export function bashArgument(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}

/**
 * A Bash job needs no wrapper: arguments are positional in declared order, and the result is
 * result.json if the script wrote one, else its last non-empty stdout line.
 */
export function prepareBash(input: JobInput): PreparedJob {
  return {
    files: { 'main.sh': input.content, 'args.json': JSON.stringify(input.args) },
    command: [BASH, '/job/main.sh', ...input.argOrder.map((name) => bashArgument(input.args[name]))],
    binds: [],
    env: { HOME: '/tmp' },
    resultMode: 'bash',
  };
}
