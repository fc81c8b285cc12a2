import { Inject, Injectable } from '@nestjs/common';
import { ajv, type ValidateFunction } from '@runnel/runtimes/args-schema';
import { DataSource } from 'typeorm';
import { withAudit, type Actor } from '../audit/audit-log.js';
import { ErrorCode, RunnelError, badRequest, forbidden, notFound } from '../common/errors.js';
import { compileSchema } from '../common/json-schema.js';
import { BUILTIN_TYPES, builtinType } from './builtin-types.js';
import { isRecord } from './resource-value.js';

/** The largest schema, as JSON: a type describes a handful of connection fields. */
export const MAX_SCHEMA_BYTES = 64 * 1024;
/** Compiled validators kept; each is one type's schema, recompiled when the type is edited. */
const MAX_VALIDATORS = 500;

/** `snake_case`, as Windmill names types; also what `format: resource-<type>` can name. */
const NAME_RE = /^[a-z][a-z0-9_]{0,63}$/;

/** A resource type as the API answers it; a built-in one has no workspace. */
export interface ResourceTypeView {
  workspace_id: string | null;
  name: string;
  schema: Record<string, unknown>;
  description: string;
  builtin: boolean;
  created_by: string | null;
  edited_at: Date | null;
}

/** The response schema of a resource type, in the OpenAPI document as `ResourceType`. */
export const resourceTypeViewSchema = {
  type: 'object',
  required: ['workspace_id', 'name', 'schema', 'description', 'builtin'],
  properties: {
    workspace_id: { type: ['string', 'null'], description: 'null for a built-in type.' },
    name: { type: 'string' },
    schema: {
      type: 'object',
      additionalProperties: true,
      description: 'A JSON Schema; fields with `format: "password"` are secret.',
    },
    description: { type: 'string' },
    builtin: { type: 'boolean', description: 'Built-in types are in every workspace and read-only.' },
    created_by: { type: ['string', 'null'] },
    edited_at: { type: ['string', 'null'], format: 'date-time' },
  },
} as const;

export interface NewResourceType {
  name: string;
  schema: Record<string, unknown>;
  description?: string;
}

interface TypeRow {
  workspace_id: string;
  name: string;
  schema: Record<string, unknown>;
  description: string;
  created_by_username: string;
  edited_at: Date;
}

const SELECT = `SELECT t.*, u.username AS created_by_username
  FROM resource_type t JOIN app_user u ON u.id = t.created_by`;

const builtinView = (t: (typeof BUILTIN_TYPES)[number]): ResourceTypeView => ({
  workspace_id: null,
  name: t.name,
  schema: structuredClone(t.schema) as Record<string, unknown>,
  description: t.description,
  builtin: true,
  created_by: null,
  edited_at: null,
});

const rowView = (row: TypeRow): ResourceTypeView => ({
  workspace_id: row.workspace_id,
  name: row.name,
  schema: row.schema,
  description: row.description,
  builtin: false,
  created_by: row.created_by_username,
  edited_at: row.edited_at,
});

/**
 * Resource types: the built-in ones (builtin-types.ts) and each workspace's own, a JSON Schema
 * each. A schema is checked as it is written — JSON Schema that Ajv compiles, an object at the top,
 * at most 64 KiB — so a resource of that type can always be validated.
 */
@Injectable()
export class ResourceTypesService {
  /** Validators by workspace and name, with the schema text they were compiled from. */
  private readonly validators = new Map<string, { text: string; validate: ValidateFunction }>();

  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  async list(workspace: string): Promise<ResourceTypeView[]> {
    const rows: TypeRow[] = await this.db.query(`${SELECT} WHERE t.workspace_id = $1 ORDER BY t.name`, [workspace]);
    return [...BUILTIN_TYPES.map(builtinView), ...rows.map(rowView)];
  }

  async get(workspace: string, name: string): Promise<ResourceTypeView> {
    const builtin = builtinType(name);
    if (builtin) return builtinView(builtin);
    const [row]: TypeRow[] = await this.db.query(`${SELECT} WHERE t.workspace_id = $1 AND t.name = $2`, [
      workspace,
      name,
    ]);
    if (!row) {
      throw notFound(
        `resource type "${name}" not found in workspace "${workspace}": list them with resources/type/list`,
      );
    }
    return rowView(row);
  }

  async create(workspace: string, actor: Actor, input: NewResourceType): Promise<string> {
    if (!NAME_RE.test(input.name)) {
      throw badRequest(
        `invalid resource type name "${input.name}": use lower-case letters, digits and _, starting with a letter (at most 64)`,
        [{ field: 'name', message: 'must be snake_case, starting with a letter' }],
      );
    }
    if (builtinType(input.name)) throw conflict(`"${input.name}" is a built-in resource type`);
    checkSchema(input.schema);
    const entry = { workspace, actor, action: 'resource_types.create', path: input.name };
    await withAudit(this.db, entry, async (tx) => {
      const inserted: unknown[] = await tx.query(
        `INSERT INTO resource_type (workspace_id, name, schema, description, created_by)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING name`,
        [workspace, input.name, input.schema, input.description ?? '', actor.userId],
      );
      if (!inserted.length) throw conflict(`a resource type "${input.name}" already exists`);
    });
    return input.name;
  }

  async update(workspace: string, actor: Actor, name: string, input: Partial<NewResourceType>): Promise<void> {
    this.assertEditable(name);
    if (input.schema !== undefined) checkSchema(input.schema);
    const entry = { workspace, actor, action: 'resource_types.update', path: name };
    await withAudit(this.db, entry, async (tx) => {
      const [, count]: [unknown, number] = await tx.query(
        `UPDATE resource_type SET schema = COALESCE($3, schema), description = COALESCE($4, description), edited_at = now()
         WHERE workspace_id = $1 AND name = $2`,
        [workspace, name, input.schema ?? null, input.description ?? null],
      );
      if (!count) throw notFound(`resource type "${name}" not found in workspace "${workspace}"`);
    });
  }

  /** Refused while resources use it: they would be left with no schema to check them against. */
  async delete(workspace: string, actor: Actor, name: string): Promise<void> {
    this.assertEditable(name);
    await withAudit(this.db, { workspace, actor, action: 'resource_types.delete', path: name }, async (tx) => {
      const users: { path: string }[] = await tx.query(
        'SELECT path FROM resource WHERE workspace_id = $1 AND resource_type = $2 ORDER BY path LIMIT 5',
        [workspace, name],
      );
      if (users.length) {
        throw conflict(
          `resource type "${name}" is used by ${users.map((u) => u.path).join(', ')}${users.length === 5 ? ', …' : ''}: ` +
            'delete or change those resources first',
        );
      }
      const [, count]: [unknown, number] = await tx.query(
        'DELETE FROM resource_type WHERE workspace_id = $1 AND name = $2',
        [workspace, name],
      );
      if (!count) throw notFound(`resource type "${name}" not found in workspace "${workspace}"`);
    });
  }

  /** The validator of a type's current schema (404 if the type does not exist). */
  async validator(
    workspace: string,
    name: string,
  ): Promise<{ schema: Record<string, unknown>; validate: ValidateFunction }> {
    const type = await this.get(workspace, name).catch((err: unknown) => {
      if (err instanceof RunnelError && err.code === ErrorCode.NotFound) {
        throw badRequest(`unknown resource type "${name}": list the types with resources/type/list`, [
          { field: 'resource_type', message: `"${name}" does not exist` },
        ]);
      }
      throw err;
    });
    const key = `${type.workspace_id ?? ''}\0${name}`;
    const text = JSON.stringify(type.schema);
    let entry = this.validators.get(key);
    if (entry?.text !== text) {
      if (entry) ajv.removeSchema(entry.validate.schema);
      if (!entry && this.validators.size >= MAX_VALIDATORS) {
        const [oldest, evicted] = this.validators.entries().next().value!;
        this.validators.delete(oldest);
        ajv.removeSchema(evicted.validate.schema);
      }
      entry = { text, validate: compileSchema(type.schema) };
      this.validators.set(key, entry);
    }
    return { schema: type.schema, validate: entry.validate };
  }

  private assertEditable(name: string): void {
    if (builtinType(name)) throw forbidden(`"${name}" is a built-in resource type and cannot be changed or deleted`);
  }
}

/** A schema that can check resources: an object schema Ajv compiles, not too large. */
function checkSchema(schema: unknown): void {
  const bytes = Buffer.byteLength(JSON.stringify(schema));
  if (bytes > MAX_SCHEMA_BYTES) {
    throw new RunnelError(
      ErrorCode.PayloadTooLarge,
      `schema is ${bytes} bytes of JSON; a resource type's schema is at most ${MAX_SCHEMA_BYTES} (64 KiB)`,
    );
  }
  if (!isRecord(schema) || schema.type !== 'object') {
    throw badRequest('schema must be a JSON Schema with "type": "object": a resource is an object of fields', [
      { field: 'schema.type', message: 'must be "object"' },
    ]);
  }
  ajv.removeSchema(compileSchema(schema).schema);
}

const conflict = (message: string) => new RunnelError(ErrorCode.Conflict, message);
