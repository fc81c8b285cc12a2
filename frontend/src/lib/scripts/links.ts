/**
 * Args in a link: `?args=` holds them as base64url JSON (UTF-8), so "Re-run" and shared links open
 * a form prefilled. Base64url, not plain JSON, keeps the link one opaque, copyable token.
 */
export function encodeArgs(args: Record<string, unknown>): string {
  const bytes = new TextEncoder().encode(JSON.stringify(args));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The args a link carries, or null when it carries none or they are not a base64url JSON object. */
export function decodeArgs(param: string | null): Record<string, unknown> | null {
  if (!param) return null;
  try {
    const binary = atob(param.replace(/-/g, '+').replace(/_/g, '/'));
    const value: unknown = JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))));
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** A script's path as it goes in an app URL: each segment encoded, the slashes kept. */
export function pathInUrl(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

/** The script's page, optionally prefilled with `args` (what "Re-run" links to). */
export function scriptPageUrl(path: string, args?: Record<string, unknown>): string {
  return `/scripts/get/${pathInUrl(path)}${args ? `?args=${encodeArgs(args)}` : ''}`;
}

/** The page that is only the script's form, for the people who use it. */
export function formPageUrl(path: string): string {
  return `/forms/script/${pathInUrl(path)}`;
}

/**
 * The form page anyone may use while the script's form is public. It names the workspace (a
 * visitor has no session to choose one) and lives outside /forms, so the member's form page keeps
 * asking for sign-in.
 */
export function publicFormUrl(workspace: string, path: string): string {
  return `/public/${encodeURIComponent(workspace)}/forms/script/${pathInUrl(path)}`;
}
