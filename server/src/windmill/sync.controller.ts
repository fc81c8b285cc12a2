import { Controller, Get, Inject, Param, Query, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { actorOfRequest as actorOf } from '../audit/audit-log.js';
import { CallerAccess, type AuthedRequest } from '../auth/auth.guard.js';
import type { Access } from '../auth/path-access.js';
import { Api } from '../common/api-docs.js';
import { EXPORT_QUERY, exportOptions, WorkspaceExport } from './tarball.js';
import { zipArchive } from './zip.js';

/**
 * What `wmill sync pull` and `sync push` ask for besides the objects' own routes
 * (docs/adr/0047-windmill-cli.md): the workspace as an archive of files, and two lists Runnel
 * has nothing to put in.
 */
@ApiTags('workspaces')
@Controller('api/w/:workspace')
export class WindmillSyncController {
  constructor(@Inject(WorkspaceExport) private readonly exporter: WorkspaceExport) {}

  @Api({
    id: 'tarballWorkspace',
    summary: 'The workspace as files, in a ZIP archive (what `wmill sync pull` reads)',
    description:
      'Folders (`f/<name>/folder.meta.json`), scripts (`<path>.py|ts|deno.ts|sh` and `<path>.script.json`), flows ' +
      "(`<path>.flow.json`), variables, resources, the workspace's resource types and (when asked) schedules, as " +
      'JSON; only what the caller may read. Secrets leave only in plaintext to an admin who asked (audited as ' +
      'reveals); other query parameters of Windmill are accepted and ignored.',
    query: Object.fromEntries(
      Object.entries(EXPORT_QUERY).map(([name, description]) => [name, { schema: { type: 'string' }, description }]),
    ),
    ok: { 200: { description: 'A ZIP archive.', any: true } },
    errors: [400],
  })
  @Get('workspaces/tarball')
  async tarball(
    @Query() query: Record<string, unknown>,
    @CallerAccess() access: Access,
    @Req() req: AuthedRequest,
    @Res() reply: FastifyReply,
  ) {
    const files = await this.exporter.files(access, actorOf(req), exportOptions(query));
    await reply
      .status(200)
      .type('application/zip')
      .header('content-disposition', `attachment; filename="${access.workspace}.zip"`)
      .send(zipArchive(files));
  }

  @Api({
    id: 'listWorkspaceSpecific',
    summary: 'Items marked workspace-specific (always empty in Runnel)',
    ok: { 200: { description: 'An empty list.', json: { type: 'array', items: { type: 'object' } } } },
  })
  @Get('workspaces/list_ws_specific')
  listWorkspaceSpecific(@Param('workspace') _workspace: string): unknown[] {
    return [];
  }

  @Api({
    id: 'fileResourceTypeToFileExtMap',
    summary: 'Resource types whose value is a file, and its extension (none in Runnel)',
    ok: { 200: { description: 'An empty map.', json: { type: 'object', additionalProperties: true } } },
  })
  @Get('resources/file_resource_type_to_file_ext_map')
  fileResourceTypes(@Param('workspace') _workspace: string): Record<string, unknown> {
    return {};
  }
}
