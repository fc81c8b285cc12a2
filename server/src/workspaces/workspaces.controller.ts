import { Body, Controller, Get, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { actorOfRequest } from '../audit/audit-log.js';
import type { AuthedRequest } from '../auth/auth.guard.js';
import { MinRole } from '../auth/roles.js';
import { Api, listOf, ref } from '../common/api-docs.js';
import { parseBody } from '../common/validate.js';
import { WorkspacesService, newWorkspaceSchema, renameWorkspaceSchema } from './workspaces.service.js';

/** Workspaces, in Windmill's shapes; `workspaces/list` (the caller's) is in session.controller.ts. */
@ApiTags('workspaces')
@Controller('api')
export class WorkspacesController {
  constructor(@Inject(WorkspacesService) private readonly workspaces: WorkspacesService) {}

  @Api({
    id: 'createWorkspace',
    summary: 'Create a workspace (instance admin)',
    description: 'The caller becomes its first admin. Audited as an instance-level `workspaces.create`.',
    body: newWorkspaceSchema,
    ok: { 201: { description: 'Created.', json: ref('Workspace') } },
    errors: [400, 409],
  })
  @Post('workspaces/create')
  create(@Body() body: unknown, @Req() req: AuthedRequest) {
    const input = parseBody<{ id: string; name: string }>(newWorkspaceSchema, body);
    return this.workspaces.create(req.caller!, actorOfRequest(req), input);
  }

  @Api({
    id: 'listWorkspacesAsInstanceAdmin',
    summary: 'Every workspace (instance admin)',
    ok: {
      200: { description: "By id, with the caller's role in each (null: not a member).", json: listOf('Workspace') },
    },
  })
  @Get('workspaces/list_as_instance_admin')
  listAll(@Req() req: AuthedRequest) {
    return this.workspaces.listAll(req.caller!);
  }

  @Api({
    id: 'getWorkspace',
    summary: 'A workspace the caller is a member of',
    ok: { 200: { description: 'The workspace.', json: ref('Workspace') } },
    errors: [404],
  })
  @Get('w/:workspace/workspaces/get')
  get(@Param('workspace') ws: string, @Req() req: AuthedRequest) {
    return this.workspaces.get(req.caller!.userId, ws);
  }

  @Api({
    id: 'changeWorkspaceName',
    summary: 'Rename a workspace (admin)',
    description: 'The id stays; it is in every URL and path. Audited as `workspaces.update`.',
    body: renameWorkspaceSchema,
    ok: { 200: { description: 'The workspace renamed.', json: ref('Workspace') } },
    errors: [400],
  })
  @Post('w/:workspace/workspaces/change_workspace_name')
  @HttpCode(200)
  @MinRole('admin')
  rename(@Param('workspace') ws: string, @Body() body: unknown, @Req() req: AuthedRequest) {
    const { new_name } = parseBody<{ new_name: string }>(renameWorkspaceSchema, body);
    return this.workspaces.rename(actorOfRequest(req), ws, new_name);
  }
}
