import type { JobInput, PreparedJob } from '../types.js';

export const BASH = '/usr/bin/bash';

/**
 * A pooled Bash sandbox (`bash -c` this): reads the go message (NUL-terminated items: the number
 * n of environment entries, n NAME=VALUE entries, then the positional arguments), exports the
 * entries, and runs /job/main.sh in this same shell, as `bash /job/main.sh args…` would: positional
 * arguments and `$0` set, its own variables gone (none is exported, so children never saw them),
 * the script sourced as a command of its own (not in an `&&` list, where `set -e` would not hold).
 * No second exec of bash: each exec costs the loader's start again. What a script can tell apart:
 * `$-` holds `c`, and a `return` outside a function ends the script rather than failing.
 */
export const BASH_POOL_SCRIPT = [
  "mapfile -d '' -t a || exit",
  'n=${a[0]}',
  'for ((i = 1; i <= n; i++)); do export "${a[i]}" || exit; done',
  'set -- "${a[@]:n+1}"',
  'unset a n i BASH_EXECUTION_STRING',
  'BASH_ARGV0=/job/main.sh',
  'source /job/main.sh',
].join('\n');

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
