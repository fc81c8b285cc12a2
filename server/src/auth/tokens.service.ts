import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { badRequest, forbidden, notFound } from '../common/errors.js';
import { AuthService, TOKEN_PREFIX_LENGTH, hashToken, newToken } from './auth.service.js';
import type { Caller } from './roles.js';
import { parseScopes } from './token-scopes.js';

export interface NewToken {
  label?: string;
  /** ISO 8601 date-time; absent: the token never expires. */
  expiration?: string | null;
  scopes?: string[] | null;
  workspace_id?: string | null;
}

/** A token as listed: never the token itself, which is shown once at creation. */
export interface TruncatedToken {
  token_prefix: string | null;
  label: string;
  expiration: Date | null;
  created_at: Date;
  last_used_at: Date | null;
  scopes: string[] | null;
  workspace_id: string | null;
}

/** The response schema of a TruncatedToken, in the OpenAPI document as `TruncatedToken`. */
export const truncatedTokenSchema = {
  type: 'object',
  required: ['token_prefix', 'label', 'expiration', 'created_at', 'last_used_at', 'scopes', 'workspace_id'],
  properties: {
    token_prefix: { type: ['string', 'null'], description: 'The first 10 characters; what delete takes.' },
    label: { type: 'string' },
    expiration: { type: ['string', 'null'], format: 'date-time' },
    created_at: { type: 'string', format: 'date-time' },
    last_used_at: { type: ['string', 'null'], format: 'date-time' },
    scopes: { type: ['array', 'null'], items: { type: 'string' } },
    workspace_id: { type: ['string', 'null'] },
  },
} as const;

/** Windmill-shaped token management (`/api/users/tokens/*`): each user manages their own tokens. */
@Injectable()
export class TokensService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(AuthService) private readonly auth: AuthService,
  ) {}

  /** Creates a token for the caller and returns it in plain text, the only time it is shown. */
  async create(caller: Caller, input: NewToken): Promise<string> {
    let expires: Date | null = null;
    if (input.expiration != null) {
      expires = new Date(input.expiration);
      if (Number.isNaN(expires.getTime())) throw badRequest('expiration must be an ISO 8601 date-time');
      if (expires.getTime() <= Date.now()) throw badRequest('expiration must be in the future');
    }
    const scopes = input.scopes?.length ? input.scopes : null;
    if (scopes) parseScopes(scopes);
    // A token limited to a workspace can only make tokens limited to that workspace.
    const workspace = input.workspace_id ?? caller.tokenWorkspace ?? null;
    if (caller.tokenWorkspace && workspace !== caller.tokenWorkspace) {
      throw forbidden(`this token is limited to workspace "${caller.tokenWorkspace}"; so are the tokens it creates`);
    }
    if (workspace) {
      const member: unknown[] = await this.db.query(
        'SELECT 1 FROM workspace_member WHERE workspace_id = $1 AND user_id = $2',
        [workspace, caller.userId],
      );
      if (!member.length) throw badRequest(`workspace_id: you are not a member of a workspace "${workspace}"`);
    }
    const token = newToken();
    await this.db.query(
      `INSERT INTO api_token (id, token_hash, token_prefix, label, user_id, workspace_id, expires_at, scopes)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        randomUUID(),
        hashToken(token),
        token.slice(0, TOKEN_PREFIX_LENGTH),
        input.label ?? '',
        caller.userId,
        workspace,
        expires,
        scopes,
      ],
    );
    return token;
  }

  /** The caller's tokens, newest first, expired ones included (marked by `expiration`). */
  list(userId: string): Promise<TruncatedToken[]> {
    return this.db.query(
      `SELECT token_prefix, label, expires_at AS expiration, created_at, last_used_at, scopes, workspace_id
       FROM api_token WHERE user_id = $1 ORDER BY created_at DESC, id`,
      [userId],
    );
  }

  /** Deletes the caller's token(s) with this prefix; another user's token is not found. */
  async delete(userId: string, prefix: string): Promise<void> {
    // TypeORM answers a DELETE with [rows, affected count].
    const [, count]: [unknown, number] = await this.db.query(
      'DELETE FROM api_token WHERE user_id = $1 AND token_prefix = $2',
      [userId, prefix],
    );
    if (!count) throw notFound(`you have no token whose prefix is "${prefix}"`);
    this.auth.forgetTokens();
  }
}
