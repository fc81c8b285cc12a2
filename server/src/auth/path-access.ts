import { Inject, Injectable, SetMetadata } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { forbidden, notFound } from '../common/errors.js';
import type { Role } from './roles.js';

/**
 * Who may read or write what path: the one place folder and user-path permissions are decided
 * (docs/adr/0040-folders-and-permissions.md). Every area asks it, by `PathAccess.of(caller)`:
 * a single object with `Access.assert`, a list with `Access.where` (in SQL, so pages hold only
 * rows the caller may read). Roles still cap what a caller does: a viewer granted write on a
 * folder still cannot deploy, because the route's MinRole says developer.
 *
 * - Workspace admins read and write everything.
 * - `u/<user>/…` belongs to that user alone (and the admins), as in Windmill.
 * - `f/<folder>/…` whose folder has a row: only its grantees, `u/<user>` or `g/<group>` in
 *   `extra_perms` (true = write, false = read).
 * - `f/<folder>/…` whose folder has no row (paths made before folders existed) is open to every
 *   member, per role: folders are opt-in and nothing that worked before stops working.
 * - No path (a job nobody owns): admins only.
 */
export type AccessMode = 'read' | 'write';
export type AccessLevel = 'none' | AccessMode;

/** A folder's grants as stored and as the API shows them: grantee → may write. */
export type ExtraPerms = Record<string, boolean>;

/** A user in a workspace; `role` when the caller already knows it. */
export interface Member {
  workspace: string;
  userId: string;
  username: string;
  role?: Role;
}

/** What a caller may do in one workspace; build it with `PathAccess.of`. */
export class Access {
  constructor(
    readonly workspace: string,
    readonly username: string,
    readonly admin: boolean,
    /** The folders with a row, and the caller's level in each. */
    private readonly folders: ReadonlyMap<string, AccessLevel>,
  ) {}

  level(path: string | null): AccessLevel {
    if (this.admin) return 'write';
    if (path === null) return 'none';
    const [root, owner] = path.split('/');
    if (root === 'u') return owner === this.username ? 'write' : 'none';
    if (root === 'f' && owner !== undefined) return this.folders.get(owner) ?? 'write';
    return 'write';
  }

  can(path: string | null, mode: AccessMode): boolean {
    const level = this.level(path);
    return mode === 'read' ? level !== 'none' : level === 'write';
  }

  /**
   * Throws unless the caller may `mode` the object `what` (e.g. `script`) at `path`. One the
   * caller may not read is 404, word for word what a missing one answers, so that a folder's
   * contents are not revealed; one it may read but not write is 403 saying why.
   */
  assert(path: string | null, mode: AccessMode, what: string): void {
    const level = this.level(path);
    if (level === 'none') throw notFound(`${what} "${path ?? ''}" not found in workspace "${this.workspace}"`);
    if (mode === 'write' && level !== 'write') {
      throw forbidden(`you may only read ${what} "${path}": ask an admin for write permission on ${folderOf(path!)}`);
    }
  }

  /**
   * A trigger (schedule, HTTP route, NATS subscription) is written at its own `path` and runs its
   * target: its author must write the one and read the other, or it would run what they may not.
   * `target.script_path` undefined: the target does not change. A schedule's `on_failure`
   * script is a target too.
   */
  assertTrigger(
    path: string,
    what: string,
    target: { script_path?: string; is_flow?: boolean; on_failure?: string | null },
  ): void {
    this.assert(path, 'write', what);
    if (target.script_path !== undefined) this.assert(target.script_path, 'read', target.is_flow ? 'flow' : 'script');
    if (target.on_failure) this.assert(target.on_failure, 'read', 'script');
  }

  /**
   * A condition on `column` keeping the rows the caller may read; appends its parameters to
   * `params` (which hold the query's others before it).
   */
  where(column: string, params: unknown[]): string {
    if (this.admin) return 'TRUE';
    const hidden = [...this.folders].filter(([, level]) => level === 'none').map(([name]) => name);
    params.push(this.username, hidden);
    const user = `$${params.length - 1}`;
    const folders = `$${params.length}::text[]`;
    return (
      `(${column} IS NOT NULL` +
      ` AND NOT (${column} LIKE 'u/%' AND split_part(${column}, '/', 2) <> ${user})` +
      ` AND NOT (${column} LIKE 'f/%' AND split_part(${column}, '/', 2) = ANY(${folders})))`
    );
  }
}

/** `f/<folder>` or `u/<user>`: what an admin grants. */
function folderOf(path: string): string {
  return path.split('/').slice(0, 2).join('/');
}

/** The caller's level in a folder from its grants: the best of its user's and its groups'. */
export function levelIn(perms: ExtraPerms, username: string, groups: readonly string[]): AccessLevel {
  const grants = [`u/${username}`, ...groups.map((g) => `g/${g}`)].filter((grantee) => grantee in perms);
  if (grants.length === 0) return 'none';
  return grants.some((grantee) => perms[grantee]) ? 'write' : 'read';
}

@Injectable()
export class PathAccess {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  /**
   * The permissions of `member` in `workspace`: REST's caller (whose role the guard has read) or
   * GraphQL's, the in-job SDK's (whose role is looked up here).
   */
  async of(member: Member): Promise<Access> {
    const { workspace, userId, username } = member;
    const role = member.role ?? (await this.roleOf(workspace, userId));
    if (role === 'admin') return new Access(workspace, username, true, new Map());
    const [folders, groups]: [{ name: string; extra_perms: ExtraPerms }[], { group_name: string }[]] =
      await Promise.all([
        this.db.query('SELECT name, extra_perms FROM folder WHERE workspace_id = $1', [workspace]),
        this.db.query('SELECT group_name FROM group_member WHERE workspace_id = $1 AND user_id = $2', [
          workspace,
          userId,
        ]),
      ]);
    const names = groups.map((g) => g.group_name);
    const levels = new Map(folders.map((f) => [f.name, levelIn(f.extra_perms, username, names)]));
    return new Access(workspace, username, false, levels);
  }

  private async roleOf(workspace: string, userId: string): Promise<Role | undefined> {
    const rows: { role: Role }[] = await this.db.query(
      'SELECT role FROM workspace_member WHERE workspace_id = $1 AND user_id = $2',
      [workspace, userId],
    );
    return rows[0]?.role;
  }

  /** Shorthand for one check: see `Access.assert`. */
  async check(member: Member, path: string | null, mode: AccessMode, what: string): Promise<void> {
    (await this.of(member)).assert(path, mode, what);
  }
}

export const PATH_ACCESS_KEY = 'runnel:path-access';
export interface PathRule {
  mode: AccessMode;
  what: string;
}

/**
 * The route's `*` parameter (REST) or the operation's `path` argument (GraphQL) is the path of a
 * `what` the caller must be allowed to `mode`; the auth guards check it before the handler runs,
 * so a handler never sees a path it may not use.
 */
export const PathParam = (mode: AccessMode, what: string) => SetMetadata(PATH_ACCESS_KEY, { mode, what });
