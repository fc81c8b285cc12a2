import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { AuthedRequest } from '../auth/auth.guard.js';
import { MinRole } from '../auth/roles.js';
import { SERVER_CONFIG, type ServerConfig } from '../config.js';
import { ApiTags } from '@nestjs/swagger';
import { parseBody } from '../common/validate.js';
import { Api, documented, listOf, ref, type ApiDoc } from '../openapi/api-docs.js';
import { FlowOrchestrator } from '../flows/flow-orchestrator.js';
import { JOB_STATUSES, jobView } from './job-row.js';
import { JobWaiter } from './job-waiter.js';
import { JobsService, type JobFilter, type ScriptRef } from './jobs.service.js';
import { answerJob, sendJson, webhookArgs } from './webhook-shape.js';

const previewSchema = {
  type: 'object',
  required: ['value'],
  properties: { value: { type: 'object' }, args: { type: 'object' }, schema: { type: 'object' } },
} as const;

/** The body of a cancel; GraphQL's cancelJob validates its arguments with it too. */
export const cancelSchema = { type: 'object', properties: { reason: { type: 'string', maxLength: 1000 } } } as const;

const argsSchema = {
  type: 'object',
  additionalProperties: true,
  description:
    "The arguments, checked against the script's schema. A body that is not an object arrives as `{body: …}`; " +
    'forms and text are accepted too.',
} as const;

const WEBHOOK_QUERY = {
  include_header: { schema: { type: 'string' }, description: 'Headers to pass as arguments, comma-separated.' },
  include_query: { schema: { type: 'string' }, description: 'Query parameters to pass as arguments, comma-separated.' },
  raw: { schema: { type: 'boolean' }, description: 'Also pass the body as received, as `raw_string`.' },
  wrap_body: { schema: { type: 'boolean' }, description: 'Pass an object body as `{body: …}` too.' },
} as const;

/** What every run endpoint shares. */
const runDoc = {
  tokenQuery: true,
  body: argsSchema,
  bodyOptional: true,
  bodyTypes: ['application/x-www-form-urlencoded', 'text/plain'],
  query: WEBHOOK_QUERY,
  errors: [400, 404, 413],
} satisfies Partial<ApiDoc>;

const waitOk = {
  200: {
    description:
      "The job's result. A result object may set `windmill_status_code`, `windmill_content_type` and " +
      '`windmill_headers` to shape this answer. The `x-runnel-job-id` header carries the job id.',
    any: true,
  },
  202: {
    description: 'Still running after the sync limit (RUNNEL_SYNC_TIMEOUT_MS): poll getJob.',
    text: 'The job id.',
  },
} as const;

/** The GET forms of the sync endpoints: no body, the arguments in `?payload=`. */
const waitGetDoc = {
  tokenQuery: true,
  query: {
    payload: { schema: { type: 'string' }, description: 'The JSON arguments in URL-safe base64.' },
    ...WEBHOOK_QUERY,
  },
  ok: waitOk,
  errors: [400, 404, 422],
} satisfies Partial<ApiDoc>;

const canceledSchema = {
  type: 'object',
  required: ['canceled'],
  properties: { canceled: { type: 'string', format: 'uuid' } },
} as const;

const listQuery = {
  script_path: { schema: { type: 'string' }, description: 'Only jobs of this script or flow path.' },
  status: { schema: { type: 'string', enum: JOB_STATUSES }, description: 'Only jobs in this status.' },
  parent_job: { schema: { type: 'string', format: 'uuid' }, description: 'Only the steps of this flow job.' },
  page: { schema: { type: 'integer', minimum: 1 }, description: 'Page number, from 1. Default 1.' },
  per_page: { schema: { type: 'integer', minimum: 1, maximum: 1000 }, description: 'Default 30.' },
} as const;

/** Webhook-shaped run endpoints (Windmill's `jobs/run…`) and job queries (`jobs_u/…`). */
@ApiTags('jobs')
@Controller('api/w/:workspace')
export class JobsController {
  constructor(
    @Inject(JobsService) private readonly jobs: JobsService,
    @Inject(JobWaiter) private readonly waiter: JobWaiter,
    @Inject(FlowOrchestrator) private readonly flows: FlowOrchestrator,
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
  ) {}

  @Api({
    id: 'runScriptByPath',
    summary: 'Run a script by path (async)',
    ...runDoc,
    path: 'The script path.',
    ok: { 201: { description: 'Queued.', text: 'The job id.' } },
  })
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

  @Api({
    id: 'runScriptByHash',
    summary: 'Run a script version by hash (async)',
    ...runDoc,
    ok: { 201: { description: 'Queued.', text: 'The job id.' } },
  })
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

  @Api({
    id: 'runFlowByPath',
    summary: 'Run a flow by path (async)',
    ...runDoc,
    path: 'The flow path.',
    ok: { 201: { description: 'Queued.', text: 'The job id.' } },
  })
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

  @Api({
    id: 'runWaitResultScriptByPath',
    summary: 'Run a script by path and wait for its result',
    ...runDoc,
    path: 'The script path.',
    ok: waitOk,
    errors: [...runDoc.errors, 422],
  })
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

  @Api({
    id: 'runWaitResultScriptByHash',
    summary: 'Run a script version by hash and wait for its result',
    ...runDoc,
    ok: waitOk,
    errors: [...runDoc.errors, 422],
  })
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

  @Api({
    id: 'runWaitResultFlowByPath',
    summary: 'Run a flow by path and wait for its result',
    ...runDoc,
    path: 'The flow path.',
    ok: waitOk,
    errors: [...runDoc.errors, 422],
  })
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
  @Api({
    id: 'runWaitResultScriptByPathGet',
    summary: 'Run a script by path and wait for its result (GET)',
    ...waitGetDoc,
    path: 'The script path.',
  })
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

  @Api({
    id: 'runWaitResultScriptByHashGet',
    summary: 'Run a script version by hash and wait for its result (GET)',
    ...waitGetDoc,
  })
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

  @Api({
    id: 'runWaitResultFlowByPathGet',
    summary: 'Run a flow by path and wait for its result (GET)',
    ...waitGetDoc,
    path: 'The flow path.',
  })
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
  @Api({
    id: 'runFlowPreview',
    summary: 'Run a flow that is not saved',
    body: documented(previewSchema, { value: ref('FlowValue') }),
    ok: { 201: { description: 'Queued.', text: 'The job id.' } },
    errors: [400],
  })
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

  @Api({
    id: 'getJob',
    summary: 'Get a job',
    ok: { 200: { description: 'The job.', json: ref('Job') } },
    errors: [404],
  })
  @Get('jobs_u/get/:id')
  async get(@Param('workspace') ws: string, @Param('id') id: string) {
    return jobView(await this.jobs.get(ws, id));
  }

  @Api({
    id: 'getCompletedJobResult',
    summary: "A job's result",
    ok: { 200: { description: 'The result; null while the job runs.', any: true } },
    errors: [404],
  })
  @Get('jobs_u/completed/get_result/:id')
  async getResult(@Param('workspace') ws: string, @Param('id') id: string, @Res() reply: FastifyReply) {
    const job = await this.jobs.get(ws, id);
    await sendJson(reply, 200, job.result ?? null);
  }

  @Api({
    id: 'getJobLogs',
    summary: "A job's logs",
    ok: { 200: { description: 'The logs so far.', text: 'Log lines.' } },
    errors: [404],
  })
  @Get('jobs_u/get_logs/:id')
  async getLogs(@Param('workspace') ws: string, @Param('id') id: string, @Res() reply: FastifyReply) {
    await reply.type('text/plain; charset=utf-8').send(await this.jobs.logs(ws, id));
  }

  @Api({
    id: 'cancelQueuedJob',
    summary: 'Cancel a queued or running job',
    body: cancelSchema,
    bodyOptional: true,
    ok: { 200: { description: 'Canceled.', json: canceledSchema } },
    errors: [400, 404, 409],
  })
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

  @Api({
    id: 'listJobs',
    summary: 'List jobs, newest first',
    query: listQuery,
    ok: { 200: { description: 'Jobs.', json: listOf('Job') } },
    errors: [400],
  })
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
