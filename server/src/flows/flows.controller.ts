import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { actorOfRequest } from '../audit/audit-log.js';
import type { FastifyReply } from 'fastify';
import { CallerAccess, type AuthedRequest } from '../auth/auth.guard.js';
import { PathParam, type Access } from '../auth/path-access.js';
import { MinRole } from '../auth/roles.js';
import { ApiTags } from '@nestjs/swagger';
import { HISTORY_QUERY, historyPaging } from '../common/versions.js';
import { parseBody } from '../common/validate.js';
import { Api, documented, listOf, ref } from '../common/api-docs.js';
import { badRequest } from '../common/errors.js';
import { sendText } from '../common/replies.js';
import { FlowsService, assertReadsReferences, flowView, type NewFlow } from './flows.service.js';

/** A Windmill export (`summary`, `description`, `value`, `schema`) plus a path is a valid body. */
const createSchema = {
  type: 'object',
  required: ['path', 'value'],
  properties: {
    path: { type: 'string', minLength: 1, maxLength: 255 },
    summary: { type: 'string', maxLength: 1000 },
    description: { type: 'string', maxLength: 10000 },
    value: { type: 'object' },
    schema: { type: ['object', 'null'] },
  },
} as const;

/** Windmill's flows/update body: a flow export; `path`, if given, must be the path in the URL. */
const updateSchema = {
  ...createSchema,
  required: ['value'],
  properties: { ...createSchema.properties, path: { type: 'string', minLength: 1, maxLength: 255 } },
} as const;

const deletedSchema = {
  type: 'object',
  required: ['deleted'],
  properties: { deleted: { type: 'string', description: 'The path.' } },
} as const;

const archivedSchema = {
  type: 'object',
  required: ['archived'],
  properties: { archived: { type: 'string', description: 'The path.' } },
} as const;

@ApiTags('flows')
@Controller('api/w/:workspace/flows')
export class FlowsController {
  constructor(@Inject(FlowsService) private readonly flows: FlowsService) {}

  /** Deploys a new version of a flow; answers its path as plain text, like Windmill. */
  @Api({
    id: 'createFlow',
    summary: 'Deploy a new version of a flow',
    description:
      'The body is a Windmill flow export plus a path, as JSON or YAML. The `x-runnel-flow-version` ' +
      'response header carries the version hash. Each inline script step (`rawscript`, anywhere in the tree) ' +
      'gets the lock of the packages it imports, stored in the step as `lock` (one sent is ignored); a ' +
      'package that cannot be resolved is a 400 naming the step and the package.',
    body: documented(createSchema, { value: ref('FlowValue') }),
    bodyTypes: ['application/yaml'],
    ok: {
      201: { description: 'A new version.', text: 'The flow path.' },
      200: { description: 'The same definition as the latest version: no new version.', text: 'The flow path.' },
    },
    errors: [400, 413, 503],
  })
  @Post('create')
  @MinRole('developer')
  async create(
    @Param('workspace') workspace: string,
    @Body() body: unknown,
    @Req() req: AuthedRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const input = parseBody<NewFlow>(createSchema, body);
    req.access!.assert(input.path, 'write', 'flow');
    assertReadsReferences(req.access!, {
      summary: input.summary ?? '',
      value: input.value,
      schema: input.schema ?? undefined,
    });
    const { hash, created } = await this.flows.create(workspace, actorOfRequest(req), input);
    reply.header('x-runnel-flow-version', hash);
    await sendText(reply, created ? 201 : 200, input.path);
  }

  @Api({
    id: 'updateFlow',
    summary: 'Deploy a new version of an existing flow',
    description:
      "Windmill's route (`wmill flow push` of a flow that exists): createFlow's body and answers, except that a " +
      'path with no version is a 404. The body may leave out `path`; one that differs from the URL is a 400 ' +
      '(renaming a flow is not supported).',
    path: 'The flow path.',
    body: documented(updateSchema, { value: ref('FlowValue') }),
    bodyTypes: ['application/yaml'],
    ok: {
      201: { description: 'A new version.', text: 'The flow path.' },
      200: { description: 'The same definition as the latest version: no new version.', text: 'The flow path.' },
    },
    errors: [400, 404, 413, 503],
  })
  @Post('update/*')
  @MinRole('developer')
  @PathParam('write', 'flow')
  async update(
    @Param('workspace') workspace: string,
    @Param('*') path: string,
    @Body() body: unknown,
    @Req() req: AuthedRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const input = parseBody<Partial<NewFlow> & { value: unknown }>(updateSchema, body);
    if (input.path !== undefined && input.path !== path) {
      throw badRequest(
        `path "${input.path}" in the body differs from "${path}" in the URL: renaming a flow is not supported; ` +
          'deploy it at the new path and delete the old one',
      );
    }
    assertReadsReferences(req.access!, {
      summary: input.summary ?? '',
      value: input.value,
      schema: input.schema ?? undefined,
    });
    const { hash, created } = await this.flows.update(workspace, actorOfRequest(req), { ...input, path });
    reply.header('x-runnel-flow-version', hash);
    await sendText(reply, created ? 201 : 200, path);
  }

  @Api({
    id: 'deleteFlowByPath',
    summary: 'Delete a flow',
    description:
      'Every version at the path, for good (archiveFlowByPath keeps them). Its past runs stay; a trigger or ' +
      'schedule that still names it fails to start it.',
    path: 'The flow path.',
    ok: { 200: { description: 'Deleted.', json: deletedSchema } },
    errors: [400, 404],
  })
  @Delete('delete/*')
  @MinRole('developer')
  @PathParam('write', 'flow')
  async delete(@Param('workspace') workspace: string, @Param('*') path: string, @Req() req: AuthedRequest) {
    await this.flows.delete(workspace, actorOfRequest(req), path);
    return { deleted: path };
  }

  @Api({
    id: 'getFlowHistoryByPath',
    summary: 'List the versions of a flow',
    description:
      'Newest first: version hash, summary, author and date of each version, whether it is the current one ' +
      '(what runs by path) and whether it is archived. No document: fetch a version with getFlowVersion. ' +
      "Windmill's route; its entries are `{id, created_at, deployment_msg}` with a numeric id, Runnel's name the hash.",
    path: 'The flow path.',
    query: HISTORY_QUERY,
    ok: { 200: { description: 'Versions, newest first.', json: listOf('FlowVersion') } },
    errors: [400, 404],
  })
  @Get('history/p/*')
  @PathParam('read', 'flow')
  async history(
    @Param('workspace') workspace: string,
    @Param('*') path: string,
    @Query('page') page?: string,
    @Query('per_page') perPage?: string,
  ) {
    return this.flows.history(workspace, path, ...historyPaging(page, perPage));
  }

  @Api({
    id: 'getFlowVersion',
    summary: 'Get one version of a flow',
    description:
      "Windmill's route; the version is the hash a deploy answers in `x-runnel-flow-version` (and the history " +
      'lists). A version of another path is a 404.',
    path: 'The flow path.',
    ok: { 200: { description: 'The flow version.', json: ref('Flow') } },
    errors: [400, 404],
  })
  @Get('get/v/:version/p/*')
  @PathParam('read', 'flow')
  async getVersion(@Param('workspace') workspace: string, @Param('version') version: string, @Param('*') path: string) {
    return flowView(await this.flows.getVersion(workspace, path, version));
  }

  @Api({
    id: 'getFlowByPath',
    summary: 'Get the latest version of a flow',
    path: 'The flow path, e.g. f/folder/name.',
    ok: { 200: { description: 'The flow.', json: ref('Flow') } },
    errors: [404],
  })
  @Get('get/*')
  @PathParam('read', 'flow')
  async get(@Param('workspace') workspace: string, @Param('*') path: string) {
    return flowView(await this.flows.getByPath(workspace, path));
  }

  @Api({
    id: 'listFlows',
    summary: 'List the latest version of every flow',
    query: { show_archived: { schema: { type: 'boolean' }, description: 'Include archived flows. Default false.' } },
    ok: { 200: { description: 'Flows by path.', json: listOf('Flow') } },
  })
  @Get('list')
  async list(@CallerAccess() access: Access, @Query('show_archived') showArchived?: string) {
    return (await this.flows.list(access, showArchived === 'true')).map(flowView);
  }

  @Api({
    id: 'archiveFlowByPath',
    summary: 'Archive a flow',
    path: 'The flow path.',
    ok: { 200: { description: 'Archived.', json: archivedSchema } },
    errors: [404],
  })
  @Post('archive/*')
  @MinRole('developer')
  @PathParam('write', 'flow')
  @HttpCode(200)
  async archive(@Param('workspace') workspace: string, @Param('*') path: string, @Req() req: AuthedRequest) {
    await this.flows.archive(workspace, actorOfRequest(req), path);
    return { archived: path };
  }
}
