import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { parseBody } from '../common/validate.js';
import { Api, listOf } from '../common/api-docs.js';
import type { AuthedRequest } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { Public } from './roles.js';
import {
  CSRF_HEADER,
  SESSION_COOKIE,
  assertSameOrigin,
  clearSessionCookie,
  sessionTokenOf,
  setSessionCookie,
} from './session-cookie.js';
import { SessionService, type Credentials } from './session.service.js';

const nonEmpty = { type: 'string', minLength: 1, maxLength: 1000 } as const;
const signInSchema = {
  oneOf: [
    {
      type: 'object',
      additionalProperties: false,
      required: ['login', 'password'],
      properties: { login: nonEmpty, password: nonEmpty },
    },
    { type: 'object', additionalProperties: false, required: ['token'], properties: { token: nonEmpty } },
  ],
} as const;

const sessionSchema = {
  type: 'object',
  required: ['user_id', 'username', 'expires_at'],
  properties: {
    user_id: { type: 'string' },
    username: { type: 'string' },
    expires_at: { type: 'string', format: 'date-time' },
  },
} as const;

/** The browser app's sign-in and sign-out; scripts use tokens (`/api/auth/login`, `/api/users/tokens`). */
@ApiTags('auth')
@Controller('api')
export class SessionController {
  constructor(
    @Inject(SessionService) private readonly sessions: SessionService,
    @Inject(AuthService) private readonly auth: AuthService,
  ) {}

  @Api({
    id: 'signIn',
    summary: 'Sign a browser in',
    public: true,
    body: signInSchema,
    ok: { 200: { description: 'Signed in; the session is in the cookie.', json: sessionSchema } },
    description:
      `With a login and password, or an API token: sets the HttpOnly, SameSite=Strict \`${SESSION_COOKIE}\` ` +
      'cookie holding a new session token, never shown to the page. It expires after RUNNEL_SESSION_TTL_HOURS ' +
      '(default 7 days), or sooner when the API token signed in with does; then requests answer 401. ' +
      `Requests authenticated by the cookie that change something need the header \`${CSRF_HEADER}: 1\`. ` +
      'Failed password sign-ins are throttled as logins are.',
    errors: [400, 401, 429],
  })
  @Public()
  @Post('auth/session')
  @HttpCode(200)
  async signIn(@Body() body: unknown, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const credentials = parseBody<Credentials>(signInSchema, body);
    const { token, max_age_s, ...session } = await this.sessions.signIn(credentials, req.ip);
    setSessionCookie(req, reply, token, max_age_s);
    return session;
  }

  @Api({
    id: 'signOut',
    summary: 'Sign a browser out',
    public: true,
    ok: { 204: { description: 'The session token is deleted and the cookie cleared.', empty: true } },
    description: `Needs the header \`${CSRF_HEADER}: 1\`, so another site cannot sign a browser out.`,
    errors: [403],
  })
  @Public()
  @Post('auth/logout')
  @HttpCode(204)
  async signOut(@Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    const token = sessionTokenOf(req);
    if (token) {
      assertSameOrigin(req);
      await this.auth.revokeToken(token);
    }
    clearSessionCookie(req, reply);
  }

  @Api({
    id: 'listUserWorkspaces',
    summary: 'The workspaces the caller is a member of',
    ok: { 200: { description: 'By id, with the caller’s role in each.', json: listOf('UserWorkspace') } },
  })
  @Get('workspaces/list')
  workspaces(@Req() req: AuthedRequest) {
    return this.sessions.workspaces(req.caller!.userId, req.caller!.tokenWorkspace);
  }
}
