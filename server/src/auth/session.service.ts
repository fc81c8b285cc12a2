import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { recordAudit } from '../audit/audit-log.js';
import { SERVER_CONFIG, type ServerConfig } from '../common/config.js';
import { unauthorized } from '../common/errors.js';
import { AuthService } from './auth.service.js';
import { ROLES, type Role } from './roles.js';

/** How a person signs in to the app: a login and password, or an API token they hold. */
export type Credentials = { login: string; password: string } | { token: string };

export interface Session {
  token: string;
  user_id: string;
  username: string;
  expires_at: Date;
  /** How long the session lasts from sign-in, in seconds: the cookie's Max-Age. */
  max_age_s: number;
}

export interface WorkspaceOfUser {
  id: string;
  name: string;
  role: Role;
}

/** WorkspaceOfUser's schema, in the OpenAPI document as `UserWorkspace`. */
export const workspaceOfUserSchema = {
  type: 'object',
  required: ['id', 'name', 'role'],
  properties: { id: { type: 'string' }, name: { type: 'string' }, role: { type: 'string', enum: [...ROLES] } },
} as const;

/** Browser sessions (docs/adr/0019-browser-session.md) and what the app shows about the user. */
@Injectable()
export class SessionService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(AuthService) private readonly auth: AuthService,
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
  ) {}

  /**
   * A new session token for whoever the credentials belong to. One signed in with a token gets
   * no more than that token allows (its workspace, scopes and expiry), and signing out deletes only
   * the session, never the token the person typed in. A session lasts RUNNEL_SESSION_TTL_HOURS.
   */
  async signIn(credentials: Credentials, ip: string): Promise<Session> {
    const now = Date.now();
    let expires = new Date(now + this.config.sessionTtlS * 1000);
    let userId: string;
    let limits: { workspaceId?: string | null; scopes?: string[] | null } = {};
    if ('token' in credentials) {
      const found = await this.auth.authenticate(credentials.token);
      if (!found || found.expired) {
        const actor = { userId: found?.user_id ?? null, username: found?.username ?? '(api token)', from: ip };
        const reason = found ? 'expired token' : 'invalid token';
        await recordAudit(this.db, { workspace: null, actor, action: 'auth.sign_in_failed', details: { reason } });
        throw unauthorized(
          found ? `this API token expired at ${found.expires_at!.toISOString()}` : 'this API token is not valid',
        );
      }
      userId = found.user_id;
      const actor = { userId, username: found.username, from: ip };
      await recordAudit(this.db, { workspace: null, actor, action: 'auth.sign_in', details: { method: 'token' } });
      limits = { workspaceId: found.workspace_id, scopes: found.scopes };
      if (found.expires_at && found.expires_at < expires) expires = new Date(found.expires_at);
    } else {
      userId = await this.auth.checkPassword(credentials.login, credentials.password, ip);
    }
    // Each sign-in adds a session; the ones that ended go now, so they don't pile up in the tokens list.
    await this.db.query(`DELETE FROM api_token WHERE user_id = $1 AND label = 'session' AND expires_at <= now()`, [
      userId,
    ]);
    const token = await this.auth.createToken(userId, 'session', { ...limits, expiresAt: expires });
    const rows: { username: string }[] = await this.db.query('SELECT username FROM app_user WHERE id = $1', [userId]);
    const maxAgeS = Math.floor((expires.getTime() - now) / 1000);
    return { token, user_id: userId, username: rows[0]!.username, expires_at: expires, max_age_s: maxAgeS };
  }

  /** The workspaces the user is a member of, with their role; only one for a token limited to it. */
  workspaces(userId: string, onlyWorkspace: string | null | undefined): Promise<WorkspaceOfUser[]> {
    return this.db.query(
      `SELECT w.id, w.name, m.role FROM workspace_member m JOIN workspace w ON w.id = m.workspace_id
       WHERE m.user_id = $1 AND ($2::text IS NULL OR w.id = $2) ORDER BY w.id`,
      [userId, onlyWorkspace ?? null],
    );
  }
}
