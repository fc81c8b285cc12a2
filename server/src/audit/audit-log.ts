import type { EntityManager } from 'typeorm';

/** Who did something, and from which address (the request's client, as Fastify sees it). */
export interface Actor {
  userId: string;
  username: string;
  from: string | undefined;
}

export interface AuditEntry {
  workspace: string;
  actor: Actor;
  /** `<area>.<verb>`, e.g. `variables.reveal`. */
  action: string;
  path?: string;
  /** Never a secret's value. */
  details?: Record<string, unknown>;
}

/** Appends to `audit_log` inside the caller's transaction, so a change and its entry stand or fall together. */
export async function recordAudit(db: EntityManager, entry: AuditEntry): Promise<void> {
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
