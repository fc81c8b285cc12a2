import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CallerAccess } from '../auth/auth.guard.js';
import type { Access } from '../auth/path-access.js';
import { Api, ref } from '../common/api-docs.js';
import { UPDATE_WAIT_MS, WindmillJobs, type UpdateQuery } from './windmill-jobs.service.js';

/**
 * A job as Windmill's clients poll it (docs/adr/0047-windmill-cli.md): `jobs_u/get` (Runnel's
 * view plus Windmill's fields), `completed/get` and `getupdate`. The rest of jobs_u/ is in
 * jobs/jobs.controller.ts.
 */
@ApiTags('jobs')
@Controller('api/w/:workspace')
export class WindmillJobsController {
  constructor(@Inject(WindmillJobs) private readonly jobs: WindmillJobs) {}

  @Api({
    id: 'getJob',
    summary: 'Get a job',
    description:
      "Runnel's fields, and Windmill's beside them: `type` (QueuedJob, CompletedJob), `running`, `success` " +
      "once it ended, and for a flow `flow_status` with each module's status in Windmill's words (`type`), " +
      'its step `job` and, for loops and branchall, `flow_jobs`.',
    ok: { 200: { description: 'The job.', json: ref('WindmillJob') } },
    errors: [404],
  })
  @Get('jobs_u/get/:id')
  get(@CallerAccess() access: Access, @Param('id') id: string) {
    return this.jobs.get(access, id);
  }

  @Api({
    id: 'getCompletedJob',
    summary: 'A job that ended, with its logs',
    description: 'Answers 404 until the job ends (Windmill clients poll it so).',
    ok: { 200: { description: 'The job.', json: ref('CompletedJob') } },
    errors: [404],
  })
  @Get('jobs_u/completed/get/:id')
  completed(@CallerAccess() access: Access, @Param('id') id: string) {
    return this.jobs.completed(access, id);
  }

  @Api({
    id: 'getJobUpdates',
    summary: "A job's new logs and state since the last poll",
    description:
      `When nothing is new (no logs past \`log_offset\`, \`running\` as the caller says, not ended), waits up to ` +
      `${UPDATE_WAIT_MS} ms for the job to end before answering.`,
    query: {
      running: { schema: { type: 'boolean' }, description: 'Whether the caller saw the job running. Default false.' },
      log_offset: {
        schema: { type: 'integer', minimum: 0 },
        description: 'How much of the logs the caller has, in UTF-16 code units. Default 0.',
      },
      no_logs: { schema: { type: 'boolean' }, description: 'Leave the logs out. Default false.' },
    },
    ok: { 200: { description: 'The update.', json: ref('JobUpdate') } },
    errors: [400, 404],
  })
  @Get('jobs_u/getupdate/:id')
  update(@CallerAccess() access: Access, @Param('id') id: string, @Query() query: UpdateQuery) {
    return this.jobs.update(access, id, query);
  }
}
