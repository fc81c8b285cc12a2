import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { AuthedRequest } from '../auth/auth.guard.js';
import { MinRole } from '../auth/roles.js';
import { SERVER_CONFIG, type ServerConfig } from '../config.js';
import { ErrorCode, STATUS_OF } from '../common/errors.js';
import { parseBody } from '../common/validate.js';
import { FlowOrchestrator } from '../flows/flow-orchestrator.js';
import { jobView } from './job-row.js';
import { JobWaiter } from './job-waiter.js';
import { JobsService, type JobFilter, type ScriptRef } from './jobs.service.js';

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
    return this.runAsync(ws, { path }, body, req, reply);
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
    return this.runAsync(ws, { hash }, body, req, reply);
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
    return this.runSync(ws, { path }, body, req, reply);
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
    return this.runSync(ws, { hash }, body, req, reply);
  }

  @Post('jobs/run/f/*')
  @MinRole('operator')
  async runFlowByPath(
    @Param('workspace') ws: string,
    @Param('*') path: string,
    @Body() body: unknown,
    @Req() req: AuthedRequest,
    @Res() reply: FastifyReply,
  ) {
    await this.answerAsync(reply, await this.flows.run(ws, req.caller!.userId, { path }, body));
  }

  @Post('jobs/run_wait_result/f/*')
  @MinRole('operator')
  async waitFlowByPath(
    @Param('workspace') ws: string,
    @Param('*') path: string,
    @Body() body: unknown,
    @Req() req: AuthedRequest,
    @Res() reply: FastifyReply,
  ) {
    await this.answerSync(ws, reply, await this.flows.run(ws, req.caller!.userId, { path }, body));
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

  private async runAsync(ws: string, ref: ScriptRef, body: unknown, req: AuthedRequest, reply: FastifyReply) {
    await this.answerAsync(reply, await this.jobs.runScript(ws, req.caller!.userId, ref, body));
  }

  private async runSync(ws: string, ref: ScriptRef, body: unknown, req: AuthedRequest, reply: FastifyReply) {
    await this.answerSync(ws, reply, await this.jobs.runScript(ws, req.caller!.userId, ref, body));
  }

  private async answerAsync(reply: FastifyReply, id: string) {
    await reply.status(201).type('text/plain; charset=utf-8').send(id);
  }

  /** Answers the result; a failed job answers its error with 422; still running after the limit, 202 and the id. */
  private async answerSync(ws: string, reply: FastifyReply, id: string) {
    const job = await this.waiter.wait(ws, id, this.config.syncTimeoutMs);
    if (!job) {
      await reply.status(202).header('x-runnel-job-id', id).type('text/plain; charset=utf-8').send(id);
      return;
    }
    reply.header('x-runnel-job-id', id);
    if (job.status === 'success' || (job.status === 'running' && job.early_return)) {
      await sendJson(reply, 200, job.result ?? null);
      return;
    }
    const error = (job.result as { error?: { name?: string; message?: string; stack?: string } } | null)?.error;
    await sendJson(reply, STATUS_OF[ErrorCode.JobFailed], {
      error: {
        code: job.status === 'canceled' ? 'job_canceled' : ErrorCode.JobFailed,
        message: error?.message ?? `job ${job.status}`,
        name: error?.name ?? 'Error',
        stack: error?.stack,
        job_id: id,
      },
    });
  }
}

function sendJson(reply: FastifyReply, status: number, value: unknown) {
  return reply.status(status).type('application/json; charset=utf-8').send(JSON.stringify(value));
}
