import { Body, Controller, Get, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { parseBody } from '../common/validate.js';
import { Api } from '../common/api-docs.js';
import type { AuthedRequest } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { Public } from './roles.js';
import { DataSource } from 'typeorm';
import { isInstanceAdmin } from '../users/instance-admin.js';

const loginSchema = {
  type: 'object',
  required: ['login', 'password'],
  properties: { login: { type: 'string', minLength: 1 }, password: { type: 'string', minLength: 1 } },
} as const;

const tokenSchema = { type: 'object', required: ['token'], properties: { token: { type: 'string' } } } as const;
const whoamiSchema = {
  type: 'object',
  required: ['user_id', 'username', 'instance_admin'],
  properties: {
    user_id: { type: 'string' },
    username: { type: 'string' },
    instance_admin: { type: 'boolean', description: 'Whether the user may create users and workspaces.' },
  },
} as const;

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(
    @Inject(AuthService) private readonly auth: AuthService,
    @Inject(DataSource) private readonly db: DataSource,
  ) {}

  /** Exchanges a username (or email) and password for an API token. */
  @Api({
    id: 'login',
    summary: 'Exchange a login and password for a token',
    public: true,
    body: loginSchema,
    ok: { 200: { description: 'A new API token.', json: tokenSchema } },
    description:
      'Failed logins are limited per account and per client address (RUNNEL_LOGIN_FAILURES_*): over the ' +
      "limit, 429 with Retry-After. A successful login resets the account's count.",
    errors: [400, 401, 429],
  })
  @Public()
  @Post('login')
  @HttpCode(200)
  async login(@Body() body: unknown, @Req() req: FastifyRequest): Promise<{ token: string }> {
    const { login, password } = parseBody<{ login: string; password: string }>(loginSchema, body);
    return { token: await this.auth.login(login, password, req.ip) };
  }

  @Api({
    id: 'whoami',
    summary: 'The user a token belongs to',
    ok: { 200: { description: 'The caller.', json: whoamiSchema } },
  })
  @Get('whoami')
  async whoami(@Req() req: AuthedRequest) {
    const { userId, username } = req.caller!;
    return { user_id: userId, username, instance_admin: await isInstanceAdmin(this.db, userId) };
  }
}
