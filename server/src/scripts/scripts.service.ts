import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { inferSignature, LANGUAGES, SignatureError, type JsonSchema, type Language } from '@runnel/runtimes';
import type { JobNetwork } from '@runnel/protocol';
import { DataSource } from 'typeorm';
import { ErrorCode, RunnelError, badRequest, notFound } from '../common/errors.js';
import { archivePath, latestVersion, listLatestVersions, requireLatestVersion } from '../common/versions.js';

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
}

export interface ScriptRow {
  hash: string;
  workspace_id: string;
  path: string;
  parent_hash: string | null;
  language: Language;
  content: string;
  summary: string;
  description: string;
  schema: JsonSchema;
  arg_order: string[];
  tag: string;
  timeout_s: number | null;
  network: JobNetwork | null;
  created_by: string;
  created_at: Date;
  archived: boolean;
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
  required: ['workspace_id', 'hash', 'path', 'language', 'content', 'schema', 'tag', 'created_at', 'archived'],
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
      description: "JSON Schema of main's parameters, inferred at deploy.",
    },
    tag: { type: 'string' },
    timeout: { type: ['integer', 'null'] },
    network: { type: ['string', 'null'], enum: ['none', 'outbound', 'host', null] },
    created_by: { type: 'string' },
    created_at: { type: 'string', format: 'date-time' },
    archived: { type: 'boolean' },
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
    schema: row.schema,
    tag: row.tag,
    timeout: row.timeout_s,
    network: row.network,
    created_by: row.created_by,
    created_at: row.created_at,
    archived: row.archived,
  };
}

@Injectable()
export class ScriptsService {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  /**
   * Deploys a new immutable version. Its hash covers the previous version's hash, so
   * reverting to older content still makes a new version; deploying exactly the latest
   * version again makes none and returns its hash.
   */
  async create(workspace: string, userId: string, input: NewScript): Promise<{ hash: string; created: boolean }> {
    assertScriptPath(input.path);
    let signature;
    try {
      signature = inferSignature(input.language, input.content);
    } catch (err) {
      if (err instanceof SignatureError) {
        throw new RunnelError(ErrorCode.InvalidScript, `cannot read main's parameters: ${err.message}`, {
          line: err.line,
          column: err.column,
        });
      }
      throw err;
    }
    const fields = {
      language: input.language,
      content: input.content,
      summary: input.summary ?? '',
      description: input.description ?? '',
      tag: input.tag ?? 'default',
      timeout_s: input.timeout ?? null,
      network: input.network ?? null,
    };
    return this.db.transaction(async (tx) => {
      // Serialises deploys of one path so two concurrent deploys cannot both claim "latest".
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`${workspace}/${input.path}`]);
      const latest = await latestVersion<ScriptRow>(tx, 'script', workspace, input.path);
      if (
        latest &&
        !latest.archived &&
        (Object.keys(fields) as (keyof typeof fields)[]).every((k) => latest[k] === fields[k])
      ) {
        return { hash: latest.hash, created: false };
      }
      const hash = createHash('sha256')
        .update(JSON.stringify([workspace, input.path, latest?.hash ?? null, fields]))
        .digest('hex')
        .slice(0, 16);
      await tx.query(
        `INSERT INTO script (hash, workspace_id, path, parent_hash, language, content, summary, description,
           schema, arg_order, tag, timeout_s, network, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
        [
          hash,
          workspace,
          input.path,
          latest?.hash ?? null,
          fields.language,
          fields.content,
          fields.summary,
          fields.description,
          JSON.stringify(signature.schema),
          signature.order,
          fields.tag,
          fields.timeout_s,
          fields.network,
          userId,
        ],
      );
      return { hash, created: true };
    });
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

  /** The latest version of every path; archived paths only when asked for. */
  list(workspace: string, showArchived: boolean): Promise<ScriptRow[]> {
    return listLatestVersions<ScriptRow>(this.db, 'script', workspace, showArchived);
  }

  archive(workspace: string, path: string): Promise<void> {
    return archivePath(this.db, 'script', workspace, path);
  }
}
