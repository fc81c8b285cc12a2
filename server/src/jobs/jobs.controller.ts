import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { CallerAccess } from '../auth/auth.guard.js';
import type { Access } from '../auth/path-access.js';
import { MinRole } from '../auth/roles.js';
import { ApiTags } from '@nestjs/swagger';
import { parseBody } from '../common/validate.js';
import { sendText } from '../common/replies.js';
import { Api, listOf } from '../common/api-docs.js';
import { jobView } from './job-row.js';
import { jobFilterQuery, type JobFilter } from './job-list.js';
import { JobsService } from './jobs.service.js';
import { sendJson } from './webhook-shape.js';

/** The body of a cancel; GraphQL's cancelJob validates its arguments with it too. */
export const cancelSchema = { type: 'object', properties: { reason: { type: 'string', maxLength: 1000 } } } as const;

const canceledSchema = {
  type: 'object',
  required: ['canceled'],
  properties: { canceled: { type: 'string', format: 'uuid' } },
} as const;

const runsPage = {
  type: 'object',
  required: ['jobs', 'next_cursor'],
  properties: {
    jobs: listOf('JobSummary'),
    next_cursor: {
      type: ['string', 'null'],
      description: 'Pass as `cursor` for the next (older) page; null on the last page.',
    },
  },
} as const;

/**
 * Job queries and cancel (`jobs_u/…`, `jobs/list`, `jobs/runs`); the run endpoints are in
 * runs/runs.controller.ts, and `jobs_u/get` with the routes Windmill's clients poll in
 * windmill/jobs.controller.ts (a flow's status there is in Windmill's words, which jobs/ does not know).
 */
@ApiTags('jobs')
@Controller('api/w/:workspace')
export class JobsController {
  constructor(@Inject(JobsService) private readonly jobs: JobsService) {}

  @Api({
    id: 'getCompletedJobResult',
    summary: "A job's result",
    ok: { 200: { description: 'The result; null while the job runs.', any: true } },
    errors: [404],
  })
  @Get('jobs_u/completed/get_result/:id')
  async getResult(@CallerAccess() access: Access, @Param('id') id: string, @Res() reply: FastifyReply) {
    const job = await this.jobs.readable(access, id);
    await sendJson(reply, 200, job.result ?? null);
  }

  @Api({
    id: 'getJobLogs',
    summary: "A job's logs",
    ok: { 200: { description: 'The logs so far.', text: 'Log lines.' } },
    errors: [404],
  })
  @Get('jobs_u/get_logs/:id')
  async getLogs(@CallerAccess() access: Access, @Param('id') id: string, @Res() reply: FastifyReply) {
    await sendText(reply, 200, await this.jobs.logs(access, id));
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
  async cancel(@CallerAccess() access: Access, @Param('id') id: string, @Body() body: unknown) {
    const { reason } = parseBody<{ reason?: string }>(cancelSchema, body);
    await this.jobs.cancel(access, id, reason);
    return { canceled: id };
  }

  @Api({
    id: 'listJobs',
    summary: 'List jobs, newest first',
    query: {
      ...jobFilterQuery,
      page: { schema: { type: 'integer', minimum: 1 }, description: 'Page number, from 1. Default 1.' },
    },
    ok: { 200: { description: 'Jobs.', json: listOf('Job') } },
    errors: [400],
  })
  @Get('jobs/list')
  async list(@CallerAccess() access: Access, @Query() query: JobFilter) {
    return (await this.jobs.list(access, query)).map(jobView);
  }

  @Api({
    id: 'listRuns',
    summary: 'List jobs newest first, by cursor, without their payloads',
    description:
      'Rows carry no arguments, results or logs (get a job for those). Pages follow each other by ' +
      '`cursor`, so jobs queued meanwhile neither shift nor repeat a page.',
    query: {
      ...jobFilterQuery,
      cursor: { schema: { type: 'string' }, description: "The previous page's `next_cursor`; none for the newest." },
    },
    ok: { 200: { description: 'A page of jobs.', json: runsPage } },
    errors: [400],
  })
  @Get('jobs/runs')
  runs(@CallerAccess() access: Access, @Query() query: JobFilter) {
    return this.jobs.runs(access, query);
  }
}
