import { Inject } from '@nestjs/common';
import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver, Subscription } from '@nestjs/graphql';
import { MinRole } from '../auth/roles.js';
import { parseBody } from '../common/validate.js';
import { FlowOrchestrator } from '../flows/flow-orchestrator.js';
import { cancelSchema } from '../jobs/jobs.controller.js';
import { JobsService } from '../jobs/jobs.service.js';
import type { LogChunk } from '../jobs/job-feed-subjects.js';
import type { JobRow } from '../jobs/job-row.js';
import { GqlCallerParam, GraphQLApi, RunsPath, type GqlCaller } from './gql-auth.js';
import { JobFeed } from './job-feed.js';
import { JSONScalar } from './json.scalar.js';
import { Job, JobFilter, JobLogChunk, Page, toJob } from './models.js';

/** REST's cancel body limits (jobs.controller.ts). */
const argsOptions = {
  type: () => JSONScalar,
  nullable: true,
  description: 'Arguments of main by parameter name; validated against its JSON Schema.',
};

@Resolver(() => Job)
@GraphQLApi()
export class JobsResolver {
  constructor(
    @Inject(JobsService) private readonly service: JobsService,
    @Inject(FlowOrchestrator) private readonly flows: FlowOrchestrator,
    @Inject(JobFeed) private readonly feed: JobFeed,
  ) {}

  @Query(() => [Job], { description: 'Jobs of the workspace, newest first.' })
  async jobs(
    @Args('workspace') workspace: string,
    @Args('filter', { type: () => JobFilter, nullable: true }) filter: JobFilter | null,
    @Args('page', { type: () => Page, nullable: true }) page: Page | null,
  ): Promise<Job[]> {
    const rows = await this.service.list(workspace, {
      script_path: filter?.scriptPath ?? undefined,
      status: filter?.status ?? undefined,
      parent_job: filter?.parentJob ?? undefined,
      page: page?.page?.toString(),
      per_page: page?.perPage?.toString(),
    });
    return rows.map(toJob);
  }

  @Query(() => Job)
  async job(@Args('workspace') workspace: string, @Args('id', { type: () => ID }) id: string): Promise<Job> {
    return toJob(await this.service.get(workspace, id));
  }

  @ResolveField(() => String, { description: 'Output of every attempt, in order, later attempts headed.' })
  async logs(@Parent() job: Job): Promise<string> {
    return this.service.logs(job.workspaceId, job.id);
  }

  @Mutation(() => Job, { description: 'Queues a run of the newest version at the path; needs operator.' })
  @MinRole('operator')
  @RunsPath('script')
  async runScript(
    @Args('workspace') workspace: string,
    @Args('path') path: string,
    @Args('args', argsOptions) args: unknown,
    @GqlCallerParam() caller: GqlCaller,
  ): Promise<Job> {
    const id = await this.service.runScript(workspace, caller.userId, { path }, args ?? undefined);
    return toJob(await this.service.get(workspace, id));
  }

  @Mutation(() => Job, { description: 'Starts a run of the newest version of the flow; needs operator.' })
  @MinRole('operator')
  @RunsPath('flow')
  async runFlow(
    @Args('workspace') workspace: string,
    @Args('path') path: string,
    @Args('args', argsOptions) args: unknown,
    @GqlCallerParam() caller: GqlCaller,
  ): Promise<Job> {
    const id = await this.flows.run(workspace, caller.userId, { path }, args ?? undefined);
    return toJob(await this.service.get(workspace, id));
  }

  @Mutation(() => Job, { description: "Cancels a queued or running job (a flow's running steps too); needs operator." })
  @MinRole('operator')
  async cancelJob(
    @Args('workspace') workspace: string,
    @Args('id', { type: () => ID }) id: string,
    @Args('reason', { type: () => String, nullable: true }) reason: string | null,
    @GqlCallerParam() caller: GqlCaller,
  ): Promise<Job> {
    const body = parseBody<{ reason?: string }>(cancelSchema, reason == null ? {} : { reason });
    await this.service.cancel(workspace, id, caller.username, body.reason);
    return toJob(await this.service.get(workspace, id));
  }

  @Subscription(() => Job, {
    description: 'The job now, then each time its status or attempt changes; completes after its final status.',
    resolve: (row: JobRow) => toJob(row),
  })
  jobUpdated(@Args('workspace') workspace: string, @Args('id', { type: () => ID }) id: string) {
    return this.feed.updates(workspace, id);
  }

  @Subscription(() => JobLogChunk, {
    description: 'Output already stored, then each batch as it arrives; completes when the job has ended.',
    resolve: (chunk: LogChunk) => chunk,
  })
  jobLogs(@Args('workspace') workspace: string, @Args('id', { type: () => ID }) id: string) {
    return this.feed.logs(workspace, id);
  }
}
