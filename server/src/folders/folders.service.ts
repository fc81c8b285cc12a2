import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { recordAudit, type Actor } from '../audit/audit-log.js';
import type { Access, ExtraPerms } from '../auth/path-access.js';
import { badRequest, ErrorCode, notFound, RunnelError } from '../common/errors.js';

/** A folder as the API shows it, in Windmill's shape (`owners`: the grantees that may write). */
export interface FolderView {
  name: string;
  summary: string;
  extra_perms: ExtraPerms;
  owners: string[];
  created_by: string;
  created_at: Date;
}

/** The response schema of a folder, in the OpenAPI document as `Folder`. */
export const folderViewSchema = {
  type: 'object',
  required: ['name', 'summary', 'extra_perms', 'owners', 'created_by', 'created_at'],
  properties: {
    name: { type: 'string' },
    summary: { type: 'string' },
    extra_perms: {
      type: 'object',
      additionalProperties: { type: 'boolean' },
      description: '`u/<user>` or `g/<group>` → true: read and write, false: read only.',
    },
    owners: { type: 'array', items: { type: 'string' }, description: 'The grantees that may write.' },
    created_by: { type: 'string', description: 'Username.' },
    created_at: { type: 'string', format: 'date-time' },
  },
} as const;

export interface FolderInput {
  summary?: string;
  extra_perms?: ExtraPerms;
}

const SELECT = `SELECT f.name, f.summary, f.extra_perms, u.username AS created_by, f.created_at
  FROM folder f JOIN app_user u ON u.id = f.created_by`;

const view = (row: Omit<FolderView, 'owners'>): FolderView => ({
  ...row,
  owners: Object.keys(row.extra_perms).filter((grantee) => row.extra_perms[grantee]),
});

/**
 * Folders (`f/<folder>/…`) and who may read or write them; docs/adr/0040-folders-and-permissions.md.
 * What the grants mean is auth/path-access.ts's business; this keeps the rows.
 */
@Injectable()
export class FoldersService {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  /** Creates the folder; its creator may write it unless `extra_perms` says otherwise. */
  async create(workspace: string, actor: Actor, name: string, input: FolderInput): Promise<void> {
    const perms = { [`u/${actor.username}`]: true, ...input.extra_perms };
    await this.db.transaction(async (tx) => {
      await assertGrantees(tx, workspace, perms);
      const inserted: unknown[] = await tx.query(
        `INSERT INTO folder (workspace_id, name, summary, extra_perms, created_by) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT DO NOTHING RETURNING name`,
        [workspace, name, input.summary ?? '', perms, actor.userId],
      );
      if (!inserted.length)
        throw new RunnelError(ErrorCode.Conflict, `folder "${name}" already exists in workspace "${workspace}"`);
      await recordAudit(tx, {
        workspace,
        actor,
        action: 'folders.create',
        path: `f/${name}`,
        details: { extra_perms: perms },
      });
    });
  }

  /** The folders the caller may read, by name. */
  async list(access: Access): Promise<FolderView[]> {
    const rows: Omit<FolderView, 'owners'>[] = await this.db.query(
      `${SELECT} WHERE f.workspace_id = $1 ORDER BY f.name`,
      [access.workspace],
    );
    return rows.filter((row) => access.can(`f/${row.name}/`, 'read')).map(view);
  }

  async get(access: Access, name: string): Promise<FolderView> {
    const rows: Omit<FolderView, 'owners'>[] = await this.db.query(
      `${SELECT} WHERE f.workspace_id = $1 AND f.name = $2`,
      [access.workspace, name],
    );
    if (!rows[0] || !access.can(`f/${name}/`, 'read')) {
      throw notFound(`folder "${name}" not found in workspace "${access.workspace}"`);
    }
    return view(rows[0]);
  }

  /** Changes the summary or replaces the grants; the caller needs write on the folder. */
  async update(access: Access, actor: Actor, name: string, input: FolderInput): Promise<void> {
    await this.get(access, name);
    access.assert(`f/${name}`, 'write', 'folder');
    await this.db.transaction(async (tx) => {
      if (input.extra_perms) await assertGrantees(tx, access.workspace, input.extra_perms);
      await tx.query(
        `UPDATE folder SET summary = COALESCE($3, summary), extra_perms = COALESCE($4, extra_perms)
         WHERE workspace_id = $1 AND name = $2`,
        [access.workspace, name, input.summary ?? null, input.extra_perms ?? null],
      );
      await recordAudit(tx, {
        workspace: access.workspace,
        actor,
        action: 'folders.update',
        path: `f/${name}`,
        details: { ...input },
      });
    });
  }

  /**
   * Deletes an empty folder. One with objects is 409: deleting its row would open them to every
   * member (a folder without a row is open), which nobody deleting a folder means.
   */
  async delete(access: Access, actor: Actor, name: string): Promise<void> {
    await this.get(access, name);
    access.assert(`f/${name}`, 'write', 'folder');
    await this.db.transaction(async (tx) => {
      const used = await pathTablesUsing(tx, access.workspace, name);
      if (used.length) {
        throw new RunnelError(
          ErrorCode.Conflict,
          `folder "${name}" is not empty (${used.join(', ')}): move or delete what is in it first`,
        );
      }
      await tx.query('DELETE FROM folder WHERE workspace_id = $1 AND name = $2', [access.workspace, name]);
      await recordAudit(tx, { workspace: access.workspace, actor, action: 'folders.delete', path: `f/${name}` });
    });
  }
}

/** Every grantee is `u/<member>` or `g/<group>` of the workspace: a typo would grant nobody, silently. */
async function assertGrantees(tx: EntityManager, workspace: string, perms: ExtraPerms): Promise<void> {
  const grantees = Object.keys(perms);
  const known: { grantee: string }[] = await tx.query(
    `SELECT 'u/' || u.username AS grantee FROM workspace_member m JOIN app_user u ON u.id = m.user_id
       WHERE m.workspace_id = $1 AND 'u/' || u.username = ANY($2)
     UNION ALL
     SELECT 'g/' || name FROM workspace_group WHERE workspace_id = $1 AND 'g/' || name = ANY($2)`,
    [workspace, grantees],
  );
  const unknown = grantees.filter((g) => !known.some((k) => k.grantee === g));
  if (unknown.length) {
    throw badRequest(
      `cannot grant ${unknown.join(', ')}: not a member (u/<username>) or a group (g/<group>) of workspace "${workspace}"`,
    );
  }
}

/**
 * The tables holding objects in folder `name`: every table with a `workspace_id` and a `path`
 * (scripts, flows, variables, triggers, and whatever kind is added later), runs and the audit log aside.
 */
async function pathTablesUsing(tx: EntityManager, workspace: string, name: string): Promise<string[]> {
  const tables: { table_name: string }[] = await tx.query(
    `SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'path'
     INTERSECT
     SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'workspace_id'
     EXCEPT SELECT 'audit_log'
     ORDER BY 1`,
  );
  const used: string[] = [];
  for (const { table_name } of tables) {
    const rows = await tx.query(`SELECT 1 FROM "${table_name}" WHERE workspace_id = $1 AND path LIKE $2 LIMIT 1`, [
      workspace,
      `f/${name.replace(/_/g, '\\_')}/%`,
    ]);
    if (rows.length) used.push(table_name);
  }
  return used;
}
