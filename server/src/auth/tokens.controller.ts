import { Body, Controller, Delete, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { parseBody } from '../common/validate.js';
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
@Controller('api/users/tokens')
export class TokensController {
  constructor(@Inject(TokensService) private readonly tokens: TokensService) {}

  @Post('create')
  async create(@Body() body: unknown, @Req() req: AuthedRequest, @Res() reply: FastifyReply) {
    const token = await this.tokens.create(req.caller!, parseBody<NewToken>(newTokenSchema, body));
    await reply.status(201).type('text/plain; charset=utf-8').send(token);
  }

  @Get('list')
  list(@Req() req: AuthedRequest) {
    return this.tokens.list(req.caller!.userId);
  }

  @Delete('delete/:prefix')
  async delete(@Param('prefix') prefix: string, @Req() req: AuthedRequest, @Res() reply: FastifyReply) {
    await this.tokens.delete(req.caller!.userId, prefix);
    await reply.status(200).type('text/plain; charset=utf-8').send(`deleted token ${prefix}`);
  }
}
