import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { recordAudit, type Actor } from '../audit/audit-log.js';
import { badRequest, notFound, RunnelError, ErrorCode } from '../common/errors.js';

/** A group's or folder's name: one path segment, as in `g/<group>` and `f/<folder>/…`. */
export const NAME_SCHEMA = { type: 'string', pattern: '^[A-Za-z0-9_-]{1,100}$' } as const;

/** A group as the API shows it, in Windmill's shape. */
export interface GroupView {
  name: string;
  summary: string;
  members: string[];
}

/** The response schema of a group, in the OpenAPI document as `Group`. */
export const groupViewSchema = {
  type: 'object',
  required: ['name', 'summary', 'members'],
  properties: {
    name: { type: 'string' },
    summary: { type: 'string' },
    members: { type: 'array', items: { type: 'string' }, description: 'Usernames.' },
  },
} as const;

/**
 * Groups of a workspace's members (Windmill's `g/<group>`): what a folder grants to many users
 * at once. Only admins change them (the controller's MinRole).
 */
@Injectable()
export class GroupsService {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  async create(workspace: string, actor: Actor, name: string, summary = ''): Promise<void> {
    await this.db.transaction(async (tx) => {
      const inserted: unknown[] = await tx.query(
        `INSERT INTO workspace_group (workspace_id, name, summary) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING name`,
        [workspace, name, summary],
      );
      if (!inserted.length) {
        throw new RunnelError(ErrorCode.Conflict, `group "${name}" already exists in workspace "${workspace}"`);
      }
      await recordAudit(tx, { workspace, actor, action: 'groups.create', path: `g/${name}` });
    });
  }

  async list(workspace: string): Promise<GroupView[]> {
    return this.db.query(
      `SELECT g.name, g.summary,
              COALESCE(array_agg(u.username ORDER BY u.username) FILTER (WHERE u.username IS NOT NULL), '{}') AS members
       FROM workspace_group g
       LEFT JOIN group_member m ON m.workspace_id = g.workspace_id AND m.group_name = g.name
       LEFT JOIN app_user u ON u.id = m.user_id
       WHERE g.workspace_id = $1 GROUP BY g.name, g.summary ORDER BY g.name`,
      [workspace],
    );
  }

  async get(workspace: string, name: string): Promise<GroupView> {
    const group = (await this.list(workspace)).find((g) => g.name === name);
    if (!group) throw notFound(`group "${name}" not found in workspace "${workspace}"`);
    return group;
  }

  /**
   * Adds a member of the workspace to the group (`member` true; adding one already in it changes
   * nothing) or removes one (404 when not in it).
   */
  async setMember(workspace: string, actor: Actor, name: string, username: string, member: boolean): Promise<void> {
    await this.get(workspace, name);
    const userId = await this.memberId(workspace, username);
    await this.db.transaction(async (tx) => {
      if (member) {
        await tx.query(
          'INSERT INTO group_member (workspace_id, group_name, user_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
          [workspace, name, userId],
        );
      } else {
        const [, count]: [unknown, number] = await tx.query(
          'DELETE FROM group_member WHERE workspace_id = $1 AND group_name = $2 AND user_id = $3',
          [workspace, name, userId],
        );
        if (!count) throw notFound(`"${username}" is not a member of group "${name}"`);
      }
      const action = member ? 'groups.adduser' : 'groups.removeuser';
      await recordAudit(tx, { workspace, actor, action, path: `g/${name}`, details: { username } });
    });
  }

  /** Deletes the group, its memberships and every folder grant to it. */
  async delete(workspace: string, actor: Actor, name: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const [, count]: [unknown, number] = await tx.query(
        'DELETE FROM workspace_group WHERE workspace_id = $1 AND name = $2',
        [workspace, name],
      );
      if (!count) throw notFound(`group "${name}" not found in workspace "${workspace}"`);
      await tx.query('UPDATE folder SET extra_perms = extra_perms - $2 WHERE workspace_id = $1', [
        workspace,
        `g/${name}`,
      ]);
      await recordAudit(tx, { workspace, actor, action: 'groups.delete', path: `g/${name}` });
    });
  }

  private async memberId(workspace: string, username: string): Promise<string> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT u.id FROM app_user u JOIN workspace_member m ON m.user_id = u.id
       WHERE m.workspace_id = $1 AND u.username = $2`,
      [workspace, username],
    );
    if (!rows[0]) throw badRequest(`"${username}" is not a member of workspace "${workspace}": add the user first`);
    return rows[0].id;
  }
}
