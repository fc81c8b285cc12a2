import { SetMetadata } from '@nestjs/common';

export const ROLES = ['viewer', 'operator', 'developer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function roleAtLeast(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

export const PUBLIC_KEY = 'runnel:public';
export const ROLE_KEY = 'runnel:role';

/** A route anyone may call without a token (health, version, login). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
/** The least role a caller needs in the route's `:workspace`; viewer when absent. */
export const MinRole = (role: Role) => SetMetadata(ROLE_KEY, role);

/** Who is calling, set on the request by the auth guard. */
export interface Caller {
  userId: string;
  username: string;
  /** Set on workspace routes: the workspace and the caller's role in it. */
  workspace?: string;
  role?: Role;
  /** The token the call came with: its id, expiry, the one workspace it is limited to, its scopes. */
  tokenId?: string;
  tokenExpiresAt?: Date | null;
  tokenWorkspace?: string | null;
  scopes?: string[] | null;
}
