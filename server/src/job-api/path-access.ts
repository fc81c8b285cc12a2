import type { EntityManager } from 'typeorm';
import type { PathAccess } from '../auth/path-access.js';
import { roleAtLeast, type Role } from '../auth/roles.js';
import { forbidden } from '../common/errors.js';
import type { JobCaller } from './job-caller.js';

/** `run`: start the script or flow at the path (as REST's run routes: operators and up). */
export type AccessMode = 'read' | 'write' | 'run';

const LEAST_ROLE: Record<AccessMode, Role> = { read: 'viewer', run: 'operator', write: 'developer' };

/**
 * Throws unless the job's user may `mode` the `what` (e.g. `variable`) at `path`: as in REST, the
 * folder permissions (auth/path-access.ts) answer 404 for a path the user may not read and 403
 * for one they may only read, and the member's role caps the rest (viewers read, operators also
 * run, developers and admins also write).
 */
export async function assertJobAccess(
  db: EntityManager,
  paths: PathAccess,
  job: JobCaller,
  path: string,
  mode: AccessMode,
  what: string,
): Promise<void> {
  const [member]: { role: Role }[] = await db.query(
    'SELECT role FROM workspace_member WHERE workspace_id = $1 AND user_id = $2',
    [job.workspace, job.userId],
  );
  const username = job.actor.username;
  if (!member) throw forbidden(`the job's user (${username}) is no longer a member of workspace "${job.workspace}"`);
  const access = await paths.of({ workspace: job.workspace, userId: job.userId, username, role: member.role });
  access.assert(path, mode === 'write' ? 'write' : 'read', what);
  if (!roleAtLeast(member.role, LEAST_ROLE[mode])) {
    throw forbidden(`the job's user (${username}) may not ${mode} ${what} "${path}": they are ${member.role}`);
  }
}
