import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { recordAudit, type Actor } from '../audit/audit-log.js';
import { AuthService } from '../auth/auth.service.js';
import { ROLES, type Role } from '../auth/roles.js';
import { ErrorCode, RunnelError, notFound } from '../common/errors.js';
import { assertInstanceAdmin, type InstanceCaller } from '../users/instance-admin.js';

/** The workspace table's own rule for an id (init migration). */
export const WORKSPACE_ID = { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]{0,49}$' } as const;
export const WORKSPACE_NAME = { type: 'string', minLength: 1, maxLength: 200 } as const;

export const newWorkspaceSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'name'],
  properties: { id: WORKSPACE_ID, name: WORKSPACE_NAME },
} as const;

export const renameWorkspaceSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['new_name'],
  properties: { new_name: WORKSPACE_NAME },
} as const;

export interface WorkspaceRow {
  id: string;
  name: string;
  created_at: Date;
  /** The caller's role; null for an instance admin looking at a workspace they are not in. */
  role: Role | null;
}

/** WorkspaceRow's schema, in the OpenAPI document as `Workspace`. */
export const workspaceSchema = {
  type: 'object',
  required: ['id', 'name', 'created_at', 'role'],
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    created_at: { type: 'string', format: 'date-time' },
    role: { type: ['string', 'null'], enum: [...ROLES, null], description: "The caller's role; null: not a member." },
  },
} as const;

const SELECT = `SELECT w.id, w.name, w.created_at, m.role FROM workspace w
  LEFT JOIN workspace_member m ON m.workspace_id = w.id AND m.user_id = $1`;

/** Workspaces: an instance admin creates them (and becomes their first admin); their admins rename them. */
@Injectable()
export class WorkspacesService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(AuthService) private readonly auth: AuthService,
  ) {}

  async create(caller: InstanceCaller, actor: Actor, input: { id: string; name: string }): Promise<WorkspaceRow> {
    const row = await this.db.transaction(async (tx) => {
      await assertInstanceAdmin(tx, caller, 'creating a workspace');
      const inserted: unknown[] = await tx.query(
        'INSERT INTO workspace (id, name) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING id',
        [input.id, input.name],
      );
      if (!inserted.length) throw new RunnelError(ErrorCode.Conflict, `workspace "${input.id}" exists already`);
      await tx.query(`INSERT INTO workspace_member (workspace_id, user_id, role) VALUES ($1, $2, 'admin')`, [
        input.id,
        actor.userId,
      ]);
      await recordAudit(tx, { workspace: null, actor, action: 'workspaces.create', path: input.id, details: input });
      const rows: WorkspaceRow[] = await tx.query(`${SELECT} WHERE w.id = $2`, [actor.userId, input.id]);
      return rows[0]!;
    });
    // The creator's role is new: a cached "not a member" must not outlive it.
    this.auth.forgetTokens();
    return row;
  }

  /** Every workspace, with the caller's role in each; for an instance admin. */
  async listAll(caller: InstanceCaller): Promise<WorkspaceRow[]> {
    await assertInstanceAdmin(this.db, caller, 'listing every workspace');
    return this.db.query(`${SELECT} ORDER BY w.id`, [caller.userId]);
  }

  async get(userId: string, workspace: string): Promise<WorkspaceRow> {
    const rows: WorkspaceRow[] = await this.db.query(`${SELECT} WHERE w.id = $2`, [userId, workspace]);
    if (!rows[0]) throw notFound(`workspace "${workspace}" not found`);
    return rows[0];
  }

  async rename(actor: Actor, workspace: string, name: string): Promise<WorkspaceRow> {
    await this.db.transaction(async (tx) => {
      const [before]: { name: string }[] = await tx.query('SELECT name FROM workspace WHERE id = $1 FOR UPDATE', [
        workspace,
      ]);
      await tx.query('UPDATE workspace SET name = $2 WHERE id = $1', [workspace, name]);
      await recordAudit(tx, {
        workspace,
        actor,
        action: 'workspaces.update',
        path: workspace,
        details: { name: { from: before?.name, to: name } },
      });
    });
    return this.get(actor.userId, workspace);
  }
}
