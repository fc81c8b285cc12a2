/** The workspace roles, least to most; the server's list (auth/roles.ts) in the same order. */
export const ROLES = ['viewer', 'operator', 'developer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** What each role may do, in a few words, for the pickers. */
export const ROLE_HINTS: Record<Role, string> = {
  viewer: 'reads scripts, flows and runs',
  operator: 'also runs and cancels',
  developer: 'also deploys and edits',
  admin: 'also manages members and reads the audit log',
};
