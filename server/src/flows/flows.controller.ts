import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { AuthedRequest } from '../auth/auth.guard.js';
import { MinRole } from '../auth/roles.js';
import { parseBody } from '../common/validate.js';
import { FlowsService, flowView, type NewFlow } from './flows.service.js';

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

@Controller('api/w/:workspace/flows')
export class FlowsController {
  constructor(@Inject(FlowsService) private readonly flows: FlowsService) {}

  /** Deploys a new version of a flow; answers its path as plain text, like Windmill. */
  @Post('create')
  @MinRole('developer')
  async create(
    @Param('workspace') workspace: string,
    @Body() body: unknown,
    @Req() req: AuthedRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const input = parseBody<NewFlow>(createSchema, body);
    const { hash, created } = await this.flows.create(workspace, req.caller!.userId, input);
    await reply
      .status(created ? 201 : 200)
      .header('x-runnel-flow-version', hash)
      .type('text/plain; charset=utf-8')
      .send(input.path);
  }

  @Get('get/*')
  async get(@Param('workspace') workspace: string, @Param('*') path: string) {
    return flowView(await this.flows.getByPath(workspace, path));
  }

  @Get('list')
  async list(@Param('workspace') workspace: string, @Query('show_archived') showArchived?: string) {
    return (await this.flows.list(workspace, showArchived === 'true')).map(flowView);
  }

  @Post('archive/*')
  @MinRole('developer')
  @HttpCode(200)
  async archive(@Param('workspace') workspace: string, @Param('*') path: string) {
    await this.flows.archive(workspace, path);
    return { archived: path };
  }
}
