import { Body, Controller, Delete, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { AuthedRequest } from '../auth/auth.guard.js';
import { MinRole } from '../auth/roles.js';
import { ErrorCode, RunnelError, badRequest } from '../common/errors.js';
import { parseBody } from '../common/validate.js';
import { NatsTriggersService, natsTriggerView, type NatsTriggerInput } from './nats-triggers.service.js';

const fields = {
  path: { type: 'string', minLength: 1, maxLength: 255 },
  subject: { type: 'string', minLength: 1, maxLength: 255 },
  subjects: { type: 'array', minItems: 1, maxItems: 20, items: { type: 'string', minLength: 1, maxLength: 255 } },
  script_path: { type: 'string', minLength: 1, maxLength: 255 },
  is_flow: { type: 'boolean' },
  summary: { type: 'string', maxLength: 1000 },
  enabled: { type: 'boolean' },
} as const;

const createSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['path', 'script_path'],
  properties: fields,
} as const;
const updateSchema = { type: 'object', additionalProperties: false, properties: fields } as const;
const enabledSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['enabled'],
  properties: { enabled: { type: 'boolean' } },
} as const;

/** NATS subject triggers, in Windmill's shapes (`nats_triggers/*`), on the subjects of Runnel's NATS. */
@Controller('api/w/:workspace/nats_triggers')
export class NatsTriggersController {
  constructor(@Inject(NatsTriggersService) private readonly triggers: NatsTriggersService) {}

  /** Answers 201 with the trigger's path. */
  @Post('create')
  @MinRole('developer')
  async create(
    @Param('workspace') ws: string,
    @Body() body: unknown,
    @Req() req: AuthedRequest,
    @Res() reply: FastifyReply,
  ) {
    const input = parseBody<NatsTriggerInput>(createSchema, body);
    await text(reply, 201, await this.triggers.create(ws, req.caller!.userId, input));
  }

  @Get('get/*')
  async get(@Param('workspace') ws: string, @Param('*') path: string) {
    return natsTriggerView(await this.triggers.get(ws, path));
  }

  @Get('exists/*')
  async exists(@Param('workspace') ws: string, @Param('*') path: string) {
    return this.triggers.get(ws, path).then(
      () => true,
      (err: unknown) => {
        if (err instanceof RunnelError && err.code === ErrorCode.NotFound) return false;
        throw err;
      },
    );
  }

  @Get('list')
  async list(@Param('workspace') ws: string, @Query('page') page?: string, @Query('per_page') perPage?: string) {
    const rows = await this.triggers.list(
      ws,
      positive(page, 'page', 1, 1_000_000),
      positive(perPage, 'per_page', 100, 1000),
    );
    return rows.map(natsTriggerView);
  }

  /** Changes the fields given (`path` renames it). */
  @Post('update/*')
  @MinRole('developer')
  async update(
    @Param('workspace') ws: string,
    @Param('*') path: string,
    @Body() body: unknown,
    @Req() req: AuthedRequest,
    @Res() reply: FastifyReply,
  ) {
    await this.triggers.update(ws, req.caller!.userId, path, parseBody<NatsTriggerInput>(updateSchema, body));
    await text(reply, 200, `updated NATS trigger ${path}`);
  }

  @Post('setenabled/*')
  @MinRole('developer')
  async setEnabled(
    @Param('workspace') ws: string,
    @Param('*') path: string,
    @Body() body: unknown,
    @Req() req: AuthedRequest,
    @Res() reply: FastifyReply,
  ) {
    const { enabled } = parseBody<{ enabled: boolean }>(enabledSchema, body);
    await this.triggers.setEnabled(ws, req.caller!.userId, path, enabled);
    await text(reply, 200, `NATS trigger ${path} ${enabled ? 'enabled' : 'disabled'}`);
  }

  @Delete('delete/*')
  @MinRole('developer')
  async delete(@Param('workspace') ws: string, @Param('*') path: string, @Res() reply: FastifyReply) {
    await this.triggers.delete(ws, path);
    await text(reply, 200, `deleted NATS trigger ${path}`);
  }
}

function text(reply: FastifyReply, status: number, body: string) {
  return reply.status(status).type('text/plain; charset=utf-8').send(body);
}

function positive(raw: string | undefined, name: string, fallback: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) throw badRequest(`${name} must be an integer from 1 to ${max}`);
  return n;
}
