import { Body, Controller, Delete, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiTags } from '@nestjs/swagger';
import { parseBody } from '../common/validate.js';
import { Api, listOf } from '../openapi/api-docs.js';
import type { AuthedRequest } from './auth.guard.js';
import { TokensService, type NewToken } from './tokens.service.js';

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

/** Windmill's `users/tokens/*`: create (shown once), list (prefixes only), delete by prefix. */
@ApiTags('auth')
@Controller('api/users/tokens')
export class TokensController {
  constructor(@Inject(TokensService) private readonly tokens: TokensService) {}

  @Api({
    id: 'createToken',
    summary: 'Create an API token',
    description:
      'Scopes `run:script/<path>` and `run:flow/<path>` limit the token to the run routes of that path; ' +
      '`workspace_id` limits it to one workspace.',
    body: newTokenSchema,
    bodyOptional: true,
    ok: { 201: { description: 'Created.', text: 'The token, shown once.' } },
    errors: [400],
  })
  @Post('create')
  async create(@Body() body: unknown, @Req() req: AuthedRequest, @Res() reply: FastifyReply) {
    const token = await this.tokens.create(req.caller!, parseBody<NewToken>(newTokenSchema, body));
    await reply.status(201).type('text/plain; charset=utf-8').send(token);
  }

  @Api({
    id: 'listTokens',
    summary: "The caller's tokens, by prefix",
    ok: { 200: { description: 'Tokens, newest first.', json: listOf('TruncatedToken') } },
  })
  @Get('list')
  list(@Req() req: AuthedRequest) {
    return this.tokens.list(req.caller!.userId);
  }

  @Api({
    id: 'deleteToken',
    summary: 'Delete a token by its prefix',
    ok: { 200: { description: 'Deleted.', text: 'A confirmation.' } },
    errors: [404],
  })
  @Delete('delete/:prefix')
  async delete(@Param('prefix') prefix: string, @Req() req: AuthedRequest, @Res() reply: FastifyReply) {
    await this.tokens.delete(req.caller!.userId, prefix);
    await reply.status(200).type('text/plain; charset=utf-8').send(`deleted token ${prefix}`);
  }
}
