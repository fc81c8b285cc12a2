import type { EntityManager } from 'typeorm';
import { roleAtLeast, type Role } from '../auth/roles.js';

/** `run`: start the script or flow at the path (as REST's run routes: operators and up). */
export type AccessMode = 'read' | 'write' | 'run';

const LEAST_ROLE: Record<AccessMode, Role> = { read: 'viewer', run: 'operator', write: 'developer' };

/**
 * Whether `userId` may read or write what is at `path` in `workspace`: the one place the job API
 * asks, so that folder permissions (issue 14) replace this function alone. Today a member's
 * role decides: viewers read, operators also run, developers and admins also write.
 */
export async function canAccess(
  db: EntityManager,
  workspace: string,
  userId: string,
  _path: string,
  mode: AccessMode,
): Promise<boolean> {
  const [member]: { role: Role }[] = await db.query(
    'SELECT role FROM workspace_member WHERE workspace_id = $1 AND user_id = $2',
    [workspace, userId],
  );
  if (!member) return false;
  return roleAtLeast(member.role, LEAST_ROLE[mode]);
}
