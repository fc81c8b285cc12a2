import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { recordAudit, type Actor } from '../audit/audit-log.js';
import { AuthService, hashToken, newToken } from '../auth/auth.service.js';
import type { Role } from '../auth/roles.js';
import { ErrorCode, RunnelError, notFound } from '../common/errors.js';
import { joinWorkspace, ROLE } from './members.service.js';
import { EMAIL, PASSWORD, USERNAME, insertUser } from './users.service.js';

/** How long an invitation may wait to be accepted. */
export const INVITE_TTL_DAYS = 7;

export const inviteSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['email', 'role'],
  properties: { email: EMAIL, role: ROLE },
} as const;

export const acceptInviteSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['token', 'username', 'password'],
  properties: { token: { type: 'string', minLength: 1, maxLength: 200 }, username: USERNAME, password: PASSWORD },
} as const;

export interface Invitation {
  email: string;
  role: Role;
  /** Shown once: whoever holds it may create the account. */
  token: string;
  expires_at: Date;
}

export const invitationSchema = {
  type: 'object',
  required: ['email', 'role', 'token', 'expires_at'],
  properties: {
    email: { type: 'string' },
    role: ROLE,
    token: { type: 'string', description: 'Shown once; the app links to `/invite?token=<token>`.' },
    expires_at: { type: 'string', format: 'date-time' },
  },
} as const;

/**
 * Invitations for an email that has no account yet: a one-time token, stored hashed, that creates
 * the user with the username and password they choose and makes them a member (docs/adr/0039).
 * Runnel sends no email: the admin hands the link over.
 */
@Injectable()
export class InvitesService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(AuthService) private readonly auth: AuthService,
  ) {}

  /** A new invitation, replacing an earlier one for the same email; 409 when the email has an account. */
  async invite(workspace: string, actor: Actor, email: string, role: Role): Promise<Invitation> {
    const token = newToken();
    const expires = new Date(Date.now() + INVITE_TTL_DAYS * 24 * 3600 * 1000);
    await this.db.transaction(async (tx) => {
      const users: { username: string }[] = await tx.query(
        'SELECT username FROM app_user WHERE lower(email) = lower($1)',
        [email],
      );
      if (users[0]) {
        throw new RunnelError(
          ErrorCode.Conflict,
          `"${email}" has an account already (username "${users[0].username}"): add them with users/add`,
        );
      }
      await tx.query(
        `INSERT INTO workspace_invite (id, workspace_id, email, role, token_hash, invited_by, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (workspace_id, email) DO UPDATE
           SET role = EXCLUDED.role, token_hash = EXCLUDED.token_hash, invited_by = EXCLUDED.invited_by,
               created_at = now(), expires_at = EXCLUDED.expires_at`,
        [randomUUID(), workspace, email, role, hashToken(token), actor.userId, expires],
      );
      await recordAudit(tx, { workspace, actor, action: 'members.invite', path: email, details: { role } });
    });
    return { email, role, token, expires_at: expires };
  }

  /** Creates the invited user and their membership; the invitation is spent. 404 for an unknown or expired one. */
  async accept(input: { token: string; username: string; password: string }, from: string) {
    const result = await this.db.transaction(async (tx) => {
      // TypeORM answers a DELETE with [rows, count].
      const [rows]: [{ id: string; workspace_id: string; email: string; role: Role }[], number] = await tx.query(
        `DELETE FROM workspace_invite WHERE token_hash = $1 AND expires_at > now()
         RETURNING id, workspace_id, email, role`,
        [hashToken(input.token)],
      );
      const invite = rows[0];
      if (!invite) throw notFound('this invitation is unknown, used or expired: ask a workspace admin for a new one');
      const userId = await insertUser(tx, { email: invite.email, username: input.username, password: input.password });
      const actor = { userId, username: input.username, from };
      await joinWorkspace(tx, invite.workspace_id, userId, invite.role, actor, 'members.join', input.username);
      await recordAudit(tx, {
        workspace: null,
        actor,
        action: 'users.create',
        path: input.username,
        details: { invited: true },
      });
      return { username: input.username, workspace_id: invite.workspace_id, role: invite.role };
    });
    this.auth.forgetTokens();
    return result;
  }
}
