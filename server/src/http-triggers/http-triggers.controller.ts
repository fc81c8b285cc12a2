import { All, Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthedRequest } from '../auth/auth.guard.js';
import { MinRole, Public } from '../auth/roles.js';
import { HttpTriggersService, triggerView } from './http-triggers.service.js';
import { RouteHandler } from './route-handler.js';

/** Windmill's `http_triggers/…` endpoints. */
@Controller('api/w/:workspace/http_triggers')
export class HttpTriggersController {
  constructor(@Inject(HttpTriggersService) private readonly triggers: HttpTriggersService) {}

  @Post('create')
  @MinRole('developer')
  async create(
    @Param('workspace') ws: string,
    @Body() body: unknown,
    @Req() req: AuthedRequest,
    @Res() reply: FastifyReply,
  ) {
    await reply
      .status(201)
      .type('text/plain; charset=utf-8')
      .send(await this.triggers.create(ws, req.caller!.userId, body));
  }

  @Get('get/*')
  async get(@Param('workspace') ws: string, @Param('*') path: string) {
    return triggerView(await this.triggers.get(ws, path));
  }

  @Get('list')
  async list(@Param('workspace') ws: string) {
    return (await this.triggers.list(ws)).map(triggerView);
  }

  @Post('update/*')
  @MinRole('developer')
  async update(
    @Param('workspace') ws: string,
    @Param('*') path: string,
    @Body() body: unknown,
    @Req() req: AuthedRequest,
    @Res() reply: FastifyReply,
  ) {
    const renamed = await this.triggers.update(ws, req.caller!.userId, path, body);
    await reply.status(200).type('text/plain; charset=utf-8').send(renamed);
  }

  @Delete('delete/*')
  @MinRole('developer')
  @HttpCode(200)
  async delete(@Param('workspace') ws: string, @Param('*') path: string) {
    await this.triggers.delete(ws, path);
    return { deleted: path };
  }
}

/** The routes themselves: public to the guard, each trigger checks its own authentication. */
@Controller('api/r')
export class HttpRoutesController {
  constructor(@Inject(RouteHandler) private readonly handler: RouteHandler) {}

  @All('*')
  @Public()
  serve(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @Body() body: unknown) {
    return this.handler.serve(req, reply, body);
  }
}
