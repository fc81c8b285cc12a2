import { Inject, Injectable } from '@nestjs/common';
import { withAudit, type Actor } from '../audit/audit-log.js';
import { DataSource } from 'typeorm';
import { SERVER_CONFIG, type ServerConfig } from '../common/config.js';
import { ErrorCode, RunnelError, badRequest, forbidden, notFound } from '../common/errors.js';
import { AuthService, hashToken, newToken } from './auth.service.js';
import type { Caller } from './roles.js';
import { parseScopes } from './token-scopes.js';

export interface NewToken {
  label?: string;
  /** ISO 8601 date-time; absent: never, or when the token creating it expires. */
  expiration?: string | null;
  scopes?: string[] | null;
  workspace_id?: string | null;
}

/** A token as listed: never the token itself, which is shown once at creation. */
export interface TruncatedToken {
  id: string;
  token_prefix: string | null;
  label: string;
  expiration: Date | null;
  created_at: Date;
  last_used_at: Date | null;
  scopes: string[] | null;
  workspace_id: string | null;
  bootstrap: boolean;
}

/** The response schema of a TruncatedToken, in the OpenAPI document as `TruncatedToken`. */
export const truncatedTokenSchema = {
  type: 'object',
  required: [
    'id',
    'token_prefix',
    'label',
    'expiration',
    'created_at',
    'last_used_at',
    'scopes',
    'workspace_id',
    'bootstrap',
  ],
  properties: {
    id: { type: 'string', format: 'uuid', description: 'Not secret; what delete takes.' },
    token_prefix: {
      type: ['string', 'null'],
      description: 'The first 4 characters; null for a token shorter than 32 characters.',
    },
    label: { type: 'string' },
    expiration: { type: ['string', 'null'], format: 'date-time' },
    created_at: { type: 'string', format: 'date-time' },
    last_used_at: { type: ['string', 'null'], format: 'date-time' },
    scopes: { type: ['array', 'null'], items: { type: 'string' } },
    workspace_id: { type: ['string', 'null'] },
    bootstrap: {
      type: 'boolean',
      description:
        'The token of RUNNEL_BOOTSTRAP_TOKEN, which the server makes again at every start: it cannot be deleted ' +
        'while the server is configured with it.',
    },
  },
} as const;

/** Windmill-shaped token management (`/api/users/tokens/*`): each user manages their own tokens. */
@Injectable()
export class TokensService {
  /** The hash of RUNNEL_BOOTSTRAP_TOKEN, when the server is configured with one. */
  private readonly bootstrapHash: string | null;

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(AuthService) private readonly auth: AuthService,
    @Inject(SERVER_CONFIG) config: ServerConfig,
  ) {
    this.bootstrapHash = config.bootstrapToken ? hashToken(config.bootstrapToken) : null;
  }

  /**
   * Creates a token for the caller and returns it in plain text, the only time it is shown. A
   * token that expires makes only tokens that expire no later than itself (by default, when it does).
   */
  async create(caller: Caller, actor: Actor, input: NewToken): Promise<string> {
    const ceiling = caller.tokenExpiresAt ?? null;
    let expires: Date | null = ceiling;
    if (input.expiration != null) {
      expires = new Date(input.expiration);
      if (Number.isNaN(expires.getTime())) throw badRequest('expiration must be an ISO 8601 date-time');
      if (expires.getTime() <= Date.now()) throw badRequest('expiration must be in the future');
      if (ceiling && expires > ceiling) {
        throw badRequest(
          `expiration must be no later than ${ceiling.toISOString()}, when the token you are using expires`,
        );
      }
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
    const limits = { workspaceId: workspace, expiresAt: expires, scopes };
    const entry = { workspace, actor, action: 'tokens.create', details: { label: input.label ?? '', scopes } };
    return withAudit(this.db, entry, (tx) =>
      this.auth.createToken(caller.userId, input.label ?? '', limits, newToken(), tx),
    );
  }

  /**
   * The caller's tokens, newest first, expired ones included (marked by `expiration`). The bootstrap
   * token is marked by its hash, not its label: anyone may label a token `bootstrap`.
   */
  list(userId: string): Promise<TruncatedToken[]> {
    return this.db.query(
      `SELECT id, token_prefix, label, expires_at AS expiration, created_at, last_used_at, scopes, workspace_id,
              coalesce(token_hash = $2, false) AS bootstrap
       FROM api_token WHERE user_id = $1 ORDER BY created_at DESC, id`,
      [userId, this.bootstrapHash],
    );
  }

  /**
   * Deletes one of the caller's tokens, by id or (as in Windmill) by prefix while that is unique;
   * another user's token is not found. The bootstrap token is refused: the next start would make it
   * again, so deleting it would not last, and until then an admin created without a password (the
   * bootstrap token alone) would be locked out. Unsetting RUNNEL_BOOTSTRAP_TOKEN makes it deletable.
   */
  async delete(actor: Actor, idOrPrefix: string): Promise<void> {
    const userId = actor.userId;
    const found: { id: string; token_hash: string; label: string; workspace_id: string | null }[] = await this.db.query(
      'SELECT id, token_hash, label, workspace_id FROM api_token WHERE user_id = $1 AND (id::text = $2 OR token_prefix = $2)',
      [userId, idOrPrefix],
    );
    if (!found.length) {
      throw notFound(`you have no token whose id or prefix is "${idOrPrefix}"; GET /api/users/tokens/list shows ids`);
    }
    if (found.length > 1) {
      throw new RunnelError(
        ErrorCode.Conflict,
        `${found.length} of your tokens have the prefix "${idOrPrefix}"; delete one by its id (GET /api/users/tokens/list)`,
      );
    }
    if (found[0]!.token_hash === this.bootstrapHash) {
      throw new RunnelError(
        ErrorCode.Conflict,
        'this is the bootstrap token (RUNNEL_BOOTSTRAP_TOKEN), which the server makes again at every start; ' +
          'to revoke it, unset RUNNEL_BOOTSTRAP_TOKEN, restart the server, then delete it',
      );
    }
    const { id, label, workspace_id } = found[0]!;
    const entry = { workspace: workspace_id, actor, action: 'tokens.delete', details: { id, label } };
    await withAudit(this.db, entry, (tx) => tx.query('DELETE FROM api_token WHERE id = $1', [id]));
    this.auth.forgetTokens();
  }
}
