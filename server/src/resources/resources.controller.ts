import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { actorOfRequest as actorOf } from '../audit/audit-log.js';
import { CallerAccess, type AuthedRequest } from '../auth/auth.guard.js';
import { PathParam, type Access } from '../auth/path-access.js';
import { MinRole } from '../auth/roles.js';
import { Api, listOf, ref } from '../common/api-docs.js';
import { exists } from '../common/exists.js';
import { sendText } from '../common/replies.js';
import { integerParam, parseBody } from '../common/validate.js';
import { resourceView } from './resource-row.js';
import { ResourcesService, type NewResource, type ResourceInput } from './resources.service.js';

const fields = {
  path: { type: 'string', minLength: 1, maxLength: 255 },
  value: {
    type: 'object',
    additionalProperties: true,
    description:
      'The fields, checked against the type\'s schema. A field may be "$var:<path>" (resolved when a job starts). ' +
      'Secret fields are stored encrypted; in an update, a secret field left out or null keeps its stored value.',
  },
  description: { type: 'string', maxLength: 10_000 },
  resource_type: { type: 'string', minLength: 1, maxLength: 64 },
} as const;

/** Windmill's CreateResource. */
export const createResourceSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['path', 'value', 'resource_type'],
  properties: fields,
} as const;
/** Windmill's EditResource. */
export const updateResourceSchema = { type: 'object', additionalProperties: false, properties: fields } as const;

/**
 * A comma-separated list of type names (Windmill's `resource_type=postgresql,mysql`); a repeated
 * parameter (`resource_type=a&resource_type=b`, which Fastify hands over as an array) adds to it.
 */
const typeList = (raw: string | string[] | undefined) =>
  raw === undefined
    ? undefined
    : [raw]
        .flat()
        .flatMap((value) => value.split(','))
        .map((t) => t.trim())
        .filter(Boolean);

/** Resources in Windmill's shapes (`resources/*`); docs/adr/0038-resources.md. */
@ApiTags('resources')
@Controller('api/w/:workspace/resources')
export class ResourcesController {
  constructor(@Inject(ResourcesService) private readonly resources: ResourcesService) {}

  @Api({
    id: 'createResource',
    summary: 'Create a resource',
    description:
      'A 400 names every field that does not match the type. Writing a secret field needs the server to have ' +
      'RUNNEL_MASTER_KEY (503 otherwise).',
    body: createResourceSchema,
    ok: { 201: { description: 'Created.', text: 'The resource path.' } },
    errors: [400, 409, 503],
  })
  @Post('create')
  @MinRole('developer')
  async create(
    @Param('workspace') ws: string,
    @Body() body: unknown,
    @Req() req: AuthedRequest,
    @Res() reply: FastifyReply,
  ) {
    const input = parseBody<NewResource>(createResourceSchema, body);
    req.access!.assert(input.path, 'write', 'resource');
    await sendText(reply, 201, await this.resources.create(ws, actorOf(req), input));
  }

  @Api({
    id: 'getResource',
    summary: 'Get a resource',
    description: 'Secret fields are null in `value` and named in `secret_fields`.',
    path: 'The resource path.',
    ok: { 200: { description: 'The resource.', json: ref('Resource') } },
    errors: [404],
  })
  @Get('get/*')
  @PathParam('read', 'resource')
  async get(@Param('workspace') ws: string, @Param('*') path: string) {
    return resourceView(await this.resources.get(ws, path));
  }

  @Api({
    id: 'getResourceValue',
    summary: "A resource's value",
    description: 'Secret fields are null; `$var:` fields are the references. Jobs get the resolved value.',
    path: 'The resource path.',
    ok: { 200: { description: 'The value.', json: { type: 'object', additionalProperties: true } } },
    errors: [404],
  })
  @Get('get_value/*')
  @PathParam('read', 'resource')
  async getValue(@Param('workspace') ws: string, @Param('*') path: string) {
    return this.resources.getValue(ws, path);
  }

  @Api({
    id: 'revealResource',
    summary: "Reveal a resource's secret fields (admin; audited)",
    description: 'The value with its secret fields in plaintext. Writes a `resources.reveal` audit entry.',
    path: 'The resource path.',
    ok: { 200: { description: 'The value.', json: { type: 'object', additionalProperties: true } } },
    errors: [400, 404, 503],
  })
  @Post('reveal/*')
  @HttpCode(200)
  @MinRole('admin')
  async reveal(@Param('workspace') ws: string, @Param('*') path: string, @Req() req: AuthedRequest) {
    return this.resources.reveal(ws, actorOf(req), path);
  }

  @Api({
    id: 'existsResource',
    summary: 'Whether a resource exists',
    path: 'The resource path.',
    ok: { 200: { description: 'true or false.', json: { type: 'boolean' } } },
  })
  @Get('exists/*')
  async exists(@Param('workspace') ws: string, @Param('*') path: string, @CallerAccess() access: Access) {
    // One the caller may not read does not exist for it, as a get's 404 says.
    return access.can(path, 'read') && exists(this.resources.get(ws, path));
  }

  @Api({
    id: 'listResource',
    summary: 'List resources',
    query: {
      resource_type: {
        schema: { type: 'string' },
        description: 'Only these types, comma-separated (or the parameter repeated).',
      },
      page: { schema: { type: 'integer', minimum: 1 }, description: 'Page number, from 1. Default 1.' },
      per_page: { schema: { type: 'integer', minimum: 1, maximum: 1000 }, description: 'Default 100.' },
    },
    ok: { 200: { description: 'Resources, by path.', json: listOf('Resource') } },
    errors: [400],
  })
  @Get('list')
  async list(
    @CallerAccess() access: Access,
    @Query('resource_type') types?: string | string[],
    @Query('page') page?: string,
    @Query('per_page') perPage?: string,
  ) {
    const rows = await this.resources.list(
      access,
      typeList(types),
      integerParam(page, 'page', 1, 1_000_000),
      integerParam(perPage, 'per_page', 100, 1000),
    );
    return rows.map(resourceView);
  }

  @Api({
    id: 'updateResource',
    summary: 'Change a resource',
    description:
      'Fields left out stay; `path` renames. A new `value` replaces the old one, except secret fields left out ' +
      'or null, which keep their stored value. A new `resource_type` needs a new `value`.',
    path: 'The resource path.',
    body: updateResourceSchema,
    ok: { 200: { description: 'Updated.', text: 'A confirmation.' } },
    errors: [400, 404, 409, 503],
  })
  @Post('update/*')
  @MinRole('developer')
  @PathParam('write', 'resource')
  async update(
    @Param('workspace') ws: string,
    @Param('*') path: string,
    @Body() body: unknown,
    @Req() req: AuthedRequest,
    @Res() reply: FastifyReply,
  ) {
    const input = parseBody<ResourceInput>(updateResourceSchema, body);
    if (input.path !== undefined) req.access!.assert(input.path, 'write', 'resource');
    await this.resources.update(ws, actorOf(req), path, input);
    await sendText(reply, 200, `updated resource ${path}`);
  }

  @Api({
    id: 'deleteResource',
    summary: 'Delete a resource',
    path: 'The resource path.',
    ok: { 200: { description: 'Deleted.', text: 'A confirmation.' } },
    errors: [404],
  })
  @Delete('delete/*')
  @MinRole('developer')
  @PathParam('write', 'resource')
  async delete(
    @Param('workspace') ws: string,
    @Param('*') path: string,
    @Req() req: AuthedRequest,
    @Res() reply: FastifyReply,
  ) {
    await this.resources.delete(ws, actorOf(req), path);
    await sendText(reply, 200, `resource ${path} deleted`);
  }
}
