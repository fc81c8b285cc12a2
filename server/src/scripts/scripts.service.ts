import { recordAudit, withAudit, type Actor } from '../audit/audit-log.js';
import type { Access } from '../auth/path-access.js';
import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  LANGUAGES,
  applySchemaOverrides,
  checkSchemaOverrides,
  type JsonSchema,
  type Language,
  type SchemaOverrides,
} from '@runnel/runtimes';
import type { JobNetwork } from '@runnel/protocol';
import { DataSource } from 'typeorm';
import { badRequest, notFound } from '../common/errors.js';
import {
  archivePath,
  latestVersion,
  listLatestVersions,
  requireLatestVersion,
  versionEntrySchema,
  versionHistory,
  type VersionRow,
} from '../common/versions.js';
import { ajv } from '@runnel/runtimes/args-schema';
import { compileSchema } from '../common/json-schema.js';
import { DependencyLocker } from './dependencies.js';
import { JOB_SIZE_CHECK, type JobSizeCheck } from './job-size-check.js';
import type { ScriptRow } from './script-row.js';
import { readSignature } from './signatures.js';
import { windmillFieldsOf, windmillFieldsViewSchema, type ScriptKind } from './windmill-fields.js';

export const SCRIPT_PATH = '^[fu]/[A-Za-z0-9_-]{1,100}(/[A-Za-z0-9_.-]{1,100})+$';
const PATH_RE = new RegExp(SCRIPT_PATH);

export interface NewScript {
  path: string;
  language: Language;
  content: string;
  summary?: string;
  description?: string;
  tag?: string;
  timeout?: number;
  /** Network the script needs; unset = its worker group's default. */
  network?: JobNetwork;
  /** CPU cores the script's jobs may use together; unset = its worker group's default (WORKER_CPUS). */
  cpus?: number;
  /** Disk quota of the job's folder in MiB; unset = its worker group's default (WORKER_DISK_MB). */
  disk_mb?: number;
  /** A dedicated runtime for its jobs; stored as Windmill's `dedicated_worker` (docs/adr/0050). */
  dedicated?: boolean;
  /** Refinements of the inferred form, laid on it at every deploy (applySchemaOverrides). */
  schema_overrides?: SchemaOverrides;
  /** The schema a client wants answered (Windmill's CLI); stored as sent, never used to check arguments. */
  schema?: JsonSchema | null;
  /** Windmill's script kind; default script. */
  kind?: ScriptKind | null;
}

export function assertScriptPath(path: string): void {
  if (!PATH_RE.test(path) || path.split('/').some((part) => part === '.' || part === '..')) {
    throw badRequest(`invalid path "${path}": use f/<folder>/<name> or u/<user>/<name> with letters, digits, _ and -`);
  }
}

/** The public shape of a script version. */
/** The response schema of scriptView, in the OpenAPI document as `Script`. */
export const scriptViewSchema = {
  type: 'object',
  required: [
    'workspace_id',
    'hash',
    'path',
    'language',
    'content',
    'schema',
    'arg_order',
    'tag',
    'kind',
    'ws_error_handler_muted',
    'created_at',
    'archived',
    'lock',
  ],
  properties: {
    workspace_id: { type: 'string' },
    hash: { type: 'string', description: 'The version: a content hash (16 hex digits).' },
    path: { type: 'string' },
    parent_hash: { type: ['string', 'null'] },
    language: { type: 'string', enum: LANGUAGES },
    content: { type: 'string' },
    summary: { type: 'string' },
    description: { type: 'string' },
    schema: {
      type: 'object',
      additionalProperties: true,
      description:
        "JSON Schema of main's parameters: the one the deploy sent (`schema`, as Windmill's CLI does) exactly as " +
        'sent, else the one inferred at deploy with `schema_overrides` laid on. Arguments are always checked ' +
        'against the inferred one.',
    },
    kind: {
      type: 'string',
      description:
        "Windmill's script kind (script, failure, trigger, command, approval, preprocessor). Default script.",
    },
    arg_order: {
      type: 'array',
      items: { type: 'string' },
      description: "main's parameter names in declared order (a form shows its fields in this order).",
    },
    schema_overrides: {
      type: ['object', 'null'],
      additionalProperties: true,
      description: 'The refinements of the form deployed with this version (see createScript).',
    },
    tag: {
      type: ['string', 'null'],
      description: 'The worker group that runs it; null when the deploy named none (the default group runs it).',
    },
    ...windmillFieldsViewSchema,
    dedicated: {
      type: 'boolean',
      description: 'Its jobs run in a dedicated runtime (docs/adr/0050); the same as dedicated_worker.',
    },
    ws_error_handler_muted: {
      type: 'boolean',
      description: "Windmill's field, stored and answered as deployed; Runnel does not act on it. Default false.",
    },
    timeout: { type: ['integer', 'null'] },
    network: { type: ['string', 'null'], enum: ['none', 'outbound', 'host', null] },
    cpus: { type: ['number', 'null'], description: "CPU cores its jobs may use; null = the worker group's default." },
    disk_mb: {
      type: ['integer', 'null'],
      description: "Disk quota of its jobs' folder in MiB; null = the group's default.",
    },
    lock: {
      type: ['string', 'null'],
      description:
        'The exact versions of the packages it imports, resolved when this version was deployed (its jobs ' +
        'install exactly these); null when it imports none. Deploying again relocks.',
    },
    created_by: { type: 'string' },
    created_at: { type: 'string', format: 'date-time' },
    archived: { type: 'boolean' },
    public_form: {
      type: 'boolean',
      description: 'getScriptByPath only: whether its form page is open to anyone (setScriptPublicForm).',
    },
  },
} as const;

export function scriptView(row: ScriptRow) {
  return {
    workspace_id: row.workspace_id,
    hash: row.hash,
    path: row.path,
    parent_hash: row.parent_hash,
    language: row.language,
    content: row.content,
    summary: row.summary,
    description: row.description,
    schema: row.client_schema ?? row.schema,
    arg_order: row.arg_order,
    schema_overrides: row.schema_overrides,
    kind: row.kind,
    tag: row.tag_set ? row.tag : null,
    ...row.windmill_fields,
    ws_error_handler_muted: row.windmill_fields?.ws_error_handler_muted === true,
    dedicated: row.windmill_fields?.dedicated_worker === true,
    timeout: row.timeout_s,
    network: row.network,
    cpus: row.cpus,
    disk_mb: row.disk_mb,
    lock: row.lock,
    created_by: row.created_by,
    created_at: row.created_at,
    archived: row.archived,
  };
}

/** One entry of a script's history (scripts/history/p): what tells versions apart, not their code. */
export type ScriptVersionRow = VersionRow;

/** The response schema of a history entry, in the OpenAPI document as `ScriptVersion`. */
export const scriptVersionSchema = versionEntrySchema('getScriptByHash, runScriptByHash');

@Injectable()
export class ScriptsService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(JOB_SIZE_CHECK) private readonly jobSize: JobSizeCheck,
    @Inject(DependencyLocker) private readonly locker: DependencyLocker,
  ) {}

  /**
   * Deploys a new immutable version. Its hash covers the previous version's hash, so
   * reverting to older content still makes a new version; deploying exactly the latest
   * version again makes none and returns its hash. The packages it imports are locked again at
   * every deploy, and the lock is part of the version: the same content with a new lock is a new
   * version (docs/adr/0035-script-dependencies.md).
   */
  async create(workspace: string, actor: Actor, input: NewScript): Promise<{ hash: string; created: boolean }> {
    assertScriptPath(input.path);
    const what = 'this script';
    this.jobSize.checkContent(input.language, input.content, `${what} (with no arguments)`);
    const signature = readSignature(input.language, input.content);
    const schema = applySchemaOverrides(signature.schema, input.schema_overrides);
    const problems = checkSchemaOverrides(signature.schema, input.schema_overrides);
    if (problems.length > 0) {
      throw badRequest(
        `schema_overrides: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`,
        problems.map((p) => ({ field: `schema_overrides.properties.${p.field}.${p.key}`, message: p.message })),
      );
    }
    // A pattern RE2 cannot match, or a rule Ajv refuses, is a 400 now rather than at the first run.
    if (input.schema_overrides) ajv.removeSchema(compileSchema(schema).schema);
    const lock = await this.locker.lock(
      { language: input.language, content: input.content, what, field: 'content' },
      this.locker.deadline(),
    );
    if (lock) this.jobSize.checkContent(input.language, input.content, `${what} (with no arguments)`, lock);
    const fields = {
      language: input.language,
      content: input.content,
      summary: input.summary ?? '',
      description: input.description ?? '',
      tag: input.tag ?? 'default',
      tag_set: input.tag != null,
      kind: input.kind ?? 'script',
      timeout_s: input.timeout ?? null,
      network: input.network ?? null,
      cpus: input.cpus ?? null,
      disk_mb: input.disk_mb ?? null,
      schema_overrides: input.schema_overrides ?? null,
      client_schema: input.schema ?? null,
      windmill_fields: windmillFieldsOf({
        ...(input as unknown as Record<string, unknown>),
        ...(input.dedicated !== undefined && { dedicated_worker: input.dedicated }),
      }),
      lock,
    };
    const asJson = new Set<keyof typeof fields>(['schema_overrides', 'client_schema', 'windmill_fields']);
    const same = (latest: ScriptRow, k: keyof typeof fields) =>
      asJson.has(k) ? JSON.stringify(latest[k]) === JSON.stringify(fields[k]) : latest[k] === fields[k];
    const deployed = await this.db.transaction(async (tx) => {
      // Serialises deploys of one path so two concurrent deploys cannot both claim "latest".
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`${workspace}/${input.path}`]);
      const latest = await latestVersion<ScriptRow>(tx, 'script', workspace, input.path);
      if (
        latest &&
        !latest.archived &&
        (Object.keys(fields) as (keyof typeof fields)[]).every((k) => same(latest, k))
      ) {
        return { hash: latest.hash, created: false };
      }
      const hash = createHash('sha256')
        .update(JSON.stringify([workspace, input.path, latest?.hash ?? null, fields]))
        .digest('hex')
        .slice(0, 16);
      await tx.query(
        `INSERT INTO script (hash, workspace_id, path, parent_hash, language, content, summary, description,
           schema, arg_order, tag, timeout_s, network, cpus, disk_mb, created_by, schema_overrides, lock,
           tag_set, kind, client_schema, windmill_fields)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)`,
        [
          hash,
          workspace,
          input.path,
          latest?.hash ?? null,
          fields.language,
          fields.content,
          fields.summary,
          fields.description,
          JSON.stringify(schema),
          signature.order,
          fields.tag,
          fields.timeout_s,
          fields.network,
          fields.cpus,
          fields.disk_mb,
          actor.userId,
          fields.schema_overrides && JSON.stringify(fields.schema_overrides),
          fields.lock,
          fields.tag_set,
          fields.kind,
          fields.client_schema && JSON.stringify(fields.client_schema),
          fields.windmill_fields && JSON.stringify(fields.windmill_fields),
        ],
      );
      await recordAudit(tx, { workspace, actor, action: 'scripts.create', path: input.path, details: { hash } });
      return { hash, created: true };
    });
    if (lock) this.locker.announce(input.language, lock);
    return deployed;
  }

  getByPath(workspace: string, path: string): Promise<ScriptRow> {
    return requireLatestVersion<ScriptRow>(this.db, 'script', workspace, path);
  }

  async getByHash(workspace: string, hash: string): Promise<ScriptRow> {
    const rows: ScriptRow[] = await this.db.query('SELECT * FROM script WHERE workspace_id = $1 AND hash = $2', [
      workspace,
      hash,
    ]);
    if (!rows[0]) throw notFound(`script version "${hash}" not found in workspace "${workspace}"`);
    return rows[0];
  }

  /**
   * The versions at a path, newest first, one page of them (`page` from 1). A path with no version
   * in this workspace is a 404, whichever workspace has it; a page past the last is empty.
   */
  history(workspace: string, path: string, page: number, perPage: number): Promise<ScriptVersionRow[]> {
    assertScriptPath(path);
    return versionHistory(this.db, 'script', workspace, path, page, perPage);
  }

  /** The latest version of every path; archived paths only when asked for. */
  list(access: Access, showArchived: boolean): Promise<ScriptRow[]> {
    return listLatestVersions<ScriptRow>(this.db, 'script', access, showArchived);
  }

  /** Opens or closes the path's form page to anyone signed out (runs/public-forms.controller.ts). */
  async setPublicForm(workspace: string, path: string, userId: string, open: boolean): Promise<void> {
    await this.getByPath(workspace, path);
    if (!open) {
      await this.db.query('DELETE FROM script_public_form WHERE workspace_id = $1 AND path = $2', [workspace, path]);
      return;
    }
    // Its runs are started on behalf of whoever opened it last.
    await this.db.query(
      `INSERT INTO script_public_form (workspace_id, path, enabled_by) VALUES ($1, $2, $3)
       ON CONFLICT (workspace_id, path) DO UPDATE SET enabled_by = $3, enabled_at = now()`,
      [workspace, path, userId],
    );
  }

  /** The current version at a path whose form page is public, with who opened it; undefined otherwise. */
  async publicForm(workspace: string, path: string): Promise<{ script: ScriptRow; owner: string } | undefined> {
    const rows: (ScriptRow & { owner: string })[] = await this.db.query(
      `SELECT s.*, p.enabled_by AS owner FROM script_public_form p
       JOIN LATERAL (
         SELECT * FROM script s WHERE s.workspace_id = p.workspace_id AND s.path = p.path
         ORDER BY created_at DESC LIMIT 1
       ) s ON NOT s.archived
       WHERE p.workspace_id = $1 AND p.path = $2`,
      [workspace, path],
    );
    if (!rows[0]) return undefined;
    const { owner, ...script } = rows[0];
    return { script, owner };
  }

  /** Whether the path's form page is public. */
  async isPublicForm(workspace: string, path: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      'SELECT 1 FROM script_public_form WHERE workspace_id = $1 AND path = $2',
      [workspace, path],
    );
    return rows.length > 0;
  }

  archive(workspace: string, actor: Actor, path: string): Promise<void> {
    const entry = { workspace, actor, action: 'scripts.archive', path };
    return withAudit(this.db, entry, (tx) => archivePath(tx, 'script', workspace, path));
  }
}
