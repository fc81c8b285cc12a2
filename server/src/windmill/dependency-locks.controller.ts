import { Body, Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { LANGUAGES } from '@runnel/runtimes';
import type { FastifyReply } from 'fastify';
import { CallerAccess, type AuthedRequest } from '../auth/auth.guard.js';
import type { Access } from '../auth/path-access.js';
import { MinRole } from '../auth/roles.js';
import { Api } from '../common/api-docs.js';
import { notFound } from '../common/errors.js';
import { sendText } from '../common/replies.js';
import { actorOfRequest } from '../audit/audit-log.js';
import { parseBody } from '../common/validate.js';
import { FINAL_STATUSES, isJobId } from '../jobs/job-row.js';
import { JobsService } from '../jobs/jobs.service.js';
import {
  DependencyLocks,
  type DependencyLockRequest,
  type FlowDependencyLockRequest,
  type ResultMaybe,
} from './dependency-locks.js';

const dependenciesBody = {
  type: 'object',
  required: ['raw_scripts'],
  properties: {
    raw_scripts: {
      type: 'array',
      minItems: 1,
      maxItems: 1,
      items: {
        type: 'object',
        required: ['raw_code', 'language'],
        properties: {
          raw_code: { type: 'string', maxLength: 1048576 },
          language: { enum: LANGUAGES },
          script_path: { type: 'string', maxLength: 255 },
        },
      },
    },
    raw_workspace_dependencies: {
      type: ['object', 'null'],
      description: 'Not supported: anything but null or {} is a 400.',
    },
    entrypoint: { type: 'string', maxLength: 255 },
    temp_script_refs: { type: ['object', 'null'], description: 'Ignored.' },
  },
} as const;

const flowDependenciesBody = {
  type: 'object',
  required: ['flow_value'],
  properties: {
    flow_value: { type: 'object', description: "The flow's `value` (modules)." },
    path: { type: 'string', maxLength: 255 },
    use_local_lockfiles: { type: ['boolean', 'null'], description: 'Ignored.' },
    raw_workspace_dependencies: {
      type: ['object', 'null'],
      description: 'Not supported: anything but null or {} is a 400.',
    },
    temp_script_refs: { type: ['object', 'null'], description: 'Ignored.' },
  },
} as const;

const resultMaybeSchema = {
  type: 'object',
  required: ['completed'],
  properties: {
    completed: { type: 'boolean' },
    started: { type: 'boolean' },
    success: { type: 'boolean' },
    result: { description: 'The result once completed; `{lock}` for a dependencies request.' },
  },
} as const;

/** What `wmill generate-metadata` asks to lock a script's imports (windmill/dependency-locks.ts). */
@ApiTags('windmill')
@Controller('api/w/:workspace')
export class DependencyLocksController {
  constructor(
    @Inject(DependencyLocks) private readonly locks: DependencyLocks,
    @Inject(JobsService) private readonly jobs: JobsService,
  ) {}

  @Api({
    id: 'runRawScriptDependenciesAsync',
    summary: "Lock a script's imports (Windmill's dependencies job)",
    description:
      "Resolves what the script imports with the resolver a deploy uses (Runnel's lock format) and answers an " +
      'id whose result getCompletedJobResultMaybe answers as `{lock}` ("" when it imports nothing); a package ' +
      'that cannot be resolved is a failed result naming it. Windmill queues a job; Runnel answers when the ' +
      'lock is resolved, and keeps the result an hour for the caller alone. Workspace dependency files are not ' +
      'supported.',
    body: dependenciesBody,
    ok: { 201: { description: 'Resolved.', text: 'The id to poll.' } },
    errors: [400, 503],
  })
  @Post('jobs/run/dependencies_async')
  @MinRole('developer')
  async dependencies(
    @Param('workspace') workspace: string,
    @Body() body: unknown,
    @Req() req: AuthedRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const input = parseBody<DependencyLockRequest>(dependenciesBody, body);
    await sendText(reply, 201, await this.locks.resolve(workspace, actorOfRequest(req).userId, input));
  }

  @Api({
    id: 'runFlowDependenciesAsync',
    summary: "Lock a flow's inline steps (Windmill's flow dependencies job)",
    description:
      'Checks the flow and locks the imports of each inline step as a deploy would; answers an id whose result ' +
      'getCompletedJobResultMaybe answers as `{updated_flow_value}`, each step with its `lock`. An invalid flow ' +
      'or a package that cannot be resolved is a failed result saying why.',
    body: flowDependenciesBody,
    ok: { 201: { description: 'Resolved.', text: 'The id to poll.' } },
    errors: [400, 503],
  })
  @Post('jobs/run/flow_dependencies_async')
  @MinRole('developer')
  async flowDependencies(
    @Param('workspace') workspace: string,
    @Body() body: unknown,
    @Req() req: AuthedRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const input = parseBody<FlowDependencyLockRequest>(flowDependenciesBody, body);
    await sendText(reply, 201, await this.locks.resolveFlow(workspace, actorOfRequest(req).userId, input));
  }

  @Api({
    id: 'getCompletedJobResultMaybe',
    summary: "A job's result if it has completed",
    description:
      "Windmill's poll: `{completed: false}` while the job is queued or running, then `completed`, `success` and " +
      '`result`. Answers dependency locks (runRawScriptDependenciesAsync) and any job the caller may read.',
    ok: { 200: { description: 'Whether it completed, and its result.', json: resultMaybeSchema } },
    errors: [404],
  })
  @Get('jobs_u/completed/get_result_maybe/:id')
  async resultMaybe(
    @Param('workspace') workspace: string,
    @Param('id') id: string,
    @Req() req: AuthedRequest,
    @CallerAccess() access: Access,
  ): Promise<ResultMaybe> {
    if (!isJobId(id)) throw notFound(`job "${id}" not found in workspace "${workspace}"`);
    const locked = await this.locks.result(workspace, actorOfRequest(req).userId, id);
    if (locked) return locked;
    const job = await this.jobs.readable(access, id);
    const completed = FINAL_STATUSES.includes(job.status);
    return {
      completed,
      started: job.status !== 'queued',
      success: job.status === 'success',
      ...(completed ? { result: job.result ?? null } : {}),
    };
  }
}
