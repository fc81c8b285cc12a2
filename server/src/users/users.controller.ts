import { Body, Controller, Get, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { actorOfRequest } from '../audit/audit-log.js';
import type { AuthedRequest } from '../auth/auth.guard.js';
import { Public } from '../auth/roles.js';
import { Api, listOf, ref } from '../common/api-docs.js';
import { parseBody } from '../common/validate.js';
import { InvitesService, acceptInviteSchema } from './invites.service.js';
import { ROLE } from './members.service.js';
import { UsersService, newUserSchema, type NewUser } from './users.service.js';

const acceptedSchema = {
  type: 'object',
  required: ['username', 'workspace_id', 'role'],
  properties: { username: { type: 'string' }, workspace_id: { type: 'string' }, role: ROLE },
} as const;

/** The instance's users (Windmill's `users/*` outside a workspace). */
@ApiTags('users')
@Controller('api/users')
export class UsersController {
  constructor(
    @Inject(UsersService) private readonly users: UsersService,
    @Inject(InvitesService) private readonly invites: InvitesService,
  ) {}

  @Api({
    id: 'createUser',
    summary: 'Create a user (instance admin)',
    description:
      'Without `password` the user signs in only once one is set. Audited as an instance-level `users.create`; ' +
      'add the user to workspaces with `w/{workspace}/users/add`.',
    body: newUserSchema,
    ok: { 201: { description: 'Created.', json: ref('User') } },
    errors: [400, 409],
  })
  @Post('create')
  create(@Body() body: unknown, @Req() req: AuthedRequest) {
    return this.users.create(req.caller!, actorOfRequest(req), parseBody<NewUser>(newUserSchema, body));
  }

  @Api({
    id: 'listUsersAsInstanceAdmin',
    summary: 'Every user (instance admin)',
    ok: { 200: { description: 'By username.', json: listOf('User') } },
  })
  @Get('list_as_instance_admin')
  list(@Req() req: AuthedRequest) {
    return this.users.list(req.caller!);
  }

  @Api({
    id: 'acceptInvite',
    summary: 'Accept a workspace invitation',
    public: true,
    description:
      'Creates the invited email’s account with this username and password and makes it a member with the ' +
      'invited role; the invitation is spent. Then sign in.',
    body: acceptInviteSchema,
    ok: { 200: { description: 'The account made.', json: acceptedSchema } },
    errors: [400, 404, 409],
  })
  @Public()
  @Post('accept_invite')
  @HttpCode(200)
  accept(@Body() body: unknown, @Req() req: FastifyRequest) {
    const input = parseBody<{ token: string; username: string; password: string }>(acceptInviteSchema, body);
    return this.invites.accept(input, req.ip);
  }
}
