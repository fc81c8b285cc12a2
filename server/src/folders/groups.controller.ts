import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AuthedRequest } from '../auth/auth.guard.js';
import { MinRole } from '../auth/roles.js';
import { Api, listOf, ref } from '../common/api-docs.js';
import { sendText } from '../common/replies.js';
import { parseBody } from '../common/validate.js';
import { actorOfRequest as actorOf } from '../audit/audit-log.js';
import { GroupsService, NAME_SCHEMA } from './groups.service.js';

export const createGroupSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: { name: NAME_SCHEMA, summary: { type: 'string', maxLength: 1000 } },
} as const;
export const memberSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['username'],
  properties: { username: { type: 'string', minLength: 1, maxLength: 255 } },
} as const;
const NAME = { name: 'The group name.' };

/** Groups of members, in Windmill's shapes (`groups/*`); members may read them, admins change them. */
@ApiTags('groups')
@Controller('api/w/:workspace/groups')
export class GroupsController {
  constructor(@Inject(GroupsService) private readonly groups: GroupsService) {}

  @Api({
    id: 'createGroup',
    summary: 'Create a group',
    body: createGroupSchema,
    ok: { 201: { description: 'Created.', text: 'The group name.' } },
    errors: [400, 409],
  })
  @Post('create')
  @MinRole('admin')
  async create(
    @Param('workspace') ws: string,
    @Body() body: unknown,
    @Req() req: AuthedRequest,
    @Res() reply: FastifyReply,
  ) {
    const { name, summary } = parseBody<{ name: string; summary?: string }>(createGroupSchema, body);
    await this.groups.create(ws, actorOf(req), name, summary);
    await sendText(reply, 201, name);
  }

  @Api({
    id: 'listGroups',
    summary: 'List groups with their members',
    ok: { 200: { description: 'Groups.', json: listOf('Group') } },
  })
  @Get('list')
  list(@Param('workspace') ws: string) {
    return this.groups.list(ws);
  }

  @Api({
    id: 'getGroup',
    summary: 'Get a group',
    params: NAME,
    ok: { 200: { description: 'The group.', json: ref('Group') } },
    errors: [404],
  })
  @Get('get/:name')
  get(@Param('workspace') ws: string, @Param('name') name: string) {
    return this.groups.get(ws, name);
  }

  @Api({
    id: 'addUserToGroup',
    summary: 'Add a member of the workspace to a group',
    params: NAME,
    body: memberSchema,
    ok: { 200: { description: 'Added.', text: 'A confirmation.' } },
    errors: [400, 404],
  })
  @Post('adduser/:name')
  @MinRole('admin')
  @HttpCode(200)
  async addUser(
    @Param('workspace') ws: string,
    @Param('name') name: string,
    @Body() body: unknown,
    @Req() req: AuthedRequest,
    @Res() reply: FastifyReply,
  ) {
    await this.setMember(ws, name, body, req, reply, true);
  }

  @Api({
    id: 'removeUserToGroup',
    summary: 'Remove a member from a group',
    params: NAME,
    body: memberSchema,
    ok: { 200: { description: 'Removed.', text: 'A confirmation.' } },
    errors: [400, 404],
  })
  @Post('removeuser/:name')
  @MinRole('admin')
  @HttpCode(200)
  async removeUser(
    @Param('workspace') ws: string,
    @Param('name') name: string,
    @Body() body: unknown,
    @Req() req: AuthedRequest,
    @Res() reply: FastifyReply,
  ) {
    await this.setMember(ws, name, body, req, reply, false);
  }

  private async setMember(
    ws: string,
    name: string,
    body: unknown,
    req: AuthedRequest,
    reply: FastifyReply,
    member: boolean,
  ) {
    const { username } = parseBody<{ username: string }>(memberSchema, body);
    await this.groups.setMember(ws, actorOf(req), name, username, member);
    await sendText(
      reply,
      200,
      member ? `added ${username} to group ${name}` : `removed ${username} from group ${name}`,
    );
  }

  @Api({
    id: 'deleteGroup',
    summary: 'Delete a group and every folder grant to it',
    params: NAME,
    ok: { 200: { description: 'Deleted.', text: 'A confirmation.' } },
    errors: [404],
  })
  @Delete('delete/:name')
  @MinRole('admin')
  async delete(
    @Param('workspace') ws: string,
    @Param('name') name: string,
    @Req() req: AuthedRequest,
    @Res() reply: FastifyReply,
  ) {
    await this.groups.delete(ws, actorOf(req), name);
    await sendText(reply, 200, `deleted group ${name}`);
  }
}
