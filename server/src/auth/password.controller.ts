import { Body, Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { parseBody } from '../common/validate.js';
import { Api } from '../common/api-docs.js';
import type { AuthedRequest } from './auth.guard.js';
import { MIN_PASSWORD_LENGTH, PasswordService, type NewPassword } from './password.service.js';

const setPasswordSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['password'],
  properties: {
    password: { type: 'string', maxLength: 1000 },
    current_password: { type: 'string', maxLength: 1000 },
  },
} as const;

/** Windmill's `users/setpassword`, with the current password required (Windmill asks for none). */
@ApiTags('auth')
@Controller('api/users')
export class PasswordController {
  constructor(@Inject(PasswordService) private readonly passwords: PasswordService) {}

  @Api({
    id: 'setPassword',
    summary: "Change the caller's password",
    description:
      `\`password\` needs at least ${MIN_PASSWORD_LENGTH} characters. \`current_password\` is required when the ` +
      'account has a password; a wrong one is 403 and counts as a failed login (RUNNEL_LOGIN_FAILURES_*; over ' +
      'the limit, 429 with Retry-After). Tokens limited to a workspace or to running some paths get 403. ' +
      'Existing tokens and sessions keep working.',
    body: setPasswordSchema,
    ok: { 204: { description: 'Changed.', empty: true } },
    errors: [400, 403, 429],
  })
  @Post('setpassword')
  @HttpCode(204)
  async setPassword(@Body() body: unknown, @Req() req: AuthedRequest): Promise<void> {
    await this.passwords.change(req.caller!, parseBody<NewPassword>(setPasswordSchema, body), req.ip);
  }
}
