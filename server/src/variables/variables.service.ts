import type { Access } from '../auth/path-access.js';
import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { recordAudit, type Actor } from '../audit/audit-log.js';
import { ErrorCode, RunnelError, badRequest, forbidden, notFound } from '../common/errors.js';
import { assertScriptPath } from '../scripts/scripts.service.js';
import { SecretKeys } from '../secrets/secret-keys.js';

/** The largest value, in UTF-8 bytes: a variable is a setting or a credential, not a file. */
export const MAX_VALUE_BYTES = 64 * 1024;

/** A row of `variable`; a secret's `value` is NULL and its `secret` is sealed (docs/adr/0036). */
export interface VariableRow {
  id: string;
  workspace_id: string;
  path: string;
  value: string | null;
  secret: Buffer | null;
  is_secret: boolean;
  description: string;
  created_at: Date;
  edited_at: Date;
  created_by_username: string;
  edited_by_username: string;
}

/** What create and update accept; create needs path, value and is_secret. */
export interface VariableInput {
  path?: string;
  value?: string;
  is_secret?: boolean;
  description?: string;
}

/** What create needs. */
export type NewVariable = Required<Pick<VariableInput, 'path' | 'value' | 'is_secret'>> & VariableInput;

/** The response schema of variableView, in the OpenAPI document as `Variable`. */
export const variableViewSchema = {
  type: 'object',
  required: ['workspace_id', 'path', 'value', 'is_secret', 'description'],
  properties: {
    workspace_id: { type: 'string' },
    path: { type: 'string' },
    value: { type: ['string', 'null'], description: 'The value; null for a secret, whose value is never returned.' },
    is_secret: { type: 'boolean' },
    description: { type: 'string' },
    created_by: { type: 'string' },
    created_at: { type: 'string', format: 'date-time' },
    edited_by: { type: 'string' },
    edited_at: { type: 'string', format: 'date-time' },
  },
} as const;

export function variableView(row: VariableRow) {
  return {
    workspace_id: row.workspace_id,
    path: row.path,
    value: row.is_secret ? null : row.value,
    is_secret: row.is_secret,
    description: row.description,
    created_by: row.created_by_username,
    created_at: row.created_at,
    edited_by: row.edited_by_username,
    edited_at: row.edited_at,
  };
}

const SELECT = `SELECT v.*, c.username AS created_by_username, e.username AS edited_by_username
  FROM variable v JOIN app_user c ON c.id = v.created_by JOIN app_user e ON e.id = v.edited_by`;

/**
 * Variables at paths, plain or secret. A secret's plaintext is held only while it is sealed or
 * revealed; every change and every reveal writes an audit entry in the same transaction.
 */
@Injectable()
export class VariablesService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(SecretKeys) private readonly keys: SecretKeys,
  ) {}

  async create(workspace: string, actor: Actor, input: NewVariable) {
    assertScriptPath(input.path);
    assertValueSize(input.value);
    const stored = await this.stored(workspace, input.path, input.value, input.is_secret);
    await this.db.transaction(async (tx) => {
      const inserted: unknown[] = await tx.query(
        `INSERT INTO variable (id, workspace_id, path, value, secret, is_secret, description, created_by, edited_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
         ON CONFLICT (workspace_id, path) DO NOTHING RETURNING id`,
        [
          randomUUID(),
          workspace,
          input.path,
          stored.value,
          stored.secret,
          input.is_secret,
          input.description ?? '',
          actor.userId,
        ],
      );
      if (!inserted.length) throw conflict(input.path);
      await recordAudit(tx, {
        workspace,
        actor,
        action: 'variables.create',
        path: input.path,
        details: { is_secret: input.is_secret },
      });
    });
    return input.path;
  }

  async get(workspace: string, path: string, db: EntityManager = this.db.manager): Promise<VariableRow> {
    const rows: VariableRow[] = await db.query(`${SELECT} WHERE v.workspace_id = $1 AND v.path = $2`, [
      workspace,
      path,
    ]);
    if (!rows[0]) throw notFound(`variable "${path}" not found in workspace "${workspace}"`);
    return rows[0];
  }

  /** The variables the caller may read, one page of them by path. */
  list(access: Access, page: number, perPage: number): Promise<VariableRow[]> {
    const params: unknown[] = [access.workspace, perPage, (page - 1) * perPage];
    const readable = access.where('v.path', params);
    return this.db.query(
      `${SELECT} WHERE v.workspace_id = $1 AND ${readable} ORDER BY v.path LIMIT $2 OFFSET $3`,
      params,
    );
  }

  /** A plain variable's value; a secret's only through reveal. */
  async getValue(workspace: string, path: string): Promise<string> {
    const row = await this.get(workspace, path);
    if (row.is_secret) {
      throw forbidden(
        `variable "${path}" is a secret: its value is not returned; an admin may reveal it with ` +
          `POST /api/w/${workspace}/variables/reveal/${path}, which is audited`,
      );
    }
    return row.value!;
  }

  /**
   * A variable's value in plaintext, and whether it is a secret, for a running job whose user may
   * read it (the job API checks that; also a resource's `$var:` field): it goes to that job's
   * sandbox only, and the job's worker masks it. Never for an API answer.
   */
  async plaintext(workspace: string, path: string): Promise<{ value: string; isSecret: boolean }> {
    const row = await this.get(workspace, path);
    return { value: await this.valueOf(workspace, row), isSecret: row.is_secret };
  }

  /** A secret's plaintext, for an admin who asked for it explicitly; audited. */
  async reveal(workspace: string, actor: Actor, path: string): Promise<string> {
    return this.db.transaction(async (tx) => {
      const row = await this.get(workspace, path, tx);
      if (!row.is_secret) throw badRequest(`variable "${path}" is not a secret: read it with get_value`);
      const value = await this.keys.decrypt(workspace, path, row.secret!);
      await recordAudit(tx, { workspace, actor, action: 'variables.reveal', path });
      return value;
    });
  }

  /**
   * Changes the fields given; `path` renames (a secret is sealed again for its new path). A
   * secret becomes plain only with a new value: making it plain must not be a way to read it.
   */
  async update(workspace: string, actor: Actor, path: string, input: VariableInput): Promise<void> {
    if (input.path !== undefined && input.path !== path) assertScriptPath(input.path);
    if (input.value !== undefined) assertValueSize(input.value);
    await this.db.transaction(async (tx) => {
      const [current]: VariableRow[] = await tx.query(
        'SELECT * FROM variable WHERE workspace_id = $1 AND path = $2 FOR UPDATE',
        [workspace, path],
      );
      if (!current) throw notFound(`variable "${path}" not found in workspace "${workspace}"`);
      const nextPath = input.path ?? current.path;
      const isSecret = input.is_secret ?? current.is_secret;
      if (current.is_secret && !isSecret && input.value === undefined) {
        throw badRequest(
          `to make the secret "${path}" a plain variable, give its new value: a secret's value is not turned plain`,
        );
      }
      // A secret whose value and path stay keeps its ciphertext as it is.
      const sameSecret = current.is_secret && input.value === undefined && nextPath === current.path;
      const stored = sameSecret
        ? { value: null, secret: current.secret }
        : await this.stored(workspace, nextPath, input.value ?? (await this.valueOf(workspace, current)), isSecret);
      const [, count]: [unknown, number] = await tx.query(
        `UPDATE variable SET path = $3, value = $4, secret = $5, is_secret = $6, description = $7,
           edited_by = $8, edited_at = now()
         WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM variable WHERE workspace_id = $2 AND path = $3 AND id <> $1)`,
        [
          current.id,
          workspace,
          nextPath,
          stored.value,
          stored.secret,
          isSecret,
          input.description ?? current.description,
          actor.userId,
        ],
      );
      if (!count) throw conflict(nextPath);
      await recordAudit(tx, {
        workspace,
        actor,
        action: 'variables.update',
        path: nextPath,
        details: {
          ...(nextPath !== path ? { renamed_from: path } : {}),
          changed: Object.keys(input),
          is_secret: isSecret,
        },
      });
    });
  }

  async delete(workspace: string, actor: Actor, path: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const [, count]: [unknown, number] = await tx.query(
        'DELETE FROM variable WHERE workspace_id = $1 AND path = $2',
        [workspace, path],
      );
      if (!count) throw notFound(`variable "${path}" not found in workspace "${workspace}"`);
      await recordAudit(tx, { workspace, actor, action: 'variables.delete', path });
    });
  }

  /** A stored value in plaintext. */
  private async valueOf(workspace: string, row: VariableRow): Promise<string> {
    return row.is_secret ? this.keys.decrypt(workspace, row.path, row.secret!) : row.value!;
  }

  /** The columns a value is stored in: plain text, or sealed for its workspace and path. */
  private async stored(workspace: string, path: string, value: string, isSecret: boolean) {
    return isSecret
      ? { value: null, secret: await this.keys.encrypt(workspace, path, value) }
      : { value, secret: null };
  }
}

function assertValueSize(value: string): void {
  const bytes = Buffer.byteLength(value);
  if (bytes > MAX_VALUE_BYTES) {
    throw new RunnelError(
      ErrorCode.PayloadTooLarge,
      `value is ${bytes} bytes; a variable holds at most ${MAX_VALUE_BYTES} (64 KiB): keep large data elsewhere and store its location`,
    );
  }
}

function conflict(path: string): RunnelError {
  return new RunnelError(ErrorCode.Conflict, `a variable already exists at path "${path}"`);
}
