import type { Access } from '../auth/path-access.js';
import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { fieldErrors } from '@runnel/runtimes/args-schema';
import { DataSource, type EntityManager } from 'typeorm';
import { recordAudit, type Actor } from '../audit/audit-log.js';
import { ErrorCode, RunnelError, badRequest, notFound } from '../common/errors.js';
import { describe } from '../common/validate.js';
import { assertScriptPath } from '../scripts/scripts.service.js';
import { ResourceSecrets } from './resource-secrets.js';
import { SELECT_RESOURCE, visibleValue, type ResourceRow } from './resource-row.js';
import { ResourceTypesService } from './resource-types.service.js';
import { secretFields } from '@runnel/runtimes/resource-fields';
import { isRecord, remainingErrors, splitValue, varRefs, type JsonObject } from './resource-value.js';

/** What create and update accept (Windmill's CreateResource / EditResource). */
export interface ResourceInput {
  path?: string;
  value?: unknown;
  description?: string;
  resource_type?: string;
}

export type NewResource = Required<Pick<ResourceInput, 'path' | 'value' | 'resource_type'>> & ResourceInput;

/** A value checked against its type: the clear part, the secret fields given, the type's secret fields. */
interface CheckedValue {
  plain: JsonObject;
  secrets: JsonObject;
  secretNames: string[];
}

/**
 * Resources: typed JSON objects at paths. A value is checked against its type's schema; its
 * secret fields are sealed in `resource_secret` and never answered; `$var:` fields are kept as
 * references. Every change and reveal writes an audit entry in the same transaction.
 */
@Injectable()
export class ResourcesService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(ResourceTypesService) private readonly types: ResourceTypesService,
    @Inject(ResourceSecrets) private readonly secrets: ResourceSecrets,
  ) {}

  async create(workspace: string, actor: Actor, input: NewResource): Promise<string> {
    assertScriptPath(input.path);
    const checked = await this.check(workspace, input.resource_type, input.value, []);
    await this.db.transaction(async (tx) => {
      const id = randomUUID();
      const inserted: unknown[] = await tx.query(
        `INSERT INTO resource (id, workspace_id, path, resource_type, value, description, created_by, edited_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7) ON CONFLICT (workspace_id, path) DO NOTHING RETURNING id`,
        [id, workspace, input.path, input.resource_type, checked.plain, input.description ?? '', actor.userId],
      );
      if (!inserted.length) throw conflict(input.path);
      await this.secrets.write(tx, workspace, input.path, id, checked.secrets);
      await recordAudit(tx, {
        workspace,
        actor,
        action: 'resources.create',
        path: input.path,
        details: { resource_type: input.resource_type, secret_fields: Object.keys(checked.secrets) },
      });
    });
    return input.path;
  }

  async get(workspace: string, path: string, db: EntityManager = this.db.manager): Promise<ResourceRow> {
    const [row]: ResourceRow[] = await db.query(`${SELECT_RESOURCE} WHERE r.workspace_id = $1 AND r.path = $2`, [
      workspace,
      path,
    ]);
    if (!row) throw notFound(`resource "${path}" not found in workspace "${workspace}"`);
    return row;
  }

  /** By path; `types` keeps those of these types (Windmill's `resource_type=a,b`). */
  /** The resources `access` may read, filtered in SQL so that pages are full. */
  list(access: Access, types: string[] | undefined, page: number, perPage: number): Promise<ResourceRow[]> {
    const params: unknown[] = [access.workspace, types ?? null, perPage, (page - 1) * perPage];
    return this.db.query(
      `${SELECT_RESOURCE} WHERE r.workspace_id = $1 AND ($2::text[] IS NULL OR r.resource_type = ANY($2))
         AND ${access.where('r.path', params)}
       ORDER BY r.path LIMIT $3 OFFSET $4`,
      params,
    );
  }

  /** The value with its secret fields in plaintext, for an admin who asked; audited. */
  async reveal(workspace: string, actor: Actor, path: string): Promise<JsonObject> {
    return this.db.transaction(async (tx) => {
      const row = await this.get(workspace, path, tx);
      if (!row.secret_fields.length) {
        throw badRequest(`resource "${path}" has no secret field: read it with resources/get`);
      }
      const value = { ...row.value, ...(await this.secrets.read(tx, workspace, path, row.id)) };
      await recordAudit(tx, { workspace, actor, action: 'resources.reveal', path });
      return value;
    });
  }

  /**
   * Changes the fields given; `path` renames (secret fields are sealed again for the new path).
   * In a new `value`, a secret field left out or null keeps what is stored: reads answer it as
   * null, so a value read and sent back changes no secret.
   */
  async update(workspace: string, actor: Actor, path: string, input: ResourceInput): Promise<void> {
    const nextPath = input.path ?? path;
    if (nextPath !== path) assertScriptPath(nextPath);
    await this.db.transaction(async (tx) => {
      const [current]: ResourceRow[] = await tx.query(
        `${SELECT_RESOURCE} WHERE r.workspace_id = $1 AND r.path = $2 FOR UPDATE OF r`,
        [workspace, path],
      );
      if (!current) throw notFound(`resource "${path}" not found in workspace "${workspace}"`);
      const nextType = input.resource_type ?? current.resource_type;
      if (nextType !== current.resource_type && input.value === undefined) {
        throw badRequest(`changing resource "${path}" to type "${nextType}" needs its new value`, [
          { field: 'value', message: 'is required with a new resource_type' },
        ]);
      }
      let checked: CheckedValue;
      let kept: string[];
      if (input.value === undefined) {
        checked = { plain: current.value, secrets: {}, secretNames: current.secret_fields };
        kept = current.secret_fields;
      } else {
        const { secretNames } = await this.secretNamesOf(workspace, nextType);
        const given = isRecord(input.value) ? input.value : {};
        kept = current.secret_fields.filter(
          (f) => secretNames.includes(f) && (given[f] === undefined || given[f] === null),
        );
        checked = await this.check(workspace, nextType, input.value, kept);
      }
      const [, count]: [unknown, number] = await tx.query(
        `UPDATE resource SET path = $3, resource_type = $4, value = $5, description = $6, edited_by = $7, edited_at = now()
         WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM resource WHERE workspace_id = $2 AND path = $3 AND id <> $1)`,
        [
          current.id,
          workspace,
          nextPath,
          nextType,
          checked.plain,
          input.description ?? current.description,
          actor.userId,
        ],
      );
      if (!count) throw conflict(nextPath);
      const secretsChange =
        nextPath !== path || Object.keys(checked.secrets).length > 0 || kept.length !== current.secret_fields.length;
      if (secretsChange) {
        // Kept secrets are opened under the old path and sealed again under the new one.
        const keptValues = await this.secrets.read(tx, workspace, path, current.id, kept);
        await this.secrets.write(tx, workspace, nextPath, current.id, { ...keptValues, ...checked.secrets });
      }
      await recordAudit(tx, {
        workspace,
        actor,
        action: 'resources.update',
        path: nextPath,
        details: {
          ...(nextPath !== path ? { renamed_from: path } : {}),
          changed: Object.keys(input),
          resource_type: nextType,
          secret_fields: [...kept, ...Object.keys(checked.secrets)].sort(),
        },
      });
    });
  }

  async delete(workspace: string, actor: Actor, path: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const [, count]: [unknown, number] = await tx.query(
        'DELETE FROM resource WHERE workspace_id = $1 AND path = $2',
        [workspace, path],
      );
      if (!count) throw notFound(`resource "${path}" not found in workspace "${workspace}"`);
      await recordAudit(tx, { workspace, actor, action: 'resources.delete', path });
    });
  }

  /** The value as reads answer it: Windmill's `get_value`, with sealed fields null. */
  async getValue(workspace: string, path: string): Promise<JsonObject> {
    return visibleValue(await this.get(workspace, path));
  }

  private async secretNamesOf(workspace: string, type: string) {
    const { schema, validate } = await this.types.validator(workspace, type);
    return { secretNames: secretFields(schema), validate };
  }

  /**
   * `value` checked against `type`: an object, every field valid except `$var:` references and
   * the secret fields `kept` from before, every referenced variable existing. A 400 names each field.
   */
  private async check(workspace: string, type: string, value: unknown, kept: string[]): Promise<CheckedValue> {
    if (!isRecord(value)) {
      throw badRequest('value must be a JSON object of field to value, e.g. {"host": "db.example.com"}', [
        { field: 'value', message: 'must be an object' },
      ]);
    }
    const { secretNames, validate } = await this.secretNamesOf(workspace, type);
    // Ajv fills in defaults (a port left out becomes 5432), so the stored value shows what a job gets.
    const candidate = structuredClone(value);
    const refs = varRefs(candidate);
    const errors = validate(candidate)
      ? []
      : remainingErrors(fieldErrors(validate.errors), [...refs.map((r) => r.field), ...kept]);
    const wellFormed = refs.filter((ref) => VARIABLE_PATH.test(ref.path));
    for (const ref of refs.filter((r) => !wellFormed.includes(r))) {
      errors.push({ field: ref.field, message: `references "${ref.path}", which is not a variable path (f/… or u/…)` });
    }
    if (wellFormed.length > 0) {
      const found: { path: string }[] = await this.db.query(
        'SELECT path FROM variable WHERE workspace_id = $1 AND path = ANY($2)',
        [workspace, wellFormed.map((r) => r.path)],
      );
      for (const ref of wellFormed.filter((r) => !found.some((f) => f.path === r.path))) {
        errors.push({ field: ref.field, message: `references variable "${ref.path}", which does not exist` });
      }
    }
    if (errors.length) {
      const details = errors.map((e) => ({ ...e, field: e.field === '(body)' ? 'value' : `value.${e.field}` }));
      throw new RunnelError(ErrorCode.BadRequest, `invalid ${type} resource: ${describe(details)}`, details);
    }
    return { ...splitValue(candidate, secretNames), secretNames };
  }
}

/** What a `$var:` reference may name: a variable path. */
const VARIABLE_PATH = /^[fu]\/[\w-]+\/[\w/-]+$/;

function conflict(path: string): RunnelError {
  return new RunnelError(ErrorCode.Conflict, `a resource already exists at path "${path}"`);
}
