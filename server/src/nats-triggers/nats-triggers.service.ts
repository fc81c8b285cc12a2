import type { Access } from '../auth/path-access.js';
import { requireTriggerTarget } from '../flows/trigger-target.js';
import { withAudit, type Actor } from '../audit/audit-log.js';
import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ErrorCode, RunnelError, badRequest, notFound } from '../common/errors.js';
import { FlowsService } from '../flows/flows.service.js';
import { NATS } from '../nats/nats-token.js';
import type { Nats } from '../nats/nats.js';
import type { NatsNames } from '@runnel/protocol';
import { ScriptsService, assertScriptPath } from '../scripts/scripts.service.js';
import { NatsTriggerListener } from './nats-trigger-listener.js';
import type { NatsTriggerRow } from './nats-trigger-row.js';
import { fullSubjects, subjectProblem, subjectsOverlap } from './subjects.js';
import { deleteOwnedRow } from '../common/owned-rows.js';

/** What create and update accept: `subject` (one) or Windmill's `subjects` (a list). */
export interface NatsTriggerInput {
  path?: string;
  subject?: string;
  subjects?: string[];
  script_path?: string;
  is_flow?: boolean;
  summary?: string;
  enabled?: boolean;
}

type Listed = NatsTriggerRow & { created_by_username: string; edited_by_username: string };

/** The response schema of natsTriggerView, in the OpenAPI document as `NatsTrigger`. */
export const natsTriggerViewSchema = {
  type: 'object',
  required: ['workspace_id', 'path', 'subject', 'subjects', 'full_subjects', 'script_path', 'is_flow', 'enabled'],
  properties: {
    workspace_id: { type: 'string' },
    path: { type: 'string' },
    subject: { type: 'string', description: 'The first of subjects.' },
    subjects: {
      type: 'array',
      items: { type: 'string' },
      description: "Relative to the workspace's namespace `<RUNNEL_NATS_PREFIX>.ws.<workspace>`.",
    },
    full_subjects: {
      type: 'array',
      items: { type: 'string' },
      description: 'The NATS subjects publishers publish on: each of subjects inside the namespace.',
    },
    script_path: { type: 'string' },
    is_flow: { type: 'boolean' },
    summary: { type: ['string', 'null'] },
    enabled: { type: 'boolean' },
    created_by: { type: 'string' },
    created_at: { type: 'string', format: 'date-time' },
    edited_by: { type: 'string' },
    edited_at: { type: 'string', format: 'date-time' },
  },
} as const;

export function natsTriggerView(row: Listed, names: NatsNames) {
  return {
    workspace_id: row.workspace_id,
    path: row.path,
    /** The first of `subjects`, for clients of the one-subject form. */
    subject: row.subjects[0],
    subjects: row.subjects,
    full_subjects: fullSubjects(names, row),
    script_path: row.script_path,
    is_flow: row.is_flow,
    summary: row.summary,
    enabled: row.enabled,
    created_by: row.created_by_username,
    created_at: row.created_at,
    edited_by: row.edited_by_username,
    edited_at: row.edited_at,
  };
}

const SELECT = `SELECT t.*, c.username AS created_by_username, e.username AS edited_by_username
  FROM nats_trigger t JOIN app_user c ON c.id = t.created_by JOIN app_user e ON e.id = t.edited_by`;

@Injectable()
export class NatsTriggersService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(NATS) private readonly nats: Nats,
    @Inject(ScriptsService) private readonly scripts: ScriptsService,
    @Inject(FlowsService) private readonly flows: FlowsService,
    @Inject(NatsTriggerListener) private readonly listener: NatsTriggerListener,
  ) {}

  async create(workspace: string, actor: Actor, input: NatsTriggerInput): Promise<string> {
    const path = input.path!;
    assertScriptPath(path);
    const subjects = this.subjects(workspace, input, true)!;
    await requireTriggerTarget(this.scripts, this.flows, workspace, input.script_path!, input.is_flow ?? false);
    await withAudit(this.db, { workspace, actor, action: 'nats_triggers.create', path }, async (tx) => {
      const rows: unknown[] = await tx.query(
        `INSERT INTO nats_trigger (id, workspace_id, path, subjects, script_path, is_flow, summary, enabled,
         created_by, edited_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)
       ON CONFLICT (workspace_id, path) DO NOTHING
       RETURNING id`,
        [
          randomUUID(),
          workspace,
          path,
          subjects,
          input.script_path,
          input.is_flow ?? false,
          input.summary ?? '',
          input.enabled ?? true,
          actor.userId,
        ],
      );
      if (!rows.length) throw conflict(path);
    });
    await this.listener.changed();
    return path;
  }

  async get(workspace: string, path: string): Promise<Listed> {
    const rows: Listed[] = await this.db.query(`${SELECT} WHERE t.workspace_id = $1 AND t.path = $2`, [
      workspace,
      path,
    ]);
    if (!rows[0]) throw notFound(`NATS trigger "${path}" not found in workspace "${workspace}"`);
    return rows[0];
  }

  /** The triggers the caller may read, one page of them by path. */
  list(access: Access, page: number, perPage: number): Promise<Listed[]> {
    const params: unknown[] = [access.workspace, perPage, (page - 1) * perPage];
    const readable = access.where('t.path', params);
    return this.db.query(
      `${SELECT} WHERE t.workspace_id = $1 AND ${readable} ORDER BY t.path LIMIT $2 OFFSET $3`,
      params,
    );
  }

  /** Changes the fields given; `path` renames. The trigger's creator stays who jobs run as. */
  async update(workspace: string, actor: Actor, path: string, input: NatsTriggerInput): Promise<void> {
    const current = await this.get(workspace, path);
    const next = {
      path: input.path ?? current.path,
      subjects: this.subjects(workspace, input, false) ?? current.subjects,
      script_path: input.script_path ?? current.script_path,
      is_flow: input.is_flow ?? current.is_flow,
      summary: input.summary ?? current.summary,
      enabled: input.enabled ?? current.enabled,
    };
    if (next.path !== current.path) assertScriptPath(next.path);
    if (next.script_path !== current.script_path || next.is_flow !== current.is_flow) {
      await requireTriggerTarget(this.scripts, this.flows, workspace, next.script_path, next.is_flow);
    }
    // A rename onto another trigger's path changes nothing; the unique index backs this up.
    const entry = { workspace, actor, action: 'nats_triggers.update', path: next.path, details: { from_path: path } };
    await withAudit(this.db, entry, async (tx) => {
      const [, count]: [unknown, number] = await tx.query(
        `UPDATE nats_trigger SET path = $3, subjects = $4, script_path = $5, is_flow = $6, summary = $7,
         enabled = $8, edited_by = $9, edited_at = now()
       WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM nats_trigger WHERE workspace_id = $2 AND path = $3 AND id <> $1)`,
        [
          current.id,
          workspace,
          next.path,
          next.subjects,
          next.script_path,
          next.is_flow,
          next.summary,
          next.enabled,
          actor.userId,
        ],
      );
      if (!count) throw conflict(next.path);
    });
    await this.listener.changed();
  }

  async setEnabled(workspace: string, actor: Actor, path: string, enabled: boolean): Promise<void> {
    const entry = { workspace, actor, action: 'nats_triggers.update', path, details: { enabled } };
    await withAudit(this.db, entry, async (tx) => {
      const [, count]: [unknown, number] = await tx.query(
        `UPDATE nats_trigger SET enabled = $3, edited_by = $4, edited_at = now() WHERE workspace_id = $1 AND path = $2`,
        [workspace, path, enabled, actor.userId],
      );
      if (!count) throw notFound(`NATS trigger "${path}" not found in workspace "${workspace}"`);
    });
    await this.listener.changed();
  }

  async delete(workspace: string, actor: Actor, path: string): Promise<void> {
    const entry = { workspace, actor, action: 'nats_triggers.delete', path };
    await withAudit(this.db, entry, (tx) => deleteOwnedRow(tx, 'nats_trigger', 'NATS trigger', workspace, path));
    await this.listener.changed();
  }

  /** For natsTriggerView. */
  get names(): NatsNames {
    return this.nats.names;
  }

  /** The subjects given, validated; undefined when neither form is given and none is required. */
  private subjects(workspace: string, input: NatsTriggerInput, required: boolean): string[] | undefined {
    if (input.subject !== undefined && input.subjects !== undefined) {
      throw badRequest('give either subject (one) or subjects (a list), not both');
    }
    const subjects = input.subject !== undefined ? [input.subject] : input.subjects;
    if (!subjects) {
      if (required) throw badRequest('subject is required: the NATS subject whose messages start the job');
      return undefined;
    }
    for (const subject of subjects) {
      const problem = subjectProblem(subject, this.nats.names.prefix, this.nats.names.workspaceSubjects(workspace));
      if (problem) throw badRequest(`subject "${subject}" ${problem}`);
    }
    for (const [i, a] of subjects.entries()) {
      for (const b of subjects.slice(i + 1)) {
        if (subjectsOverlap(a, b)) {
          throw badRequest(`subjects "${a}" and "${b}" overlap: a message matching both would start two jobs`);
        }
      }
    }
    return subjects;
  }
}

function conflict(path: string): RunnelError {
  return new RunnelError(ErrorCode.Conflict, `a NATS trigger already exists at path "${path}"`);
}
