import type { EntityManager } from 'typeorm';

/** Who did something, and from which address (the request's client, as Fastify sees it). */
export interface Actor {
  userId: string;
  username: string;
  from: string | undefined;
}

/** Someone who may not be a user: a failed sign-in names the login tried, with no user id. */
export type AuditActor = Omit<Actor, 'userId'> & { userId: string | null };

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
    `INSERT INTO audit_log (workspace_id, user_id, username, action, path, from_address, details)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      entry.workspace,
      entry.actor.userId,
      entry.actor.username,
      entry.action,
      entry.path ?? null,
      entry.actor.from ?? null,
      entry.details ?? {},
    ],
  );
}
