import { Body, Controller, Get, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { parseBody } from '../common/validate.js';
import type { AuthedRequest } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { Public } from './roles.js';

const loginSchema = {
  type: 'object',
  required: ['login', 'password'],
  properties: { login: { type: 'string', minLength: 1 }, password: { type: 'string', minLength: 1 } },
} as const;

@Controller('api/auth')
export class AuthController {
  constructor(@Inject(AuthService) private readonly auth: AuthService) {}

  /** Exchanges a username (or email) and password for an API token. */
  @Public()
  @Post('login')
  @HttpCode(200)
  async login(@Body() body: unknown): Promise<{ token: string }> {
    const { login, password } = parseBody<{ login: string; password: string }>(loginSchema, body);
    return { token: await this.auth.login(login, password) };
  }

  @Get('whoami')
  whoami(@Req() req: AuthedRequest) {
    return { user_id: req.caller!.userId, username: req.caller!.username };
  }
}
