import { Body, Controller, Delete, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { actorOfRequest as actorOf } from '../audit/audit-log.js';
import type { AuthedRequest } from '../auth/auth.guard.js';
import { MinRole } from '../auth/roles.js';
import { Api, listOf, ref } from '../common/api-docs.js';
import { exists } from '../common/exists.js';
import { sendText } from '../common/replies.js';
import { parseBody } from '../common/validate.js';
import { ResourceTypesService, type NewResourceType } from './resource-types.service.js';

const fields = {
  name: { type: 'string', minLength: 1, maxLength: 64 },
  schema: {
    type: 'object',
    additionalProperties: true,
    description: 'A JSON Schema with "type": "object"; at most 64 KiB.',
  },
  description: { type: 'string', maxLength: 10_000 },
} as const;

/** Windmill's CreateResourceType. */
export const createResourceTypeSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'schema'],
  properties: fields,
} as const;
/** Windmill's EditResourceType: the name stays. */
export const updateResourceTypeSchema = {
  type: 'object',
  additionalProperties: false,
  properties: { schema: fields.schema, description: fields.description },
} as const;

/** Resource types in Windmill's shapes (`resources/type/*`); docs/adr/0038-resources.md. */
@ApiTags('resources')
@Controller('api/w/:workspace/resources/type')
export class ResourceTypesController {
  constructor(@Inject(ResourceTypesService) private readonly types: ResourceTypesService) {}

  @Api({
    id: 'createResourceType',
    summary: 'Create a resource type',
    description:
      'A JSON Schema describing a resource\'s fields. A field with `format: "password"` is secret: resources store ' +
      'it encrypted and never return it. Names are snake_case and may not be a built-in type.',
    body: createResourceTypeSchema,
    ok: { 201: { description: 'Created.', text: 'The type name.' } },
    errors: [400, 409, 413],
  })
  @Post('create')
  @MinRole('developer')
  async create(
    @Param('workspace') ws: string,
    @Body() body: unknown,
    @Req() req: AuthedRequest,
    @Res() reply: FastifyReply,
  ) {
    const input = parseBody<NewResourceType>(createResourceTypeSchema, body);
    await sendText(reply, 201, await this.types.create(ws, actorOf(req), input));
  }

  @Api({
    id: 'getResourceType',
    summary: 'Get a resource type',
    ok: { 200: { description: 'The type.', json: ref('ResourceType') } },
    errors: [404],
  })
  @Get('get/:name')
  async get(@Param('workspace') ws: string, @Param('name') name: string) {
    return this.types.get(ws, name);
  }

  @Api({
    id: 'listResourceType',
    summary: 'List resource types',
    description: "The built-in types first, then the workspace's own, by name.",
    ok: { 200: { description: 'Types.', json: listOf('ResourceType') } },
  })
  @Get('list')
  async list(@Param('workspace') ws: string) {
    return this.types.list(ws);
  }

  @Api({
    id: 'existsResourceType',
    summary: 'Whether a resource type exists',
    ok: { 200: { description: 'true or false.', json: { type: 'boolean' } } },
  })
  @Get('exists/:name')
  async exists(@Param('workspace') ws: string, @Param('name') name: string) {
    return exists(this.types.get(ws, name));
  }

  @Api({
    id: 'updateResourceType',
    summary: 'Change a resource type',
    description:
      'Built-in types are read-only (403). Existing resources are checked against the new schema when next written.',
    body: updateResourceTypeSchema,
    ok: { 200: { description: 'Updated.', text: 'A confirmation.' } },
    errors: [400, 403, 404, 413],
  })
  @Post('update/:name')
  @MinRole('developer')
  async update(
    @Param('workspace') ws: string,
    @Param('name') name: string,
    @Body() body: unknown,
    @Req() req: AuthedRequest,
    @Res() reply: FastifyReply,
  ) {
    await this.types.update(
      ws,
      actorOf(req),
      name,
      parseBody<Partial<NewResourceType>>(updateResourceTypeSchema, body),
    );
    await sendText(reply, 200, `updated resource type ${name}`);
  }

  @Api({
    id: 'deleteResourceType',
    summary: 'Delete a resource type',
    description: 'Refused (409) while resources use it; built-in types are read-only (403).',
    ok: { 200: { description: 'Deleted.', text: 'A confirmation.' } },
    errors: [403, 404, 409],
  })
  @Delete('delete/:name')
  @MinRole('developer')
  async delete(
    @Param('workspace') ws: string,
    @Param('name') name: string,
    @Req() req: AuthedRequest,
    @Res() reply: FastifyReply,
  ) {
    await this.types.delete(ws, actorOf(req), name);
    await sendText(reply, 200, `resource type ${name} deleted`);
  }
}
