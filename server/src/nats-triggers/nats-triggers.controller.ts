import { Body, Controller, Delete, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { actorOfRequest } from '../audit/audit-log.js';
import type { FastifyReply } from 'fastify';
import { CallerAccess, type AuthedRequest } from '../auth/auth.guard.js';
import { PathParam, type Access } from '../auth/path-access.js';
import { MinRole } from '../auth/roles.js';
import { ApiTags } from '@nestjs/swagger';
import { ErrorCode, RunnelError } from '../common/errors.js';
import { integerParam, parseBody } from '../common/validate.js';
import { Api, listOf, ref } from '../common/api-docs.js';
import { NatsTriggersService, natsTriggerView, type NatsTriggerInput } from './nats-triggers.service.js';
import { sendText } from '../common/replies.js';

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

/** NATS subject triggers, in Windmill's shapes (`nats_triggers/*`), on each workspace's subjects of Runnel's NATS. */
@ApiTags('nats_triggers')
@Controller('api/w/:workspace/nats_triggers')
export class NatsTriggersController {
  constructor(@Inject(NatsTriggersService) private readonly triggers: NatsTriggersService) {}

  /** Answers 201 with the trigger's path. */
  @Api({
    id: 'createNatsTrigger',
    summary: 'Create a NATS subject trigger',
    description:
      "Give `subject` or `subjects` (wildcards allowed), relative to the workspace's namespace: the trigger " +
      'serves `<RUNNEL_NATS_PREFIX>.ws.<workspace>.<subject>`, where publishers publish.',
    body: createSchema,
    ok: { 201: { description: 'Created.', text: 'The trigger path.' } },
    errors: [400, 409],
  })
  @Post('create')
  @MinRole('developer')
  async create(
    @Param('workspace') ws: string,
    @Body() body: unknown,
    @Req() req: AuthedRequest,
    @Res() reply: FastifyReply,
  ) {
    const input = parseBody<NatsTriggerInput>(createSchema, body);
    req.access!.assertTrigger(input.path!, 'NATS trigger', input);
    await sendText(reply, 201, await this.triggers.create(ws, actorOfRequest(req), input));
  }

  @Api({
    id: 'getNatsTrigger',
    summary: 'Get a NATS trigger',
    path: 'The trigger path.',
    ok: { 200: { description: 'The trigger.', json: ref('NatsTrigger') } },
    errors: [404],
  })
  @Get('get/*')
  @PathParam('read', 'NATS trigger')
  async get(@Param('workspace') ws: string, @Param('*') path: string) {
    return natsTriggerView(await this.triggers.get(ws, path), this.triggers.names);
  }

  @Api({
    id: 'existsNatsTrigger',
    summary: 'Whether a NATS trigger exists',
    path: 'The trigger path.',
    ok: { 200: { description: 'true or false.', json: { type: 'boolean' } } },
  })
  @Get('exists/*')
  async exists(@Param('workspace') ws: string, @Param('*') path: string, @CallerAccess() access: Access) {
    // One the caller may not read does not exist for it, as a get's 404 says.
    if (!access.can(path, 'read')) return false;
    return this.triggers.get(ws, path).then(
      () => true,
      (err: unknown) => {
        if (err instanceof RunnelError && err.code === ErrorCode.NotFound) return false;
        throw err;
      },
    );
  }

  @Api({
    id: 'listNatsTriggers',
    summary: 'List NATS triggers',
    query: {
      page: { schema: { type: 'integer', minimum: 1 }, description: 'Page number, from 1. Default 1.' },
      per_page: { schema: { type: 'integer', minimum: 1, maximum: 1000 }, description: 'Default 100.' },
    },
    ok: { 200: { description: 'Triggers.', json: listOf('NatsTrigger') } },
    errors: [400],
  })
  @Get('list')
  async list(@CallerAccess() access: Access, @Query('page') page?: string, @Query('per_page') perPage?: string) {
    const rows = await this.triggers.list(
      access,
      integerParam(page, 'page', 1, 1_000_000),
      integerParam(perPage, 'per_page', 100, 1000),
    );
    return rows.map((row) => natsTriggerView(row, this.triggers.names));
  }

  /** Changes the fields given (`path` renames it). */
  @Api({
    id: 'updateNatsTrigger',
    summary: 'Change a NATS trigger',
    description: 'Fields left out stay as they are; `path` renames it.',
    path: 'The trigger path.',
    body: updateSchema,
    ok: { 200: { description: 'Updated.', text: 'A confirmation.' } },
    errors: [400, 404, 409],
  })
  @Post('update/*')
  @MinRole('developer')
  @PathParam('write', 'NATS trigger')
  async update(
    @Param('workspace') ws: string,
    @Param('*') path: string,
    @Body() body: unknown,
    @Req() req: AuthedRequest,
    @Res() reply: FastifyReply,
  ) {
    const input = parseBody<NatsTriggerInput>(updateSchema, body);
    req.access!.assertTrigger(input.path ?? path, 'NATS trigger', input);
    await this.triggers.update(ws, actorOfRequest(req), path, input);
    await sendText(reply, 200, `updated NATS trigger ${path}`);
  }

  @Api({
    id: 'setNatsTriggerEnabled',
    summary: 'Enable or disable a NATS trigger',
    path: 'The trigger path.',
    body: enabledSchema,
    ok: { 200: { description: 'Done.', text: 'A confirmation.' } },
    errors: [400, 404],
  })
  @Post('setenabled/*')
  @MinRole('developer')
  @PathParam('write', 'NATS trigger')
  async setEnabled(
    @Param('workspace') ws: string,
    @Param('*') path: string,
    @Body() body: unknown,
    @Req() req: AuthedRequest,
    @Res() reply: FastifyReply,
  ) {
    const { enabled } = parseBody<{ enabled: boolean }>(enabledSchema, body);
    await this.triggers.setEnabled(ws, actorOfRequest(req), path, enabled);
    await sendText(reply, 200, `NATS trigger ${path} ${enabled ? 'enabled' : 'disabled'}`);
  }

  @Api({
    id: 'deleteNatsTrigger',
    summary: 'Delete a NATS trigger',
    path: 'The trigger path.',
    ok: { 200: { description: 'Deleted.', text: 'A confirmation.' } },
    errors: [404],
  })
  @Delete('delete/*')
  @MinRole('developer')
  @PathParam('write', 'NATS trigger')
  async delete(
    @Param('workspace') ws: string,
    @Param('*') path: string,
    @Req() req: AuthedRequest,
    @Res() reply: FastifyReply,
  ) {
    await this.triggers.delete(ws, actorOfRequest(req), path);
    await sendText(reply, 200, `NATS trigger ${path} deleted`);
  }
}
