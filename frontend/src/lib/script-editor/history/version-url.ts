import { encodeArgs } from '$lib/scripts/links';

/**
 * The page of one version of a script, with its form: "Run this version" links here, so a run of
 * an older version is a URL that can be shared (optionally prefilled with `args`).
 */
export function versionPageUrl(hash: string, args?: Record<string, unknown>): string {
  return `/scripts/version/${encodeURIComponent(hash)}${args ? `?args=${encodeArgs(args)}` : ''}`;
}
