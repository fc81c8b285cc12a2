import { Body, Controller, Get, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import type { AuthedRequest } from '../auth/auth.guard.js';
import { Api } from '../common/api-docs.js';
import { parseBody } from '../common/validate.js';
import { isInstanceAdmin } from '../users/instance-admin.js';

const globalUserSchema = {
  type: 'object',
  required: ['email', 'username', 'super_admin'],
  properties: {
    email: { type: 'string' },
    username: { type: 'string' },
    name: { type: 'string' },
    super_admin: { type: 'boolean', description: 'Whether the user is an instance admin.' },
    login_type: { type: 'string' },
    verified: { type: 'boolean' },
    operator_only: { type: 'boolean' },
    first_time_user: { type: 'boolean' },
  },
} as const;

const workspaceUserSchema = {
  type: 'object',
  required: ['email', 'username', 'is_admin', 'is_super_admin', 'operator', 'groups'],
  properties: {
    email: { type: 'string' },
    username: { type: 'string' },
    is_admin: { type: 'boolean', description: "Whether the caller's role in the workspace is admin." },
    is_super_admin: { type: 'boolean' },
    operator: { type: 'boolean', description: 'Whether the role is operator or viewer: may run, not edit.' },
    disabled: { type: 'boolean' },
    created_at: { type: 'string', format: 'date-time' },
    groups: { type: 'array', items: { type: 'string' }, description: "The caller's groups in the workspace." },
    role: { type: 'string', description: "Runnel's role: admin, developer, operator or viewer." },
  },
} as const;

const workspaceIdSchema = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', maxLength: 100 } },
} as const;

/**
 * Who the caller is, in the shapes Windmill's clients (the `wmill` CLI) ask for before anything
 * else (docs/adr/0047-windmill-cli.md). Runnel's own is `GET /api/auth/whoami`.
 */
@ApiTags('users')
@Controller('api')
export class WindmillIdentityController {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  @Api({
    id: 'globalWhoami',
    summary: 'The caller, outside any workspace (Windmill shape)',
    ok: { 200: { description: 'The caller.', json: globalUserSchema } },
  })
  @Get('users/whoami')
  async globalWhoami(@Req() req: AuthedRequest) {
    const { userId, username } = req.caller!;
    const [user] = await this.userRows(userId);
    return {
      email: user.email,
      username,
      name: username,
      super_admin: await isInstanceAdmin(this.db, userId),
      login_type: 'password',
      verified: true,
      operator_only: false,
      first_time_user: false,
    };
  }

  @Api({
    id: 'workspaceWhoami',
    summary: 'The caller in a workspace (Windmill shape)',
    ok: { 200: { description: 'The caller and their role and groups here.', json: workspaceUserSchema } },
  })
  @Get('w/:workspace/users/whoami')
  async whoami(@Param('workspace') workspace: string, @Req() req: AuthedRequest) {
    const { userId, username, role } = req.caller!;
    const [user] = await this.userRows(userId);
    const groups: { group_name: string }[] = await this.db.query(
      'SELECT group_name FROM group_member WHERE workspace_id = $1 AND user_id = $2 ORDER BY group_name',
      [workspace, userId],
    );
    return {
      email: user.email,
      username,
      is_admin: role === 'admin',
      is_super_admin: await isInstanceAdmin(this.db, userId),
      operator: role === 'operator' || role === 'viewer',
      disabled: false,
      created_at: user.created_at,
      groups: groups.map((g) => g.group_name),
      role,
    };
  }

  @Api({
    id: 'existsWorkspace',
    summary: 'Whether the caller is a member of a workspace',
    description:
      "Windmill's clients check a workspace with this before using it. A workspace the caller is not a " +
      'member of answers `false`, as one that does not exist: existence is not told to outsiders.',
    body: workspaceIdSchema,
    ok: { 200: { description: 'true or false.', json: { type: 'boolean' } } },
    errors: [400],
  })
  @Post('workspaces/exists')
  @HttpCode(200)
  async exists(@Body() body: unknown, @Req() req: AuthedRequest): Promise<boolean> {
    const { id } = parseBody<{ id: string }>(workspaceIdSchema, body);
    const { userId, tokenWorkspace } = req.caller!;
    if (tokenWorkspace && tokenWorkspace !== id) return false;
    const rows: unknown[] = await this.db.query(
      'SELECT 1 FROM workspace_member WHERE workspace_id = $1 AND user_id = $2',
      [id, userId],
    );
    return rows.length > 0;
  }

  private userRows(userId: string): Promise<{ email: string; created_at: Date }[]> {
    return this.db.query('SELECT email, created_at FROM app_user WHERE id = $1', [userId]);
  }
}
