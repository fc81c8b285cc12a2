import { Body, Controller, Delete, Get, Header, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { actorOfRequest as actorOf } from '../audit/audit-log.js';
import { CallerAccess, type AuthedRequest } from '../auth/auth.guard.js';
import { PathParam, type Access } from '../auth/path-access.js';
import { MinRole } from '../auth/roles.js';
import { Api, listOf, ref } from '../common/api-docs.js';
import { exists } from '../common/exists.js';
import { sendText } from '../common/replies.js';
import { badRequest, forbidden } from '../common/errors.js';
import { booleanParam, integerParam, parseBody } from '../common/validate.js';
import {
  MAX_VALUE_BYTES,
  VariablesService,
  variableView,
  type NewVariable,
  type VariableInput,
} from './variables.service.js';

const fields = {
  path: { type: 'string', minLength: 1, maxLength: 255 },
  // Characters here; the service holds the value to MAX_VALUE_BYTES of UTF-8 (413 beyond).
  value: { type: 'string', maxLength: MAX_VALUE_BYTES },
  is_secret: { type: 'boolean' },
  description: { type: 'string', maxLength: 10_000 },
} as const;

/** Windmill's CreateVariable (its OAuth fields aside). */
export const createVariableSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['path', 'value', 'is_secret'],
  properties: fields,
} as const;
export const updateVariableSchema = { type: 'object', additionalProperties: false, properties: fields } as const;

/** A value is answered as a JSON string, as Windmill answers it. */
const JSON_TYPE = 'application/json; charset=utf-8';

const ALREADY_ENCRYPTED = {
  already_encrypted: {
    schema: { type: 'string', enum: ['true', 'false'] },
    description:
      "Windmill's `wmill` sends true unless told --plain-secrets. For a plain variable it changes nothing; for a " +
      "secret's value it is a 400: Runnel has no portable ciphertext (move secrets with --plain-secrets). Default false.",
  },
};

/**
 * `wmill` marks a secret's value as a ciphertext of Windmill's (already_encrypted=true) unless told
 * --plain-secrets, for plain variables too; Runnel's ciphertexts are sealed for one workspace and path and never leave it
 * (docs/adr/0047-windmill-cli.md), so such a value cannot be one of them.
 */
function refuseCiphertext(already: string | undefined, isSecret: boolean): void {
  // wmill marks every variable's value so; a plain variable's is plain all the same.
  if (booleanParam(already, 'already_encrypted') && isSecret) {
    throw badRequest(
      'already_encrypted=true: Runnel takes no ciphertext from outside (its secrets are sealed per workspace); ' +
        'push secrets in plaintext as a workspace admin (wmill sync push --plain-secrets), or skip them (--skip-secrets)',
    );
  }
}

/** Variables and secrets, in Windmill's shapes (`variables/*`); docs/adr/0036-secrets-key-hierarchy.md. */
@ApiTags('variables')
@Controller('api/w/:workspace/variables')
export class VariablesController {
  constructor(@Inject(VariablesService) private readonly variables: VariablesService) {}

  @Api({
    id: 'createVariable',
    summary: 'Create a variable',
    description:
      'A secret (`is_secret: true`) is stored encrypted and its value is never returned; writing one needs the ' +
      'server to have RUNNEL_MASTER_KEY (503 otherwise). `value` is at most 64 KiB of UTF-8.',
    body: createVariableSchema,
    query: ALREADY_ENCRYPTED,
    ok: { 201: { description: 'Created.', text: 'The variable path.' } },
    errors: [400, 409, 413, 503],
  })
  @Post('create')
  @MinRole('developer')
  async create(
    @Param('workspace') ws: string,
    @Body() body: unknown,
    @Req() req: AuthedRequest,
    @Res() reply: FastifyReply,
    @Query('already_encrypted') already?: string,
  ) {
    const input = parseBody<NewVariable>(createVariableSchema, body);
    refuseCiphertext(already, input.is_secret);
    req.access!.assert(input.path, 'write', 'variable');
    await sendText(reply, 201, await this.variables.create(ws, actorOf(req), input));
  }

  @Api({
    id: 'getVariable',
    summary: 'Get a variable',
    description:
      "A secret's `value` is null, unless a workspace admin asks with `decrypt_secret=true` (Windmill's " +
      '`wmill sync push --plain-secrets` does): then it is the plaintext, audited as `variables.reveal`.',
    path: 'The variable path.',
    query: {
      decrypt_secret: {
        schema: { type: 'string', enum: ['true', 'false'] },
        description: "true: a secret's plaintext (admins only; audited). Default false.",
      },
      include_encrypted: { schema: { type: 'string' }, description: 'Accepted for Windmill and ignored.' },
    },
    ok: { 200: { description: 'The variable.', json: ref('Variable') } },
    errors: [400, 404],
  })
  @Get('get/*')
  @PathParam('read', 'variable')
  async get(
    @Param('workspace') ws: string,
    @Param('*') path: string,
    @Req() req: AuthedRequest,
    @Query('decrypt_secret') decrypt?: string,
  ) {
    const row = await this.variables.get(ws, path);
    if (!booleanParam(decrypt, 'decrypt_secret') || !row.is_secret) return variableView(row);
    if (!req.access!.admin) {
      throw forbidden('decrypt_secret=true is for workspace admins: the plaintext is revealed and audited');
    }
    return { ...variableView(row), value: await this.variables.reveal(ws, actorOf(req), path) };
  }

  @Api({
    id: 'getVariableValue',
    summary: "A plain variable's value",
    description: 'A secret answers 403: an admin reveals one with `reveal/{path}`.',
    path: 'The variable path.',
    ok: { 200: { description: 'The value.', json: { type: 'string' } } },
    errors: [404],
  })
  @Get('get_value/*')
  @PathParam('read', 'variable')
  @Header('content-type', JSON_TYPE)
  async getValue(@Param('workspace') ws: string, @Param('*') path: string) {
    return JSON.stringify(await this.variables.getValue(ws, path));
  }

  @Api({
    id: 'revealVariable',
    summary: "Reveal a secret's value (admin; audited)",
    description: 'Writes a `variables.reveal` entry to the audit log with who asked and from which address.',
    path: 'The variable path.',
    ok: { 200: { description: 'The plaintext.', json: { type: 'string' } } },
    errors: [400, 404, 503],
  })
  @Post('reveal/*')
  @PathParam('read', 'variable')
  @HttpCode(200)
  @MinRole('admin')
  @Header('content-type', JSON_TYPE)
  async reveal(@Param('workspace') ws: string, @Param('*') path: string, @Req() req: AuthedRequest) {
    return JSON.stringify(await this.variables.reveal(ws, actorOf(req), path));
  }

  @Api({
    id: 'existsVariable',
    summary: 'Whether a variable exists',
    path: 'The variable path.',
    ok: { 200: { description: 'true or false.', json: { type: 'boolean' } } },
  })
  @Get('exists/*')
  async exists(@Param('workspace') ws: string, @Param('*') path: string, @CallerAccess() access: Access) {
    // One the caller may not read does not exist for it, as a get's 404 says.
    return access.can(path, 'read') && exists(this.variables.get(ws, path));
  }

  @Api({
    id: 'listVariable',
    summary: 'List variables',
    description: 'Secrets are listed with `value: null`.',
    query: {
      page: { schema: { type: 'integer', minimum: 1 }, description: 'Page number, from 1. Default 1.' },
      per_page: { schema: { type: 'integer', minimum: 1, maximum: 1000 }, description: 'Default 100.' },
    },
    ok: { 200: { description: 'Variables, by path.', json: listOf('Variable') } },
    errors: [400],
  })
  @Get('list')
  async list(@CallerAccess() access: Access, @Query('page') page?: string, @Query('per_page') perPage?: string) {
    const rows = await this.variables.list(
      access,
      integerParam(page, 'page', 1, 1_000_000),
      integerParam(perPage, 'per_page', 100, 1000),
    );
    return rows.map(variableView);
  }

  @Api({
    id: 'updateVariable',
    summary: 'Change a variable',
    description: 'Fields left out stay as they are; `path` renames it. A secret becomes plain only with a new `value`.',
    path: 'The variable path.',
    body: updateVariableSchema,
    query: ALREADY_ENCRYPTED,
    ok: { 200: { description: 'Updated.', text: 'A confirmation.' } },
    errors: [400, 404, 409, 413, 503],
  })
  @Post('update/*')
  @MinRole('developer')
  @PathParam('write', 'variable')
  async update(
    @Param('workspace') ws: string,
    @Param('*') path: string,
    @Body() body: unknown,
    @Req() req: AuthedRequest,
    @Res() reply: FastifyReply,
    @Query('already_encrypted') already?: string,
  ) {
    const input = parseBody<VariableInput>(updateVariableSchema, body);
    if (input.value !== undefined) {
      refuseCiphertext(already, input.is_secret ?? (await this.variables.get(ws, path)).is_secret);
    }
    if (input.path !== undefined) req.access!.assert(input.path, 'write', 'variable');
    await this.variables.update(ws, actorOf(req), path, input);
    await sendText(reply, 200, `updated variable ${path}`);
  }

  @Api({
    id: 'deleteVariable',
    summary: 'Delete a variable',
    path: 'The variable path.',
    ok: { 200: { description: 'Deleted.', text: 'A confirmation.' } },
    errors: [404],
  })
  @Delete('delete/*')
  @MinRole('developer')
  @PathParam('write', 'variable')
  async delete(
    @Param('workspace') ws: string,
    @Param('*') path: string,
    @Req() req: AuthedRequest,
    @Res() reply: FastifyReply,
  ) {
    await this.variables.delete(ws, actorOf(req), path);
    await sendText(reply, 200, `variable ${path} deleted`);
  }
}
