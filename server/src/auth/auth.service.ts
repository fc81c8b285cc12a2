import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Subscription } from '@nats-io/nats-core';
import { argon2id, argon2Verify } from 'hash-wasm';
import { DataSource, type EntityManager } from 'typeorm';
import { NATS } from '../nats/nats-token.js';
import type { Nats } from '../nats/nats.js';
import { recordAudit } from '../audit/audit-log.js';
import { unauthorized } from '../common/errors.js';
import { LoginThrottle } from './login-throttle.js';
import type { Role } from './roles.js';

export const DEFAULT_WORKSPACE = 'main';
const ADMIN_USERNAME = 'admin';
const ADMIN_EMAIL = 'admin@runnel.local';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * argon2id, in WebAssembly (a native build was not portable across machines), with OWASP's
 * recommended cost: 19 MiB, 2 iterations, 1 lane.
 */
export function hashPassword(password: string): Promise<string> {
  return argon2id({
    password,
    salt: randomBytes(16),
    parallelism: 1,
    iterations: 2,
    memorySize: 19 * 1024,
    hashLength: 32,
    outputType: 'encoded',
  });
}

/**
 * API tokens are random (256 bits), so a fast hash is enough; passwords are not, so they get
 * argon2id. `rn_` lets secret scanners recognise one.
 */
export function newToken(): string {
  return `rn_${randomBytes(32).toString('base64url')}`;
}

/**
 * What of a token is kept in clear, to tell tokens apart in a list: its first 4 characters, and
 * nothing of a token shorter than 32 characters (a bootstrap token may be short, and Windmill's
 * 10 characters would be much or all of it). A token is deleted by its id, not by this.
 */
export function storedPrefix(token: string): string | null {
  return token.length >= 32 ? token.slice(0, 4) : null;
}

export interface TokenRow {
  id: string;
  user_id: string;
  username: string;
  /** The one workspace the token is limited to, if any. */
  workspace_id: string | null;
  /** `run:script/<path>`, `run:flow/<path>` (see token-scopes.ts); null: the user's full rights. */
  scopes: string[] | null;
  expires_at: Date | null;
  expired: boolean;
  /** With a workspace asked about: whether it exists, and the user's role in it (null: not a member). */
  workspace_exists?: boolean;
  role?: Role | null;
}

/** What a token is limited to; absent: nothing. */
export interface TokenLimits {
  workspaceId?: string | null;
  expiresAt?: Date | null;
  scopes?: string[] | null;
}

export interface BootstrapOutcome {
  createdAdmin: boolean;
  /** Set when the admin was created with neither a bootstrap token nor a password: shown once. */
  password?: string;
}

/** What a first start is given for the admin; see ServerConfig. */
export interface BootstrapSecrets {
  token?: string;
  password?: string;
}

/** How long a token's row is trusted without asking PostgreSQL again; see forgetTokens(). */
const TOKEN_CACHE_MS = 10_000;
const TOKEN_CACHE_ENTRIES = 10_000;

@Injectable()
export class AuthService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Auth');
  /**
   * Tokens found lately, by hash and workspace asked about: every API call authenticates, and
   * this spares it a statement. Unknown tokens are not kept, so a new token works at once.
   */
  private readonly tokens = new Map<string, { row: TokenRow; until: number }>();
  private sub: Subscription | undefined;

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(NATS) private readonly nats: Nats,
    @Inject(LoginThrottle) private readonly throttle: LoginThrottle,
  ) {}

  private get forgetSubject(): string {
    return this.nats.names.authForgetSubject;
  }

  onModuleInit(): void {
    this.sub = this.nats.nc.subscribe(this.forgetSubject, { callback: () => this.tokens.clear() });
  }

  onApplicationShutdown(): void {
    this.sub?.unsubscribe();
  }

  /**
   * Call after deleting a token or changing who may do what: every replica stops trusting
   * what it remembered. A replica cut off from NATS trusts it for TOKEN_CACHE_MS at most.
   */
  forgetTokens(): void {
    this.tokens.clear();
    this.nats.nc.publish(this.forgetSubject);
  }

  /**
   * The token's user and, in the same round trip, their role in `workspace` when one is given.
   * Expired tokens are returned with `expired` so the caller can say so. `last_used_at` is
   * written at most once a minute per token, so a busy webhook does not write on every call.
   */
  async authenticate(token: string, workspace?: string): Promise<TokenRow | null> {
    const hash = hashToken(token);
    const key = `${hash}/${workspace ?? ''}`;
    const now = Date.now();
    const known = this.tokens.get(key);
    if (known && known.until > now) {
      const { expires_at } = known.row;
      return { ...known.row, expired: expires_at !== null && new Date(expires_at).getTime() <= now };
    }
    const row = await this.lookUp(hash, workspace);
    if (row) {
      if (this.tokens.size >= TOKEN_CACHE_ENTRIES) this.tokens.clear();
      this.tokens.set(key, { row, until: now + TOKEN_CACHE_MS });
    } else {
      this.tokens.delete(key);
    }
    return row;
  }

  /**
   * Whether this is a token of this instance, expired or not; read-only (not a use of the token).
   * Asked before a request that carries one is stored as a job's arguments.
   */
  async isKnownToken(token: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query('SELECT 1 FROM api_token WHERE token_hash = $1', [hashToken(token)]);
    return rows.length > 0;
  }

  private async lookUp(hash: string, workspace: string | undefined): Promise<TokenRow | null> {
    const rows: TokenRow[] = await this.db.query(
      `WITH used AS (
         UPDATE api_token SET last_used_at = now()
         WHERE token_hash = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')
           AND (expires_at IS NULL OR expires_at > now())
       )
       SELECT t.id, t.user_id, u.username, t.workspace_id, t.scopes, t.expires_at,
              coalesce(t.expires_at <= now(), false) AS expired,
              EXISTS (SELECT 1 FROM workspace WHERE id = $2) AS workspace_exists,
              (SELECT role FROM workspace_member WHERE workspace_id = $2 AND user_id = t.user_id) AS role
       FROM api_token t JOIN app_user u ON u.id = t.user_id
       WHERE t.token_hash = $1`,
      [hash, workspace ?? null],
    );
    return rows[0] ?? null;
  }

  /** The path of a script version, for a token limited to one path that runs by hash. */
  async scriptPathOfHash(workspace: string, hash: string): Promise<string | undefined> {
    const rows: { path: string }[] = await this.db.query(
      'SELECT path FROM script WHERE workspace_id = $1 AND hash = $2',
      [workspace, hash],
    );
    return rows[0]?.path;
  }

  /** `ip`: the client's address, for the throttle (login-throttle.ts). */
  async login(login: string, password: string, ip: string): Promise<string> {
    return this.createToken(await this.checkPassword(login, password, ip), 'login');
  }

  /**
   * The id of the user this login and password belong to; 401 when they don't, 429 when throttled.
   * Each outcome is an instance-level audit entry with the client address: `auth.sign_in`, or
   * `auth.sign_in_failed` naming the login tried (never the password).
   */
  async checkPassword(login: string, password: string, ip: string): Promise<string> {
    const rows: { id: string; username: string; password_hash: string | null }[] = await this.db.query(
      'SELECT id, username, password_hash FROM app_user WHERE email = $1 OR username = $1',
      [login],
    );
    const user = rows[0];
    // By user, so a username and an email of one account share a count; unknown logins by name.
    const account = user?.id ?? `unknown:${login.toLowerCase()}`;
    const actor = { userId: user?.id ?? null, username: user?.username ?? login.slice(0, 200), from: ip };
    const failed = (reason: string) =>
      recordAudit(this.db, { workspace: null, actor, action: 'auth.sign_in_failed', details: { reason } });
    try {
      this.throttle.attempt(account, ip);
    } catch (err) {
      await failed('throttled');
      throw err;
    }
    if (!user?.password_hash || !(await argon2Verify({ password, hash: user.password_hash }))) {
      await failed(user ? 'wrong password' : 'unknown login');
      throw unauthorized('wrong username or password');
    }
    this.throttle.succeeded(account, ip);
    await recordAudit(this.db, { workspace: null, actor, action: 'auth.sign_in', details: { method: 'password' } });
    return user.id;
  }

  /** Deletes a token (a browser session's, at sign-out); every replica forgets it. */
  async revokeToken(token: string): Promise<void> {
    await this.db.query('DELETE FROM api_token WHERE token_hash = $1', [hashToken(token)]);
    this.forgetTokens();
  }

  /**
   * Stores a new token (made here unless given) and returns it: the only time it is seen in clear.
   * `db`: the caller's transaction, when the token goes with an audit entry.
   */
  async createToken(
    userId: string,
    label: string,
    limits: TokenLimits = {},
    value = newToken(),
    db: Pick<EntityManager, 'query'> = this.db,
  ): Promise<string> {
    await db.query(
      `INSERT INTO api_token (id, token_hash, token_prefix, label, user_id, workspace_id, expires_at, scopes)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        randomUUID(),
        hashToken(value),
        storedPrefix(value),
        label,
        userId,
        limits.workspaceId ?? null,
        limits.expiresAt ?? null,
        limits.scopes ?? null,
      ],
    );
    return value;
  }

  /**
   * Makes a fresh installation usable: the `main` workspace and an admin. With a bootstrap
   * token, the admin gets exactly that token (so CI and scripts need no UI); a bootstrap
   * password becomes the new admin's password; with neither, a random password is made and
   * returned once. An existing admin's password is never changed.
   */
  async bootstrap({ token: bootstrapToken, password }: BootstrapSecrets): Promise<BootstrapOutcome> {
    return this.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(727002)');
      await tx.query(`INSERT INTO workspace (id, name) VALUES ($1, 'Main') ON CONFLICT DO NOTHING`, [
        DEFAULT_WORKSPACE,
      ]);
      const existing: { id: string }[] = await tx.query('SELECT id FROM app_user WHERE username = $1', [
        ADMIN_USERNAME,
      ]);
      let adminId = existing[0]?.id;
      const outcome: BootstrapOutcome = { createdAdmin: !adminId };
      if (!adminId) {
        adminId = randomUUID();
        if (!bootstrapToken && !password) outcome.password = randomBytes(12).toString('base64url');
        const chosen = password ?? outcome.password;
        const hash = chosen ? await hashPassword(chosen) : null;
        // The first user is the instance admin: the one who can create the others (docs/adr/0039).
        await tx.query(
          'INSERT INTO app_user (id, email, username, password_hash, instance_admin) VALUES ($1, $2, $3, $4, true)',
          [adminId, ADMIN_EMAIL, ADMIN_USERNAME, hash],
        );
        await tx.query(`INSERT INTO workspace_member (workspace_id, user_id, role) VALUES ($1, $2, 'admin')`, [
          DEFAULT_WORKSPACE,
          adminId,
        ]);
        this.logger.log(`created admin user "${ADMIN_USERNAME}" in workspace "${DEFAULT_WORKSPACE}"`);
      }
      if (bootstrapToken) {
        await tx.query(
          `INSERT INTO api_token (id, token_hash, token_prefix, label, user_id) VALUES ($1, $2, $3, 'bootstrap', $4)
           ON CONFLICT (token_hash) DO UPDATE SET token_prefix = EXCLUDED.token_prefix
           WHERE api_token.token_prefix IS NULL`,
          [randomUUID(), hashToken(bootstrapToken), storedPrefix(bootstrapToken), adminId],
        );
      }
      return outcome;
    });
  }
}
