import type { JobInput, PreparedJob, ResourceLimit } from '../types.js';

export const BASH = '/usr/bin/bash';

/** Bash's `ulimit` option for each resource, and the bytes it counts in (1 = unscaled). */
const ULIMIT: Record<ResourceLimit['resource'], { option: string; unit: number }> = {
  CPU: { option: '-t', unit: 1 },
  FSIZE: { option: '-f', unit: 1024 },
  CORE: { option: '-c', unit: 1024 },
  AS: { option: '-v', unit: 1024 },
  DATA: { option: '-d', unit: 1024 },
  NPROC: { option: '-u', unit: 1 },
};

/**
 * Lines that set `limits` on the shell, and so on the script and everything it starts; the shell
 * exits if one can't be set. Soft limits first: a hard limit below the current soft one is refused.
 */
function ulimitLines(limits: ResourceLimit[]): string[] {
  if (limits.length === 0) return [];
  const options = (which: 'soft' | 'hard'): string =>
    limits
      .map((limit) => `${ULIMIT[limit.resource].option} ${Math.floor(limit[which] / ULIMIT[limit.resource].unit)}`)
      .join(' ');
  return [`ulimit -S ${options('soft')} || exit`, `ulimit -H ${options('hard')} || exit`];
}

/**
 * The cold command (`bash -c` this, `$0` /job/main.sh, then the positional arguments): sets the
 * limits, then runs the script in the same shell, as `bash /job/main.sh args…` would. Not
 * `bash /job/main.sh` itself: the limits need a shell of their own first, and a second exec of
 * bash costs the loader's start again. A warm sandbox runs the script the same way.
 */
function bashColdScript(limits: ResourceLimit[]): string {
  return [...ulimitLines(limits), 'unset BASH_EXECUTION_STRING', 'source /job/main.sh'].join('\n');
}

/**
 * A pooled Bash sandbox (`bash -c` this): sets the limits, reads the go message (NUL-terminated
 * items: the number n of environment entries, n NAME=VALUE entries, then the positional
 * arguments), exports the entries, and runs /job/main.sh in this same shell, as the cold command
 * does: positional arguments and `$0` set, its own variables gone (none is exported, so children
 * never saw them), the script sourced as a command of its own (not in an `&&` list, where
 * `set -e` would not hold). What a script can tell from `bash /job/main.sh`: `$-` holds `c`, and
 * a `return` outside a function ends the script rather than failing.
 */
export function bashPoolCommand(limits: ResourceLimit[]): string[] {
  const script = [
    ...ulimitLines(limits),
    "mapfile -d '' -t a || exit",
    'n=${a[0]}',
    'for ((i = 1; i <= n; i++)); do export "${a[i]}" || exit; done',
    'set -- "${a[@]:n+1}"',
    'unset a n i BASH_EXECUTION_STRING',
    'BASH_ARGV0=/job/main.sh',
    'source /job/main.sh',
  ];
  return [BASH, '-c', script.join('\n')];
}

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
export function prepareBash(input: JobInput, limits: ResourceLimit[] = []): PreparedJob {
  const args = input.argOrder.map((name) => bashArgument(input.args[name]));
  return {
    files: { 'main.sh': input.content, 'args.json': JSON.stringify(input.args) },
    command: [BASH, '-c', bashColdScript(limits), '/job/main.sh', ...args],
    binds: [],
    env: { HOME: '/tmp' },
    resultMode: 'bash',
  };
}
