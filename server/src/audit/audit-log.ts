import type { DataSource, EntityManager } from 'typeorm';
import { prepared } from '../database/prepared.js';

/** Who did something, and from which address (the request's client, as Fastify sees it). */
export interface Actor {
  userId: string;
  username: string;
  from: string | undefined;
}

/**
 * Who the audit log names: a user (`username` absent: read from `app_user` in the same statement,
 * for work that knows only the id, such as a schedule's tick), or for a failed sign-in the login
 * tried, with no user id.
 */
export type AuditActor = (Omit<Actor, 'username'> & { username?: string }) | (Omit<Actor, 'userId'> & { userId: null });

export interface AuditEntry {
  /** null: an instance-level entry (sign-ins, users, workspaces created); see docs/adr/0039. */
  workspace: string | null;
  actor: AuditActor;
  /** `<area>.<verb>`, e.g. `variables.reveal`. */
  action: string;
  path?: string;
  /** Never a secret's value nor a password. */
  details?: Record<string, unknown>;
}

/** The caller of a REST request, as the audit log names it. */
export const actorOfRequest = (req: { caller?: { userId: string; username: string }; ip: string }): Actor => ({
  userId: req.caller!.userId,
  username: req.caller!.username,
  from: req.ip,
});

/**
 * Appends to `audit_log` inside the caller's transaction, so a change and its entry stand or fall
 * together. `db` may be the DataSource's manager for entries that go with no change (a failed sign-in).
 */
export async function recordAudit(db: Pick<EntityManager, 'query'>, entry: AuditEntry): Promise<void> {
  await db.query(
    prepared(`INSERT INTO audit_log (workspace_id, user_id, username, action, path, from_address, details)
     VALUES ($1, $2, coalesce($3, (SELECT username FROM app_user WHERE id = $2)), $4, $5, $6, $7)`),
    [
      entry.workspace,
      entry.actor.userId,
      entry.actor.username ?? null,
      entry.action,
      entry.path ?? null,
      entry.actor.from ?? null,
      entry.details ?? {},
    ],
  );
}

/** Runs `change`, then records `entry`, in one transaction: the shape of most audited changes. */
export function withAudit<T>(db: DataSource, entry: AuditEntry, change: (tx: EntityManager) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    const result = await change(tx);
    await recordAudit(tx, entry);
    return result;
  });
}
