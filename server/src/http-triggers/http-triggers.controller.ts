import { All, Body, Controller, Delete, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { actorOfRequest } from '../audit/audit-log.js';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CallerAccess, type AuthedRequest } from '../auth/auth.guard.js';
import { PathParam, type Access } from '../auth/path-access.js';
import { MinRole, Public } from '../auth/roles.js';
import { Api, listOf, ref } from '../common/api-docs.js';
import { parseBody } from '../common/validate.js';
import { HttpTriggersService, triggerSchema, triggerView, type TriggerInput } from './http-triggers.service.js';
import { RouteHandler } from './route-handler.js';
import { sendText } from '../common/replies.js';

/** Windmill's `http_triggers/…` endpoints. */
@ApiTags('http_triggers')
@Controller('api/w/:workspace/http_triggers')
export class HttpTriggersController {
  constructor(@Inject(HttpTriggersService) private readonly triggers: HttpTriggersService) {}

  @Api({
    id: 'createHttpTrigger',
    summary: 'Create an HTTP route',
    description:
      'Serves `route_path` (with `:param` segments) at /api/r/{workspace}/{route_path} on every replica; ' +
      "no other workspace's route can answer there. `authentication_method`: none, token, basic or signature " +
      "(HMAC of the raw body). The caller's credentials are never stored in the job's arguments.",
    body: triggerSchema,
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
    const input = parseBody<TriggerInput>(triggerSchema, body);
    req.access!.assertTrigger(input.path, 'HTTP trigger', input);
    await sendText(reply, 201, await this.triggers.create(ws, actorOfRequest(req), input));
  }

  @Api({
    id: 'getHttpTrigger',
    summary: 'Get an HTTP route',
    path: 'The trigger path.',
    ok: { 200: { description: 'The trigger, without secrets.', json: ref('HttpTrigger') } },
    errors: [404],
  })
  @Get('get/*')
  @PathParam('read', 'HTTP trigger')
  async get(@Param('workspace') ws: string, @Param('*') path: string) {
    return triggerView(await this.triggers.get(ws, path));
  }

  @Api({
    id: 'listHttpTriggers',
    summary: 'List HTTP routes',
    ok: { 200: { description: 'Triggers.', json: listOf('HttpTrigger') } },
  })
  @Get('list')
  async list(@CallerAccess() access: Access) {
    return (await this.triggers.list(access)).map(triggerView);
  }

  @Api({
    id: 'updateHttpTrigger',
    summary: 'Replace an HTTP route',
    description: 'A signature secret left out keeps the old one.',
    path: 'The trigger path.',
    body: triggerSchema,
    ok: { 200: { description: 'Updated.', text: 'The (possibly new) trigger path.' } },
    errors: [400, 404, 409],
  })
  @Post('update/*')
  @MinRole('developer')
  @PathParam('write', 'HTTP trigger')
  async update(
    @Param('workspace') ws: string,
    @Param('*') path: string,
    @Body() body: unknown,
    @Req() req: AuthedRequest,
    @Res() reply: FastifyReply,
  ) {
    const input = parseBody<TriggerInput>(triggerSchema, body);
    req.access!.assertTrigger(input.path, 'HTTP trigger', input);
    const renamed = await this.triggers.update(ws, actorOfRequest(req), path, input);
    await sendText(reply, 200, renamed);
  }

  @Api({
    id: 'deleteHttpTrigger',
    summary: 'Delete an HTTP route',
    path: 'The trigger path.',
    ok: { 200: { description: 'Deleted.', text: 'A confirmation.' } },
    errors: [404],
  })
  @Delete('delete/*')
  @MinRole('developer')
  @PathParam('write', 'HTTP trigger')
  async delete(
    @Param('workspace') ws: string,
    @Param('*') path: string,
    @Req() req: AuthedRequest,
    @Res() reply: FastifyReply,
  ) {
    await this.triggers.delete(ws, actorOfRequest(req), path);
    await sendText(reply, 200, `HTTP trigger ${path} deleted`);
  }
}

/** The routes themselves: public to the guard, each trigger checks its own authentication. */
@ApiTags('http_triggers')
@Controller('api/r')
export class HttpRoutesController {
  constructor(@Inject(RouteHandler) private readonly handler: RouteHandler) {}

  @Api({
    id: 'serveHttpRoute',
    summary: 'An HTTP route defined by an HTTP trigger',
    description:
      "Authenticated as the route's trigger says (none, token, basic, signature), not by this API's token. " +
      'Sync routes answer the result, async routes 202 and the job id.',
    public: true,
    path: "The route's workspace, then its path, e.g. main/orders/42.",
    body: { description: "The script's arguments, or its `request.body`." },
    bodyOptional: true,
    ok: {
      200: { description: 'The result (sync routes), shaped by `windmill_*` keys.', any: true },
      202: { description: 'Queued (async routes).', text: 'The job id.' },
    },
    errors: [400, 401, 404, 413, 422, 429],
  })
  @All('*')
  @Public()
  serve(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @Body() body: unknown) {
    return this.handler.serve(req, reply, body);
  }
}
