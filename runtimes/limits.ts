import type { ResourceLimit } from './types.js';

const PRLIMIT = '/usr/bin/prlimit';

/**
 * `command` run under `limits` by prlimit, which sets them and then becomes the command (an
 * exec, not another process): for runtimes that can't set their own limits (Bun, Deno).
 */
export function withPrlimit(limits: ResourceLimit[], command: string[]): string[] {
  if (limits.length === 0) return command;
  const options = limits.map(({ resource, soft, hard }) => `--${resource.toLowerCase()}=${soft}:${hard}`);
  return [PRLIMIT, ...options, '--', ...command];
}
