import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { actorOfRequest } from '../audit/audit-log.js';
import { ApiTags } from '@nestjs/swagger';
import { LANGUAGES, applySchemaOverrides, type Language, type SchemaOverrides } from '@runnel/runtimes';
import type { FastifyReply } from 'fastify';
import { CallerAccess, type AuthedRequest } from '../auth/auth.guard.js';
import { PathParam, type Access } from '../auth/path-access.js';
import { MinRole } from '../auth/roles.js';
import { parseBody } from '../common/validate.js';
import { notFound } from '../common/errors.js';
import { Api, listOf, ref } from '../common/api-docs.js';
import { sendText } from '../common/replies.js';
import { HISTORY_QUERY, historyPaging } from '../common/versions.js';
import { ScriptsService, scriptView, type NewScript } from './scripts.service.js';
import { readSignature } from './signatures.js';
import { SCRIPT_KINDS, windmillNewScriptProperties } from './windmill-fields.js';

/** Refinements of an inferred form (runtimes/schema-overrides.ts); the type of a field stays inferred. */
export const schemaOverridesSchema = {
  type: 'object',
  additionalProperties: false,
  description:
    "Refinements of the form inferred from main's signature, kept across deploys: the fields' `order`, and per " +
    'parameter title, description, placeholder, format, minimum, maximum, minLength, maxLength, pattern and ' +
    '`enumLabels` (value → text). Refinements of a parameter the code no longer has are dropped.',
  properties: {
    order: { type: 'array', items: { type: 'string' }, maxItems: 1000 },
    properties: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        properties: {
          title: { type: 'string', maxLength: 1000 },
          description: { type: 'string', maxLength: 10000 },
          placeholder: { type: 'string', maxLength: 1000 },
          format: { type: 'string', maxLength: 100 },
          minimum: { type: 'number' },
          maximum: { type: 'number' },
          minLength: { type: 'integer', minimum: 0 },
          maxLength: { type: 'integer', minimum: 0 },
          pattern: { type: 'string', maxLength: 1000 },
          enumLabels: { type: 'object', additionalProperties: { type: 'string', maxLength: 1000 } },
        },
      },
    },
  },
} as const;

/** The body of scripts/create; GraphQL's createScript validates its input with it too. */
export const newScriptSchema = {
  type: 'object',
  required: ['path', 'language', 'content'],
  additionalProperties: false,
  properties: {
    path: { type: 'string', minLength: 1, maxLength: 255 },
    language: { enum: LANGUAGES },
    content: { type: 'string', minLength: 1 },
    summary: { type: ['string', 'null'], maxLength: 1000 },
    description: { type: ['string', 'null'], maxLength: 10000 },
    tag: { type: ['string', 'null'], pattern: '^[A-Za-z0-9_-]{1,64}$' },
    timeout: { type: ['integer', 'null'], minimum: 1, maximum: 86400 },
    network: { enum: ['none', 'outbound', 'host'] },
    cpus: {
      type: 'number',
      minimum: 0.01,
      maximum: 256,
      description:
        "CPU cores the script's jobs may use together, e.g. 0.5 or 2. Default: the worker group's WORKER_CPUS (1), which is also the most it allows.",
    },
    disk_mb: {
      type: 'integer',
      minimum: 1,
      maximum: 1048576,
      description:
        "Disk quota of the job's folder (/job) in MiB; writing more fails the job with DiskQuotaExceeded. Default: the worker group's WORKER_DISK_MB (1024), which is also the most it allows.",
    },
    schema_overrides: schemaOverridesSchema,
    schema: {
      type: ['object', 'null'],
      description:
        "The arguments' JSON Schema as the client wants it answered (Windmill's CLI sends the one it generated): " +
        'stored as sent and answered as `schema` by getScriptByPath. Arguments are still checked against the ' +
        "schema Runnel infers from main's signature.",
    },
    parent_hash: { type: ['string', 'null'] },
    lock: {
      type: ['string', 'array', 'null'],
      description: 'Accepted for Windmill compatibility and ignored: every deploy locks the imports itself.',
    },
    kind: {
      enum: [...SCRIPT_KINDS, null],
      description: "Windmill's script kind, stored and answered; Runnel runs every kind the same way. Default script.",
    },
    ...windmillNewScriptProperties,
    dedicated: {
      type: 'boolean',
      description:
        "Run its jobs in a dedicated runtime (Bun and Python on a process sandbox): one process per version serves one job after another, so the module is loaded once; jobs of this version share that process's memory (docs/adr/0050). Windmill's dedicated_worker means the same. Default false.",
    },
  },
} as const;

const inferSchemaBody = {
  type: 'object',
  required: ['language', 'content'],
  additionalProperties: false,
  properties: {
    language: { enum: LANGUAGES },
    content: { type: 'string', maxLength: 1048576 },
    schema_overrides: schemaOverridesSchema,
  },
} as const;

const inferredSchema = {
  type: 'object',
  required: ['schema', 'arg_order'],
  properties: {
    schema: { type: 'object', additionalProperties: true, description: "JSON Schema of main's parameters." },
    arg_order: { type: 'array', items: { type: 'string' }, description: 'Parameter names in declared order.' },
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
      "Infers the arguments' JSON Schema from `main`'s signature and locks the packages the code imports (npm for " +
      "Bun and Deno, pip for Python) to exact versions, stored as the version's `lock`. Deploying the latest " +
      "content again relocks, and makes no version unless the lock changed. Takes the fields of Windmill's " +
      'NewScript too (what Runnel does not act on is stored and answered, see Script); an unknown field is a 400 ' +
      'naming it. A package that cannot be resolved is a 400 naming it and quoting the tool; locking that takes ' +
      'longer than the server allows ' +
      '(RUNNEL_DEPS_RESOLVE_TIMEOUT_S) is a 503.',
    body: newScriptSchema,
    ok: {
      201: {
        description:
          'Deployed, as Windmill answers: the `x-runnel-new-version` header says `true` for a new version, `false` ' +
          'when the content, lock and settings equal the latest version (its hash is answered, nothing is stored).',
        text: 'The hash of the version now current.',
      },
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
    const input = parseBody<NewScript>(newScriptSchema, body);
    req.access!.assert(input.path, 'write', 'script');
    const { hash, created } = await this.scripts.create(workspace, actorOfRequest(req), input);
    // Windmill's CLI takes anything but a 201 for a failure, so an unchanged deploy says so in a header.
    reply.header('x-runnel-new-version', String(created));
    await sendText(reply, 201, hash);
  }

  /** The editor's live form: the server's parser, nothing stored. */
  @Api({
    id: 'inferScriptSchema',
    summary: "Read main's parameters as a JSON Schema",
    description:
      'The same parser as a deploy, without storing anything; `schema_overrides` laid on as a deploy would. A script it cannot read is a 400 ' +
      '`invalid_script` whose `details.line` and `details.column` (1-based, null if unknown) locate the error.',
    body: inferSchemaBody,
    ok: { 200: { description: 'The schema.', json: inferredSchema } },
    errors: [400],
  })
  @Post('infer_schema')
  @MinRole('developer')
  @HttpCode(200)
  inferSchema(@Param('workspace') _workspace: string, @Body() body: unknown) {
    const input = parseBody<{ language: Language; content: string; schema_overrides?: SchemaOverrides }>(
      inferSchemaBody,
      body,
    );
    const { schema, order } = readSignature(input.language, input.content);
    return { schema: applySchemaOverrides(schema, input.schema_overrides), arg_order: order };
  }

  @Api({
    id: 'getScriptByPath',
    summary: 'Get the latest version of a script',
    path: 'The script path, e.g. f/folder/name.',
    ok: { 200: { description: 'The script.', json: ref('Script') } },
    errors: [404],
  })
  @Get('get/p/*')
  @PathParam('read', 'script')
  async getByPath(@Param('workspace') workspace: string, @Param('*') path: string) {
    const script = scriptView(await this.scripts.getByPath(workspace, path));
    return { ...script, public_form: await this.scripts.isPublicForm(workspace, path) };
  }

  @Api({
    id: 'getScriptByHash',
    summary: 'Get one version of a script by hash',
    ok: { 200: { description: 'The script version.', json: ref('Script') } },
    errors: [404],
  })
  @Get('get/h/:hash')
  async getByHash(@Param('workspace') workspace: string, @Param('hash') hash: string, @Req() req: AuthedRequest) {
    const script = await this.scripts.getByHash(workspace, hash);
    if (!req.access!.can(script.path, 'read')) {
      throw notFound(`script version "${hash}" not found in workspace "${workspace}"`);
    }
    return scriptView(script);
  }

  @Api({
    id: 'getScriptHistoryByPath',
    summary: 'List the versions of a script',
    description:
      'Newest first: hash, summary, author and date of each version, whether it is the current one (what runs ' +
      'by path) and whether it is archived. No code: fetch a version with getScriptByHash.',
    path: 'The script path.',
    query: HISTORY_QUERY,
    ok: { 200: { description: 'Versions, newest first.', json: listOf('ScriptVersion') } },
    errors: [400, 404],
  })
  @Get('history/p/*')
  @PathParam('read', 'script')
  async history(
    @Param('workspace') workspace: string,
    @Param('*') path: string,
    @Query('page') page?: string,
    @Query('per_page') perPage?: string,
  ) {
    return this.scripts.history(workspace, path, ...historyPaging(page, perPage));
  }

  @Api({
    id: 'listScripts',
    summary: 'List the latest version of every script',
    query: { show_archived: { schema: { type: 'boolean' }, description: 'Include archived scripts. Default false.' } },
    ok: { 200: { description: 'Scripts by path.', json: listOf('Script') } },
  })
  @Get('list')
  async list(@CallerAccess() access: Access, @Query('show_archived') showArchived?: string) {
    return (await this.scripts.list(access, showArchived === 'true')).map(scriptView);
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
  @PathParam('write', 'script')
  @HttpCode(200)
  async archive(@Param('workspace') workspace: string, @Param('*') path: string, @Req() req: AuthedRequest) {
    await this.scripts.archive(workspace, actorOfRequest(req), path);
    return { archived: path };
  }
}
