import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { recordAudit, type Actor } from '../audit/audit-log.js';
import { hashPassword } from '../auth/auth.service.js';
import { MIN_PASSWORD_LENGTH } from '../auth/password.service.js';
import { ErrorCode, RunnelError, badRequest } from '../common/errors.js';
import { assertInstanceAdmin, type InstanceCaller } from './instance-admin.js';

/** What creates a user; the email and username are each unique across the instance. */
export interface NewUser {
  email: string;
  username: string;
  /** Absent: the user cannot sign in with a password until one is set (or they use a token). */
  password?: string;
  instance_admin?: boolean;
}

export const USERNAME = { type: 'string', pattern: '^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,49}$' } as const;
export const EMAIL = { type: 'string', format: 'email', maxLength: 254 } as const;
export const PASSWORD = { type: 'string', minLength: MIN_PASSWORD_LENGTH, maxLength: 1000 } as const;

export const newUserSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['email', 'username'],
  properties: { email: EMAIL, username: USERNAME, password: PASSWORD, instance_admin: { type: 'boolean' } },
} as const;

export interface UserRow {
  id: string;
  email: string;
  username: string;
  instance_admin: boolean;
  created_at: Date;
}

/** UserRow's schema, in the OpenAPI document as `User`. */
export const userSchema = {
  type: 'object',
  required: ['id', 'email', 'username', 'instance_admin', 'created_at'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    email: { type: 'string' },
    username: { type: 'string' },
    instance_admin: { type: 'boolean' },
    created_at: { type: 'string', format: 'date-time' },
  },
} as const;

/**
 * Inserts a user inside `tx`; 409 naming the taken email or username. Shared by an instance admin's
 * create and an accepted invitation.
 */
export async function insertUser(tx: EntityManager, input: NewUser): Promise<string> {
  const id = randomUUID();
  const hash = input.password ? await hashPassword(input.password) : null;
  const taken: { email: string; username: string }[] = await tx.query(
    'SELECT email, username FROM app_user WHERE lower(email) = lower($1) OR lower(username) = lower($2)',
    [input.email, input.username],
  );
  if (taken[0]) {
    const which =
      taken[0].email.toLowerCase() === input.email.toLowerCase()
        ? `email "${input.email}"`
        : `username "${input.username}"`;
    throw new RunnelError(ErrorCode.Conflict, `a user with the ${which} exists already`);
  }
  await tx.query(
    'INSERT INTO app_user (id, email, username, password_hash, instance_admin) VALUES ($1, $2, $3, $4, $5)',
    [id, input.email, input.username, hash, input.instance_admin ?? false],
  );
  return id;
}

/** The instance's users: created by an instance admin; everyone may read themselves. */
@Injectable()
export class UsersService {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  async create(caller: InstanceCaller, actor: Actor, input: NewUser): Promise<UserRow> {
    if (input.password !== undefined && input.password.length < MIN_PASSWORD_LENGTH) {
      throw badRequest(`password: at least ${MIN_PASSWORD_LENGTH} characters`);
    }
    return this.db.transaction(async (tx) => {
      await assertInstanceAdmin(tx, caller, 'creating a user');
      const id = await insertUser(tx, input);
      await recordAudit(tx, {
        workspace: null,
        actor,
        action: 'users.create',
        path: input.username,
        details: { email: input.email, instance_admin: input.instance_admin ?? false },
      });
      return this.get(id, tx);
    });
  }

  async list(caller: InstanceCaller): Promise<UserRow[]> {
    await assertInstanceAdmin(this.db, caller, 'listing every user');
    return this.db.query('SELECT id, email, username, instance_admin, created_at FROM app_user ORDER BY username');
  }

  async get(id: string, db: Pick<EntityManager, 'query'> = this.db): Promise<UserRow> {
    const rows: UserRow[] = await db.query(
      'SELECT id, email, username, instance_admin, created_at FROM app_user WHERE id = $1',
      [id],
    );
    return rows[0]!;
  }
}
