import { encodeArgs, pathInUrl } from '$lib/scripts/links';

/** The flow's page, optionally prefilled with `args` (what "Re-run" links to). */
export function flowPageUrl(path: string, args?: Record<string, unknown>): string {
  return `/flows/get/${pathInUrl(path)}${args ? `?args=${encodeArgs(args)}` : ''}`;
}

/** The page that is only the flow's form, for the people who use it. */
export function flowFormUrl(path: string): string {
  return `/forms/flow/${pathInUrl(path)}`;
}

/** One version of a flow, by its hash (what its History's "Open" links to). */
export function flowVersionUrl(path: string, hash: string): string {
  return `/flows/version/${encodeURIComponent(hash)}/${pathInUrl(path)}`;
}
