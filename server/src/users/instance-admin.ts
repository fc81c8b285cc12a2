import type { EntityManager } from 'typeorm';
import { forbidden } from '../common/errors.js';

/** Enough of a caller to tell whether they act for the whole instance. */
export interface InstanceCaller {
  userId: string;
  /** The one workspace the caller's token is limited to, if any. */
  tokenWorkspace?: string | null;
  scopes?: string[] | null;
}

/**
 * 403 unless the caller is an instance admin with a token that is not limited: creating users and
 * workspaces and re-wrapping keys act on the whole instance (docs/adr/0039-users-workspaces-audit.md).
 */
export async function assertInstanceAdmin(db: Pick<EntityManager, 'query'>, caller: InstanceCaller, what: string) {
  if (caller.tokenWorkspace || caller.scopes?.length) {
    throw forbidden(`${what} needs a token that is not limited to a workspace or to running some paths`);
  }
  if (!(await isInstanceAdmin(db, caller.userId))) throw forbidden(`${what} needs an instance admin`);
}

export async function isInstanceAdmin(db: Pick<EntityManager, 'query'>, userId: string): Promise<boolean> {
  const rows: { instance_admin: boolean }[] = await db.query('SELECT instance_admin FROM app_user WHERE id = $1', [
    userId,
  ]);
  return rows[0]?.instance_admin === true;
}
