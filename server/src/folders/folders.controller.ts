import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CallerAccess, type AuthedRequest } from '../auth/auth.guard.js';
import type { Access } from '../auth/path-access.js';
import { MinRole } from '../auth/roles.js';
import { Api, listOf, ref } from '../common/api-docs.js';
import { exists } from '../common/exists.js';
import { sendText } from '../common/replies.js';
import { parseBody } from '../common/validate.js';
import { actorOfRequest as actorOf } from '../audit/audit-log.js';
import { FoldersService, type FolderInput } from './folders.service.js';
import { NAME_SCHEMA } from './groups.service.js';

const GRANTEE = '^[ug]/[A-Za-z0-9_.@+-]{1,255}$';
const fields = {
  summary: { type: 'string', maxLength: 1000 },
  extra_perms: {
    type: 'object',
    description: '`u/<user>` or `g/<group>` → true: read and write, false: read only. Replaces the grants.',
    propertyNames: { pattern: GRANTEE },
    additionalProperties: { type: 'boolean' },
    maxProperties: 1000,
  },
} as const;
export const createFolderSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: { name: NAME_SCHEMA, ...fields },
} as const;
export const updateFolderSchema = { type: 'object', additionalProperties: false, properties: fields } as const;
const NAME = { name: 'The folder name (`f/<name>/…`).' };

/** Folders and their grants, in Windmill's shapes (`folders/*`); docs/adr/0040-folders-and-permissions.md. */
@ApiTags('folders')
@Controller('api/w/:workspace/folders')
export class FoldersController {
  constructor(@Inject(FoldersService) private readonly folders: FoldersService) {}

  @Api({
    id: 'createFolder',
    summary: 'Create a folder',
    description: 'Its creator may write it (`u/<creator>: true`) unless `extra_perms` says otherwise.',
    body: createFolderSchema,
    ok: { 201: { description: 'Created.', text: 'The folder name.' } },
    errors: [400, 409],
  })
  @Post('create')
  @MinRole('developer')
  async create(
    @Param('workspace') ws: string,
    @Body() body: unknown,
    @Req() req: AuthedRequest,
    @Res() reply: FastifyReply,
  ) {
    const { name, ...input } = parseBody<FolderInput & { name: string }>(createFolderSchema, body);
    await this.folders.create(ws, actorOf(req), name, input);
    await sendText(reply, 201, name);
  }

  @Api({
    id: 'listFolders',
    summary: 'List the folders the caller may read',
    ok: { 200: { description: 'Folders.', json: listOf('Folder') } },
  })
  @Get('list')
  list(@CallerAccess() access: Access) {
    return this.folders.list(access);
  }

  @Api({
    id: 'getFolder',
    summary: 'Get a folder',
    params: NAME,
    ok: { 200: { description: 'The folder.', json: ref('Folder') } },
    errors: [404],
  })
  @Get('get/:name')
  get(@Param('name') name: string, @CallerAccess() access: Access) {
    return this.folders.get(access, name);
  }

  @Api({
    id: 'existsFolder',
    summary: 'Whether a folder exists',
    description: 'One the caller may not read answers false, as a get answers 404.',
    params: NAME,
    ok: { 200: { description: 'true or false.', json: { type: 'boolean' } } },
  })
  @Get('exists/:name')
  exists(@Param('name') name: string, @CallerAccess() access: Access): Promise<boolean> {
    return exists(this.folders.get(access, name));
  }

  @Api({
    id: 'updateFolder',
    summary: "Change a folder's summary or grants",
    description: 'Needs write permission on the folder (admins have it everywhere).',
    params: NAME,
    body: updateFolderSchema,
    ok: { 200: { description: 'Updated.', text: 'A confirmation.' } },
    errors: [400, 404],
  })
  @Post('update/:name')
  @MinRole('developer')
  @HttpCode(200)
  async update(
    @Param('name') name: string,
    @Body() body: unknown,
    @CallerAccess() access: Access,
    @Req() req: AuthedRequest,
    @Res() reply: FastifyReply,
  ) {
    const input = parseBody<FolderInput>(updateFolderSchema, body);
    await this.folders.update(access, actorOf(req), name, input);
    await sendText(reply, 200, `updated folder ${name}`);
  }

  @Api({
    id: 'deleteFolder',
    summary: 'Delete an empty folder',
    params: NAME,
    ok: { 200: { description: 'Deleted.', text: 'A confirmation.' } },
    errors: [404, 409],
  })
  @Delete('delete/:name')
  @MinRole('developer')
  async delete(
    @Param('name') name: string,
    @CallerAccess() access: Access,
    @Req() req: AuthedRequest,
    @Res() reply: FastifyReply,
  ) {
    await this.folders.delete(access, actorOf(req), name);
    await sendText(reply, 200, `deleted folder ${name}`);
  }
}
