import { Body, Controller, Delete, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { actorOfRequest } from '../audit/audit-log.js';
import type { FastifyReply } from 'fastify';
import { ApiTags } from '@nestjs/swagger';
import { parseBody } from '../common/validate.js';
import { Api, listOf } from '../common/api-docs.js';
import type { AuthedRequest } from './auth.guard.js';
import { TokensService, type NewToken } from './tokens.service.js';
import { sendText } from '../common/replies.js';

const newTokenSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    label: { type: 'string', maxLength: 200 },
    expiration: { type: ['string', 'null'], format: 'date-time' },
    scopes: { type: ['array', 'null'], maxItems: 50, items: { type: 'string', minLength: 1, maxLength: 500 } },
    workspace_id: { type: ['string', 'null'], minLength: 1, maxLength: 50 },
  },
} as const;

/** Windmill's `users/tokens/*`: create (shown once), list (never the token), delete by id or prefix. */
@ApiTags('auth')
@Controller('api/users/tokens')
export class TokensController {
  constructor(@Inject(TokensService) private readonly tokens: TokensService) {}

  @Api({
    id: 'createToken',
    summary: 'Create an API token',
    description:
      'Scopes `run:script/<path>` and `run:flow/<path>` limit the token to the run routes of that path; ' +
      '`workspace_id` limits it to one workspace. A token that expires creates only tokens that expire ' +
      'no later than itself; without `expiration`, the new token expires when the one creating it does.',
    body: newTokenSchema,
    bodyOptional: true,
    ok: { 201: { description: 'Created.', text: 'The token, shown once.' } },
    errors: [400],
  })
  @Post('create')
  async create(@Body() body: unknown, @Req() req: AuthedRequest, @Res() reply: FastifyReply) {
    const token = await this.tokens.create(req.caller!, actorOfRequest(req), parseBody<NewToken>(newTokenSchema, body));
    await sendText(reply, 201, token);
  }

  @Api({
    id: 'listTokens',
    summary: "The caller's tokens, never the tokens themselves",
    ok: {
      200: {
        description: 'Tokens, newest first: browser sessions (label `session`) and the bootstrap token included.',
        json: listOf('TruncatedToken'),
      },
    },
  })
  @Get('list')
  list(@Req() req: AuthedRequest) {
    return this.tokens.list(req.caller!.userId);
  }

  @Api({
    id: 'deleteToken',
    summary: 'Delete a token by its id, or by its prefix while no other token of yours has it',
    description:
      'The bootstrap token (`bootstrap: true` in the list) answers 409: the server makes it again at every ' +
      'start. Unset RUNNEL_BOOTSTRAP_TOKEN and restart the server to delete it.',
    ok: { 200: { description: 'Deleted.', text: 'A confirmation.' } },
    errors: [404, 409],
  })
  // The parameter keeps Windmill's name `prefix`, so clients built on it still work.
  @Delete('delete/:prefix')
  async delete(@Param('prefix') idOrPrefix: string, @Req() req: AuthedRequest, @Res() reply: FastifyReply) {
    await this.tokens.delete(actorOfRequest(req), idOrPrefix);
    await sendText(reply, 200, `deleted token ${idOrPrefix}`);
  }
}
