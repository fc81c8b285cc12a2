import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { recordAudit, type Actor } from '../audit/audit-log.js';
import { AuthService } from '../auth/auth.service.js';
import { ROLES, type Role } from '../auth/roles.js';
import { ErrorCode, RunnelError, notFound } from '../common/errors.js';

export interface MemberRow {
  user_id: string;
  username: string;
  email: string;
  role: Role;
}

/** MemberRow's schema, in the OpenAPI document as `Member`. */
export const memberSchema = {
  type: 'object',
  required: ['user_id', 'username', 'email', 'role'],
  properties: {
    user_id: { type: 'string', format: 'uuid' },
    username: { type: 'string' },
    email: { type: 'string' },
    role: { type: 'string', enum: [...ROLES] },
  },
} as const;

export const ROLE = { type: 'string', enum: [...ROLES] } as const;

export const addMemberSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['user', 'role'],
  properties: {
    user: { type: 'string', minLength: 1, maxLength: 254, description: 'An email or username.' },
    role: ROLE,
  },
} as const;

export const setRoleSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['role'],
  properties: { role: ROLE },
} as const;

const SELECT = `SELECT m.user_id, u.username, u.email, m.role FROM workspace_member m JOIN app_user u ON u.id = m.user_id`;

/** Who is in a workspace and with which role; a workspace always keeps one admin. */
@Injectable()
export class MembersService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(AuthService) private readonly auth: AuthService,
  ) {}

  list(workspace: string): Promise<MemberRow[]> {
    return this.db.query(`${SELECT} WHERE m.workspace_id = $1 ORDER BY u.username`, [workspace]);
  }

  /** Adds an existing user, found by email or username; 404 says to invite an email that has no user. */
  async add(workspace: string, actor: Actor, login: string, role: Role): Promise<MemberRow> {
    const member = await this.db.transaction(async (tx) => {
      const users: { id: string; username: string }[] = await tx.query(
        'SELECT id, username FROM app_user WHERE lower(email) = lower($1) OR lower(username) = lower($1)',
        [login],
      );
      const user = users[0];
      if (!user) {
        throw notFound(
          `no user "${login}": invite an email that has no account with POST /api/w/${workspace}/users/invite`,
        );
      }
      await joinWorkspace(tx, workspace, user.id, role, actor, 'members.add', user.username);
      return this.member(tx, workspace, user.username);
    });
    this.auth.forgetTokens();
    return member;
  }

  /** Changes a member's role; 409 when it would leave the workspace without an admin. */
  async setRole(workspace: string, actor: Actor, username: string, role: Role): Promise<MemberRow> {
    const member = await this.db.transaction(async (tx) => {
      const current = await this.lockedMember(tx, workspace, username);
      if (current.role === 'admin' && role !== 'admin') await this.assertNotLastAdmin(tx, workspace, username);
      await tx.query('UPDATE workspace_member SET role = $3 WHERE workspace_id = $1 AND user_id = $2', [
        workspace,
        current.user_id,
        role,
      ]);
      await recordAudit(tx, {
        workspace,
        actor,
        action: 'members.update',
        path: username,
        details: { role: { from: current.role, to: role } },
      });
      return { ...current, role };
    });
    this.auth.forgetTokens();
    return member;
  }

  /** Removes a member (their tokens stay theirs, but no longer open this workspace); never the last admin. */
  async remove(workspace: string, actor: Actor, username: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const current = await this.lockedMember(tx, workspace, username);
      if (current.role === 'admin') await this.assertNotLastAdmin(tx, workspace, username);
      await tx.query('DELETE FROM workspace_member WHERE workspace_id = $1 AND user_id = $2', [
        workspace,
        current.user_id,
      ]);
      await recordAudit(tx, {
        workspace,
        actor,
        action: 'members.remove',
        path: username,
        details: { role: current.role },
      });
    });
    this.auth.forgetTokens();
  }

  private async member(db: Pick<EntityManager, 'query'>, workspace: string, username: string): Promise<MemberRow> {
    const rows: MemberRow[] = await db.query(`${SELECT} WHERE m.workspace_id = $1 AND u.username = $2`, [
      workspace,
      username,
    ]);
    if (!rows[0]) throw notFound(`"${username}" is not a member of workspace "${workspace}"`);
    return rows[0];
  }

  /**
   * Locks the workspace's admins, then reads the member: two admins demoting each other at once
   * queue here, and the second sees that only one admin is left.
   */
  private async lockedMember(tx: EntityManager, workspace: string, username: string): Promise<MemberRow> {
    await tx.query(`SELECT 1 FROM workspace_member WHERE workspace_id = $1 AND role = 'admin' FOR UPDATE`, [workspace]);
    return this.member(tx, workspace, username);
  }

  private async assertNotLastAdmin(tx: EntityManager, workspace: string, username: string): Promise<void> {
    const [{ admins }]: { admins: number }[] = await tx.query(
      `SELECT count(*)::int AS admins FROM workspace_member WHERE workspace_id = $1 AND role = 'admin'`,
      [workspace],
    );
    if (admins <= 1) {
      throw new RunnelError(
        ErrorCode.Conflict,
        `"${username}" is the last admin of workspace "${workspace}": make another member admin first`,
      );
    }
  }
}

/** Makes a user a member inside `tx` and audits it; 409 when they are one already. */
export async function joinWorkspace(
  tx: EntityManager,
  workspace: string,
  userId: string,
  role: Role,
  actor: Actor,
  action: 'members.add' | 'members.join',
  username: string,
): Promise<void> {
  const inserted: unknown[] = await tx.query(
    `INSERT INTO workspace_member (workspace_id, user_id, role) VALUES ($1, $2, $3)
     ON CONFLICT DO NOTHING RETURNING user_id`,
    [workspace, userId, role],
  );
  if (!inserted.length) {
    throw new RunnelError(ErrorCode.Conflict, `"${username}" is a member of workspace "${workspace}" already`);
  }
  await recordAudit(tx, { workspace, actor, action, path: username, details: { role } });
}
