import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { LANGUAGES } from '@runnel/runtimes';
import type { FastifyReply } from 'fastify';
import type { AuthedRequest } from '../auth/auth.guard.js';
import { MinRole } from '../auth/roles.js';
import { parseBody } from '../common/validate.js';
import { Api, listOf, ref } from '../openapi/api-docs.js';
import { ScriptsService, scriptView, type NewScript } from './scripts.service.js';

/** The body of scripts/create; GraphQL's createScript validates its input with it too. */
export const newScriptSchema = {
  type: 'object',
  required: ['path', 'language', 'content'],
  additionalProperties: false,
  properties: {
    path: { type: 'string', minLength: 1, maxLength: 255 },
    language: { enum: LANGUAGES },
    content: { type: 'string', minLength: 1 },
    summary: { type: 'string', maxLength: 1000 },
    description: { type: 'string', maxLength: 10000 },
    tag: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' },
    timeout: { type: 'integer', minimum: 1, maximum: 86400 },
    network: { enum: ['none', 'outbound', 'host'] },
    // Accepted for Windmill compatibility; Runnel infers the schema itself.
    schema: { type: 'object' },
    parent_hash: { type: ['string', 'null'] },
    lock: { type: ['string', 'null'] },
    kind: { type: 'string' },
  },
} as const;

const archivedSchema = {
  type: 'object',
  required: ['archived'],
  properties: { archived: { type: 'string', description: 'The path.' } },
} as const;

@ApiTags('scripts')
@Controller('api/w/:workspace/scripts')
export class ScriptsController {
  constructor(@Inject(ScriptsService) private readonly scripts: ScriptsService) {}

  /** Deploys a new version of a script; answers its hash as plain text. */
  @Api({
    id: 'createScript',
    summary: 'Deploy a new version of a script',
    description:
      "Infers the arguments' JSON Schema from `main`'s signature. Deploying the latest content again makes no version.",
    body: newScriptSchema,
    ok: {
      201: { description: 'A new version.', text: 'Its hash.' },
      200: { description: 'The same content as the latest version: no new version.', text: 'Its hash.' },
    },
    errors: [400],
  })
  @Post('create')
  @MinRole('developer')
  async create(
    @Param('workspace') workspace: string,
    @Body() body: unknown,
    @Req() req: AuthedRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const input = parseBody<NewScript>(newScriptSchema, body);
    const { hash, created } = await this.scripts.create(workspace, req.caller!.userId, input);
    await reply
      .status(created ? 201 : 200)
      .type('text/plain; charset=utf-8')
      .send(hash);
  }

  @Api({
    id: 'getScriptByPath',
    summary: 'Get the latest version of a script',
    path: 'The script path, e.g. f/folder/name.',
    ok: { 200: { description: 'The script.', json: ref('Script') } },
    errors: [404],
  })
  @Get('get/p/*')
  async getByPath(@Param('workspace') workspace: string, @Param('*') path: string) {
    return scriptView(await this.scripts.getByPath(workspace, path));
  }

  @Api({
    id: 'getScriptByHash',
    summary: 'Get one version of a script by hash',
    ok: { 200: { description: 'The script version.', json: ref('Script') } },
    errors: [404],
  })
  @Get('get/h/:hash')
  async getByHash(@Param('workspace') workspace: string, @Param('hash') hash: string) {
    return scriptView(await this.scripts.getByHash(workspace, hash));
  }

  @Api({
    id: 'listScripts',
    summary: 'List the latest version of every script',
    query: { show_archived: { schema: { type: 'boolean' }, description: 'Include archived scripts. Default false.' } },
    ok: { 200: { description: 'Scripts by path.', json: listOf('Script') } },
  })
  @Get('list')
  async list(@Param('workspace') workspace: string, @Query('show_archived') showArchived?: string) {
    return (await this.scripts.list(workspace, showArchived === 'true')).map(scriptView);
  }

  @Api({
    id: 'archiveScriptByPath',
    summary: 'Archive a script',
    path: 'The script path.',
    ok: { 200: { description: 'Archived.', json: archivedSchema } },
    errors: [404],
  })
  @Post('archive/p/*')
  @MinRole('developer')
  @HttpCode(200)
  async archive(@Param('workspace') workspace: string, @Param('*') path: string) {
    await this.scripts.archive(workspace, path);
    return { archived: path };
  }
}
