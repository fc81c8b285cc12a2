import { recordAudit, withAudit, type Actor } from '../audit/audit-log.js';
import type { Access } from '../auth/path-access.js';
import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { validateFlow, type FlowModule, type FlowValue, type RawScript } from '@runnel/api-contract';
import { inferSignature, SignatureError, type JsonSchema, type Language } from '@runnel/runtimes';
import { ajv, normalizeSchema } from '@runnel/runtimes/args-schema';
import { DataSource } from 'typeorm';
import { ErrorCode, RunnelError, badRequest, notFound } from '../common/errors.js';
import {
  archivePath,
  listLatestVersions,
  requireLatestVersion,
  versionEntrySchema,
  versionHistory,
  type VersionRow,
} from '../common/versions.js';
import { compileSchema } from '../common/json-schema.js';
import { JobPublisher } from '../jobs/job-publisher.js';
import { DependencyLocker, type LockBatch } from '../scripts/dependencies.js';
import { assertScriptPath } from '../scripts/scripts.service.js';

export interface NewFlow {
  path: string;
  summary?: string;
  description?: string;
  value: unknown;
  schema?: JsonSchema | null;
}

export interface FlowRow {
  hash: string;
  workspace_id: string;
  path: string;
  parent_hash: string | null;
  summary: string;
  description: string;
  value: FlowValue;
  schema: JsonSchema | null;
  created_by: string;
  created_at: Date;
  archived: boolean;
}

/** The response schema of flowView, in the OpenAPI document as `Flow`. */
export const flowViewSchema = {
  type: 'object',
  required: ['workspace_id', 'path', 'hash', 'summary', 'value', 'created_at', 'archived'],
  properties: {
    workspace_id: { type: 'string' },
    path: { type: 'string' },
    hash: { type: 'string' },
    parent_hash: { type: ['string', 'null'] },
    summary: { type: 'string' },
    description: { type: 'string' },
    value: { $ref: '#/components/schemas/FlowValue' },
    schema: { type: ['object', 'null'], additionalProperties: true, description: "JSON Schema of the flow's input." },
    created_by: { type: 'string' },
    created_at: { type: 'string', format: 'date-time' },
    archived: { type: 'boolean' },
  },
} as const;

/** The response schema of a history entry (flows/history/p), in the OpenAPI document as `FlowVersion`. */
export const flowVersionSchema = versionEntrySchema('getFlowVersion');

/** A flow version's hash as deploys make it: 16 lowercase hex digits. */
const HASH_RE = /^[0-9a-f]{16}$/;

export function flowView(row: FlowRow) {
  return {
    workspace_id: row.workspace_id,
    path: row.path,
    hash: row.hash,
    parent_hash: row.parent_hash,
    summary: row.summary,
    description: row.description,
    value: row.value,
    schema: row.schema,
    created_by: row.created_by,
    created_at: row.created_at,
    archived: row.archived,
  };
}

/** Every module of a flow with the document path it sits at, depth first, failure module last. */
export function* walkModules(value: FlowValue, at = 'value'): Generator<{ module: FlowModule; at: string }> {
  function* seq(modules: FlowModule[] | undefined, base: string): Generator<{ module: FlowModule; at: string }> {
    for (const [i, module] of (modules ?? []).entries()) {
      const here = `${base}[${i}]`;
      yield { module, at: here };
      const v = module.value as { type: string } & Record<string, unknown>;
      if (v.type === 'forloopflow' || v.type === 'whileloopflow') {
        yield* seq(v.modules as FlowModule[], `${here}.value.modules`);
      } else if (v.type === 'branchone' || v.type === 'branchall') {
        for (const [b, branch] of ((v.branches as { modules: FlowModule[] }[]) ?? []).entries()) {
          yield* seq(branch.modules, `${here}.value.branches[${b}].modules`);
        }
        if (v.type === 'branchone') yield* seq(v.default as FlowModule[], `${here}.value.default`);
      }
    }
  }
  yield* seq(value.modules, `${at}.modules`);
  if (value.failure_module) yield* seq([value.failure_module], `${at}.failure_module`);
}

/**
 * Throws unless `access` may read every script and flow the flow document `doc` runs by path
 * (docs/adr/0040): a flow, saved or previewed, must not run for its author what its author may
 * not read. An invalid document is checkFlow's 400.
 */
export function assertReadsReferences(access: Access, doc: unknown): void {
  for (const { module } of walkModules(checkFlow(doc).value)) {
    const v = module.value as { type: string; path?: string };
    if ((v.type === 'script' || v.type === 'flow') && v.path) access.assert(v.path, 'read', v.type);
  }
}

/**
 * Validates a flow document: the OpenFlow schema first, then what only the server can check —
 * that every inline script's `main` can be read, so a flow never fails at run time on a
 * script that could not have worked, and that no approval asks for what Runnel lacks (groups).
 */
function checkFlow(doc: unknown): { value: FlowValue; schema: JsonSchema | null } {
  const checked = validateFlow(doc);
  if (!checked.ok) {
    const details = checked.errors.map((e) => ({ field: e.path, message: e.message }));
    throw badRequest(`invalid flow: ${details.map((d) => `${d.field}: ${d.message}`).join('; ')}`, details);
  }
  const value = checked.flow.value as FlowValue;
  for (const { module, at } of walkModules(value)) {
    if (module.suspend?.user_groups_required !== undefined) {
      // Ignoring it would let any operator approve what was meant for a group.
      const message =
        'approval by user group is not supported yet: remove user_groups_required, and use user_auth_required ' +
        '(any member with the operator role or above may approve)';
      throw badRequest(`invalid flow: ${at}.suspend.user_groups_required: ${message}`, [
        { field: `${at}.suspend.user_groups_required`, message },
      ]);
    }
    const v = module.value as { type: string; language?: string; content?: string };
    if (v.type !== 'rawscript') continue;
    try {
      inferSignature(v.language as Language, v.content ?? '');
    } catch (err) {
      if (!(err instanceof SignatureError)) throw err;
      throw new RunnelError(ErrorCode.InvalidScript, `invalid flow: ${at}.value.content: ${err.message}`, [
        { field: `${at}.value.content`, message: err.message, line: err.line, column: err.column },
      ]);
    }
  }
  const declared = checked.flow.schema as JsonSchema | undefined;
  const schema = declared ? normalizeSchema(declared) : null;
  if (schema) ajv.removeSchema(compileSchema(schema).schema);
  return { value, schema };
}

@Injectable()
export class FlowsService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(JobPublisher) private readonly publisher: JobPublisher,
    @Inject(DependencyLocker) private readonly locker: DependencyLocker,
  ) {}

  /**
   * checkFlow, and a 413 for an inline script that could never fit in a job message: at deploy,
   * and for a preview, which would otherwise be queued and fail only when that step starts.
   */
  checkRunnable(doc: unknown): { value: FlowValue; schema: JsonSchema | null } {
    const checked = checkFlow(doc);
    for (const { module, at } of walkModules(checked.value)) {
      const v = module.value as { type: string; language?: string; content?: string };
      if (v.type === 'rawscript')
        this.publisher.checkContent(v.language!, v.content ?? '', `${at} (with no arguments)`);
    }
    return checked;
  }

  /**
   * checkRunnable, then every inline step's dependency lock (docs/adr/0035-script-dependencies.md),
   * set in its module as `lock` (Windmill's field: one a client sent is replaced, and dropped from
   * a step that imports nothing). A deploy locks afresh; a `preview` reuses recent locks. Steps are
   * resolved at once (the server's RUNNEL_DEPS_MAX_RESOLUTIONS bounds how many run), the same
   * packages once, all within one time limit; the first failure stops the others.
   */
  async checkAndLock(doc: unknown, preview: boolean): Promise<{ value: FlowValue; schema: JsonSchema | null }> {
    const checked = this.checkRunnable(doc);
    const failed = new AbortController();
    const signal = AbortSignal.any([this.locker.deadline(), failed.signal]);
    const batch: LockBatch = new Map();
    const steps = [...walkModules(checked.value)].filter(({ module }) => module.value.type === 'rawscript');
    await Promise.all(
      steps.map(async ({ module, at }) => {
        const v = module.value as RawScript;
        const target = {
          language: v.language,
          content: v.content,
          what: `step "${module.id}" (${at})`,
          field: `${at}.value.content`,
        };
        try {
          const lock = await (preview
            ? this.locker.lockPreview(target, signal)
            : this.locker.lock(target, signal, batch));
          if (!lock) {
            // An empty lock (Windmill exports '' or null) says the same and is kept as sent.
            if (v.lock) delete v.lock;
            return;
          }
          v.lock = lock;
          this.publisher.checkContent(v.language, v.content, `${at} (with no arguments)`, lock);
        } catch (err) {
          failed.abort();
          throw err;
        }
      }),
    );
    return checked;
  }

  /**
   * Deploys a new version of an existing flow (Windmill's flows/update): create, except that a
   * path with no version is a 404 rather than a new flow.
   */
  async update(workspace: string, actor: Actor, input: NewFlow): Promise<{ hash: string; created: boolean }> {
    await this.getByPath(workspace, input.path);
    return this.create(workspace, actor, input, 'flows.update');
  }

  /** Deploys a new immutable version, like a script: the same document again makes none. */
  async create(
    workspace: string,
    actor: Actor,
    input: NewFlow,
    action: 'flows.create' | 'flows.update' = 'flows.create',
  ): Promise<{ hash: string; created: boolean }> {
    assertScriptPath(input.path);
    const { value, schema } = await this.checkAndLock(
      {
        summary: input.summary ?? '',
        description: input.description,
        value: input.value,
        schema: input.schema ?? undefined,
      },
      false,
    );
    const fields = {
      summary: input.summary ?? '',
      description: input.description ?? '',
      value: JSON.stringify(value),
      schema: schema ? JSON.stringify(schema) : null,
    };
    const deployed = await this.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`flow:${workspace}/${input.path}`]);
      const latest: (FlowRow & { value_text: string; schema_text: string | null }) | undefined = (
        await tx.query(
          `SELECT *, value::text AS value_text, schema::text AS schema_text FROM flow
           WHERE workspace_id = $1 AND path = $2 ORDER BY created_at DESC LIMIT 1`,
          [workspace, input.path],
        )
      )[0];
      if (
        latest &&
        !latest.archived &&
        latest.summary === fields.summary &&
        latest.description === fields.description &&
        latest.value_text === fields.value &&
        latest.schema_text === fields.schema
      ) {
        return { hash: latest.hash, created: false };
      }
      const hash = createHash('sha256')
        .update(JSON.stringify([workspace, input.path, latest?.hash ?? null, fields]))
        .digest('hex')
        .slice(0, 16);
      await tx.query(
        `INSERT INTO flow (hash, workspace_id, path, parent_hash, summary, description, value, schema, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          hash,
          workspace,
          input.path,
          latest?.hash ?? null,
          fields.summary,
          fields.description,
          fields.value,
          fields.schema,
          actor.userId,
        ],
      );
      await recordAudit(tx, { workspace, actor, action, path: input.path, details: { hash } });
      return { hash, created: true };
    });
    this.announceLocks(value);
    return deployed;
  }

  /** Each distinct lock of the flow's inline steps, for workers to install before its first run. */
  private announceLocks(value: FlowValue): void {
    const locks = new Map<string, RawScript>();
    for (const { module } of walkModules(value)) {
      const v = module.value;
      if (v.type === 'rawscript' && v.lock) locks.set(JSON.stringify([v.language, v.lock]), v);
    }
    for (const v of locks.values()) this.locker.announce(v.language, v.lock!);
  }

  getByPath(workspace: string, path: string): Promise<FlowRow> {
    return requireLatestVersion<FlowRow>(this.db, 'flow', workspace, path);
  }

  /**
   * One version of the flow at `path`, by its hash. A hash of another path, or of another
   * workspace, is a 404: the path in the URL is part of the answer's identity.
   */
  async getVersion(workspace: string, path: string, hash: string): Promise<FlowRow> {
    assertScriptPath(path);
    if (!HASH_RE.test(hash)) {
      throw badRequest(
        `invalid flow version "${hash}": a version is the 16 hex digits a deploy answers in x-runnel-flow-version`,
      );
    }
    const rows: FlowRow[] = await this.db.query(
      'SELECT * FROM flow WHERE workspace_id = $1 AND path = $2 AND hash = $3',
      [workspace, path, hash],
    );
    if (!rows[0]) throw notFound(`flow "${path}" has no version "${hash}" in workspace "${workspace}"`);
    return rows[0];
  }

  /** The versions at a path, newest first, one page of them (`page` from 1); see versionHistory. */
  history(workspace: string, path: string, page: number, perPage: number): Promise<VersionRow[]> {
    assertScriptPath(path);
    return versionHistory(this.db, 'flow', workspace, path, page, perPage);
  }

  list(access: Access, showArchived: boolean): Promise<FlowRow[]> {
    return listLatestVersions<FlowRow>(this.db, 'flow', access, showArchived);
  }

  archive(workspace: string, actor: Actor, path: string): Promise<void> {
    const entry = { workspace, actor, action: 'flows.archive', path };
    return withAudit(this.db, entry, (tx) => archivePath(tx, 'flow', workspace, path));
  }

  /**
   * Deletes every version at `path` (Windmill's flows/delete); a 404 when there is none. Its past
   * runs stay (a job keeps the path as text); a trigger or schedule still naming it fails to start
   * it, as for an archived flow.
   */
  delete(workspace: string, actor: Actor, path: string): Promise<void> {
    assertScriptPath(path);
    const entry = { workspace, actor, action: 'flows.delete', path };
    return withAudit(this.db, entry, async (tx) => {
      // TypeORM answers a DELETE with [rows, count].
      const [, count]: [unknown[], number] = await tx.query('DELETE FROM flow WHERE workspace_id = $1 AND path = $2', [
        workspace,
        path,
      ]);
      if (count === 0) throw notFound(`flow "${path}" not found in workspace "${workspace}"`);
    });
  }
}
