/**
 * Where to go after signing in: the `next` parameter when it is a path of this app, else home.
 * Anything else (`//evil.example`, `https://…`) would make the sign-in page an open redirect.
 */
export function nextPage(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  return next;
}
