import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { badRequest } from '../common/errors.js';

/** What the audit log can be filtered by; every field is optional. */
export interface AuditFilter {
  /** Entries at or after this instant. */
  after?: Date;
  /** Entries before this instant. */
  before?: Date;
  username?: string;
  /** An exact action (`variables.reveal`), or an area with a trailing dot (`variables.`). */
  action?: string;
  /** Entries whose path starts with this. */
  path?: string;
  page: number;
  perPage: number;
}

export interface AuditRow {
  id: string;
  workspace_id: string | null;
  at: Date;
  username: string;
  action: string;
  path: string | null;
  from_address: string | null;
  details: Record<string, unknown>;
}

/** AuditRow's schema, in the OpenAPI document as `AuditEntry`. */
export const auditEntrySchema = {
  type: 'object',
  required: ['id', 'workspace_id', 'at', 'username', 'action', 'path', 'from_address', 'details'],
  properties: {
    id: { type: 'string' },
    workspace_id: { type: ['string', 'null'], description: 'null for an instance-level entry.' },
    at: { type: 'string', format: 'date-time' },
    username: { type: 'string', description: 'Who; for a failed sign-in, the login that was tried.' },
    action: { type: 'string', description: '`<area>.<verb>`, e.g. `variables.reveal`, `auth.sign_in_failed`.' },
    path: { type: ['string', 'null'] },
    from_address: { type: ['string', 'null'], description: 'The client address of the request.' },
    details: { type: 'object' },
  },
} as const;

/** The query parameters of the list, as text; see parseAuditFilter. */
export type AuditQuery = Partial<Record<'after' | 'before' | 'username' | 'action' | 'path', string>> & {
  page?: number;
  per_page?: number;
};

function instant(raw: string | undefined, name: string): Date | undefined {
  if (raw === undefined || raw === '') return undefined;
  const date = new Date(raw);
  if (Number.isNaN(date.getTime())) throw badRequest(`${name} must be a date-time such as 2026-01-31T12:00:00Z`);
  return date;
}

/** The filter of REST's query or GraphQL's arguments; 400 naming a bad date. */
export function parseAuditFilter(q: AuditQuery): AuditFilter {
  const blank = (s: string | undefined) => (s === '' ? undefined : s);
  return {
    after: instant(q.after, 'after'),
    before: instant(q.before, 'before'),
    username: blank(q.username),
    action: blank(q.action),
    path: blank(q.path),
    page: q.page ?? 1,
    perPage: q.per_page ?? 100,
  };
}

/** Reading the audit log; writing is recordAudit (audit-log.ts), in each change's transaction. */
@Injectable()
export class AuditService {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  /** A workspace's entries, or the instance's (`workspace` null), newest first. */
  list(workspace: string | null, f: AuditFilter): Promise<AuditRow[]> {
    const action = f.action?.endsWith('.') ? { prefix: f.action } : { exact: f.action };
    return this.db.query(
      `SELECT id::text, workspace_id, at, username, action, path, from_address, details FROM audit_log
       WHERE workspace_id IS NOT DISTINCT FROM $1
         AND ($2::timestamptz IS NULL OR at >= $2) AND ($3::timestamptz IS NULL OR at < $3)
         AND ($4::text IS NULL OR username = $4)
         AND ($5::text IS NULL OR action = $5) AND ($6::text IS NULL OR starts_with(action, $6))
         AND ($7::text IS NULL OR starts_with(path, $7))
       ORDER BY at DESC, id DESC LIMIT $8 OFFSET $9`,
      [
        workspace,
        f.after ?? null,
        f.before ?? null,
        f.username ?? null,
        action.exact ?? null,
        action.prefix ?? null,
        f.path ?? null,
        f.perPage,
        (f.page - 1) * f.perPage,
      ],
    );
  }
}
