import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { actorOfRequest } from '../audit/audit-log.js';
import type { AuthedRequest } from '../auth/auth.guard.js';
import { MinRole, type Role } from '../auth/roles.js';
import { Api, listOf, ref } from '../common/api-docs.js';
import { sendText } from '../common/replies.js';
import { parseBody } from '../common/validate.js';
import { InvitesService, inviteSchema } from './invites.service.js';
import { MembersService, addMemberSchema, setRoleSchema } from './members.service.js';

/** A workspace's members (Windmill's `w/{workspace}/users/*`); all but the list need admin. */
@ApiTags('users')
@Controller('api/w/:workspace/users')
export class MembersController {
  constructor(
    @Inject(MembersService) private readonly members: MembersService,
    @Inject(InvitesService) private readonly invites: InvitesService,
  ) {}

  @Api({
    id: 'listMembers',
    summary: "The workspace's members and their roles (admin)",
    ok: { 200: { description: 'By username.', json: listOf('Member') } },
  })
  @Get('list')
  @MinRole('admin')
  list(@Param('workspace') ws: string) {
    return this.members.list(ws);
  }

  @Api({
    id: 'addMember',
    summary: 'Add an existing user by email or username (admin)',
    description: 'An email without an account answers 404: invite it with `users/invite`.',
    body: addMemberSchema,
    ok: { 201: { description: 'Added.', json: ref('Member') } },
    errors: [400, 404, 409],
  })
  @Post('add')
  @MinRole('admin')
  add(@Param('workspace') ws: string, @Body() body: unknown, @Req() req: AuthedRequest) {
    const { user, role } = parseBody<{ user: string; role: Role }>(addMemberSchema, body);
    return this.members.add(ws, actorOfRequest(req), user, role);
  }

  @Api({
    id: 'inviteMember',
    summary: 'Invite an email that has no account yet (admin)',
    description:
      'Answers a one-time token, valid 7 days, that creates the account (`/api/users/accept_invite`); Runnel ' +
      'sends no email. Inviting the same email again replaces the earlier token. An email with an account ' +
      'answers 409: add it with `users/add`.',
    body: inviteSchema,
    ok: { 201: { description: 'The invitation; its token is shown once.', json: ref('Invitation') } },
    errors: [400, 409],
  })
  @Post('invite')
  @MinRole('admin')
  invite(@Param('workspace') ws: string, @Body() body: unknown, @Req() req: AuthedRequest) {
    const { email, role } = parseBody<{ email: string; role: Role }>(inviteSchema, body);
    return this.invites.invite(ws, actorOfRequest(req), email, role);
  }

  @Api({
    id: 'setMemberRole',
    summary: "Change a member's role (admin)",
    description: 'Demoting the last admin answers 409.',
    params: { username: 'The member.' },
    body: setRoleSchema,
    ok: { 200: { description: 'The member.', json: ref('Member') } },
    errors: [400, 404, 409],
  })
  @Post('set_role/:username')
  @HttpCode(200)
  @MinRole('admin')
  setRole(
    @Param('workspace') ws: string,
    @Param('username') username: string,
    @Body() body: unknown,
    @Req() req: AuthedRequest,
  ) {
    const { role } = parseBody<{ role: Role }>(setRoleSchema, body);
    return this.members.setRole(ws, actorOfRequest(req), username, role);
  }

  @Api({
    id: 'removeMember',
    summary: 'Remove a member (admin)',
    description:
      'Removing the last admin answers 409. The user and their tokens remain; they no longer open this workspace.',
    params: { username: 'The member.' },
    ok: { 200: { description: 'Removed.', text: 'A confirmation.' } },
    errors: [404, 409],
  })
  @Delete('delete/:username')
  @MinRole('admin')
  async remove(
    @Param('workspace') ws: string,
    @Param('username') username: string,
    @Req() req: AuthedRequest,
    @Res() reply: FastifyReply,
  ) {
    await this.members.remove(ws, actorOfRequest(req), username);
    await sendText(reply, 200, `removed ${username} from ${ws}`);
  }
}
