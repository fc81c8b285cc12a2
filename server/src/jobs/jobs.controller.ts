import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { AuthedRequest } from '../auth/auth.guard.js';
import { MinRole } from '../auth/roles.js';
import { SERVER_CONFIG, type ServerConfig } from '../config.js';
import { parseBody } from '../common/validate.js';
import { FlowOrchestrator } from '../flows/flow-orchestrator.js';
import { jobView } from './job-row.js';
import { JobWaiter } from './job-waiter.js';
import { JobsService, type JobFilter, type ScriptRef } from './jobs.service.js';
import { answerJob, sendJson, webhookArgs } from './webhook-shape.js';

const previewSchema = {
  type: 'object',
  required: ['value'],
  properties: { value: { type: 'object' }, args: { type: 'object' }, schema: { type: 'object' } },
} as const;

const cancelSchema = { type: 'object', properties: { reason: { type: 'string', maxLength: 1000 } } } as const;

/** Webhook-shaped run endpoints (Windmill's `jobs/run…`) and job queries (`jobs_u/…`). */
@Controller('api/w/:workspace')
export class JobsController {
  constructor(
    @Inject(JobsService) private readonly jobs: JobsService,
    @Inject(JobWaiter) private readonly waiter: JobWaiter,
    @Inject(FlowOrchestrator) private readonly flows: FlowOrchestrator,
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
  ) {}

  @Post('jobs/run/p/*')
  @MinRole('operator')
  runByPath(
    @Param('workspace') ws: string,
    @Param('*') path: string,
    @Body() body: unknown,
    @Req() req: AuthedRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.run(ws, { path }, body, req, reply, false);
  }

  @Post('jobs/run/h/:hash')
  @MinRole('operator')
  runByHash(
    @Param('workspace') ws: string,
    @Param('hash') hash: string,
    @Body() body: unknown,
    @Req() req: AuthedRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.run(ws, { hash }, body, req, reply, false);
  }

  @Post('jobs/run/f/*')
  @MinRole('operator')
  runFlowByPath(
    @Param('workspace') ws: string,
    @Param('*') path: string,
    @Body() body: unknown,
    @Req() req: AuthedRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.run(ws, { flow: path }, body, req, reply, false);
  }

  @Post('jobs/run_wait_result/p/*')
  @MinRole('operator')
  waitByPath(
    @Param('workspace') ws: string,
    @Param('*') path: string,
    @Body() body: unknown,
    @Req() req: AuthedRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.run(ws, { path }, body, req, reply, true);
  }

  @Post('jobs/run_wait_result/h/:hash')
  @MinRole('operator')
  waitByHash(
    @Param('workspace') ws: string,
    @Param('hash') hash: string,
    @Body() body: unknown,
    @Req() req: AuthedRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.run(ws, { hash }, body, req, reply, true);
  }

  @Post('jobs/run_wait_result/f/*')
  @MinRole('operator')
  waitFlowByPath(
    @Param('workspace') ws: string,
    @Param('*') path: string,
    @Body() body: unknown,
    @Req() req: AuthedRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.run(ws, { flow: path }, body, req, reply, true);
  }

  /** Sync webhooks by GET: the arguments as `?payload=<URL-safe base64 of the JSON>`. */
  @Get('jobs/run_wait_result/p/*')
  @MinRole('operator')
  waitByPathGet(
    @Param('workspace') ws: string,
    @Param('*') path: string,
    @Req() req: AuthedRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.run(ws, { path }, undefined, req, reply, true);
  }

  @Get('jobs/run_wait_result/h/:hash')
  @MinRole('operator')
  waitByHashGet(
    @Param('workspace') ws: string,
    @Param('hash') hash: string,
    @Req() req: AuthedRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.run(ws, { hash }, undefined, req, reply, true);
  }

  @Get('jobs/run_wait_result/f/*')
  @MinRole('operator')
  waitFlowByPathGet(
    @Param('workspace') ws: string,
    @Param('*') path: string,
    @Req() req: AuthedRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.run(ws, { flow: path }, undefined, req, reply, true);
  }

  /** Runs a flow that is not saved: `{value, args?, schema?}`; answers the job id. */
  @Post('jobs/run/preview_flow')
  @MinRole('developer')
  async runPreview(
    @Param('workspace') ws: string,
    @Body() body: unknown,
    @Req() req: AuthedRequest,
    @Res() reply: FastifyReply,
  ) {
    const preview = parseBody<{ value: unknown; args?: unknown; schema?: unknown }>(previewSchema, body);
    await this.answerAsync(reply, await this.flows.run(ws, req.caller!.userId, { preview }, preview.args));
  }

  @Get('jobs_u/get/:id')
  async get(@Param('workspace') ws: string, @Param('id') id: string) {
    return jobView(await this.jobs.get(ws, id));
  }

  @Get('jobs_u/completed/get_result/:id')
  async getResult(@Param('workspace') ws: string, @Param('id') id: string, @Res() reply: FastifyReply) {
    const job = await this.jobs.get(ws, id);
    await sendJson(reply, 200, job.result ?? null);
  }

  @Get('jobs_u/get_logs/:id')
  async getLogs(@Param('workspace') ws: string, @Param('id') id: string, @Res() reply: FastifyReply) {
    await reply.type('text/plain; charset=utf-8').send(await this.jobs.logs(ws, id));
  }

  @Post('jobs_u/queue/cancel/:id')
  @MinRole('operator')
  @HttpCode(200)
  async cancel(
    @Param('workspace') ws: string,
    @Param('id') id: string,
    @Body() body: unknown,
    @Req() req: AuthedRequest,
  ) {
    const { reason } = parseBody<{ reason?: string }>(cancelSchema, body);
    await this.jobs.cancel(ws, id, req.caller!.username, reason);
    return { canceled: id };
  }

  @Get('jobs/list')
  async list(@Param('workspace') ws: string, @Query() query: JobFilter) {
    return (await this.jobs.list(ws, query)).map(jobView);
  }

  /** A webhook: the request's arguments (see webhook-shape.ts), then the job id or, sync, its result. */
  private async run(
    ws: string,
    ref: ScriptRef | { flow: string },
    body: unknown,
    req: AuthedRequest,
    reply: FastifyReply,
    sync: boolean,
  ) {
    const args = webhookArgs(req, body);
    const userId = req.caller!.userId;
    const id =
      'flow' in ref
        ? await this.flows.run(ws, userId, { path: ref.flow }, args)
        : await this.jobs.runScript(ws, userId, ref, args);
    if (sync) await answerJob(reply, id, await this.waiter.wait(ws, id, this.config.syncTimeoutMs));
    else await this.answerAsync(reply, id);
  }

  private async answerAsync(reply: FastifyReply, id: string) {
    await reply.status(201).type('text/plain; charset=utf-8').send(id);
  }
}
