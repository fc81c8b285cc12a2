import { Inject } from '@nestjs/common';
import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver, Subscription } from '@nestjs/graphql';
import { PathAccess, type Access } from '../auth/path-access.js';
import { MinRole } from '../auth/roles.js';
import { parseBody } from '../common/validate.js';
import { FlowOrchestrator } from '../flows/flow-orchestrator.js';
import { cancelSchema } from '../jobs/jobs.controller.js';
import { JobsService } from '../jobs/jobs.service.js';
import type { LogChunk } from '../jobs/log-chunk.js';
import type { JobSummary } from '../jobs/job-list.js';
import type { JobRow } from '../jobs/job-row.js';
import { GqlCallerParam, GraphQLApi, RunsPath, gqlAccess, type GqlCaller, type GqlContext } from './gql-auth.js';
import { FlowFeed, type FlowProgressRow } from './flow-feed.js';
import { JobFeed } from './job-feed.js';
import { JSONScalar } from './json.scalar.js';
import {
  FlowProgress,
  Job,
  JobFilter,
  JobLogChunk,
  listFilter,
  Page,
  RunSummary,
  toFlowProgress,
  toJob,
  toRunSummary,
} from './models.js';
import { RunsFeed } from './runs-feed.js';

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
    @Inject(RunsFeed) private readonly runs: RunsFeed,
    @Inject(FlowFeed) private readonly flowFeed: FlowFeed,
    @Inject(PathAccess) private readonly paths: PathAccess,
  ) {}

  private access(caller: GqlCaller, workspace: string): Promise<Access> {
    return gqlAccess(this.paths, caller, workspace);
  }

  /** Throws the not-found of a missing job unless the caller may read job `id`. */
  private async assertReadable(caller: GqlCaller, workspace: string, id: string): Promise<void> {
    await this.service.readable(await this.access(caller, workspace), id);
  }

  @Query(() => [Job], { description: 'Jobs of the workspace the caller may read, newest first.' })
  async jobs(
    @Args('workspace') workspace: string,
    @Args('filter', { type: () => JobFilter, nullable: true }) filter: JobFilter | null,
    @Args('page', { type: () => Page, nullable: true }) page: Page | null,
    @GqlCallerParam() caller: GqlCaller,
  ): Promise<Job[]> {
    const rows = await this.service.list(await this.access(caller, workspace), {
      ...listFilter(filter),
      page: page?.page?.toString(),
      per_page: page?.perPage?.toString(),
    });
    return rows.map(toJob);
  }

  @Query(() => Job)
  async job(
    @Args('workspace') workspace: string,
    @Args('id', { type: () => ID }) id: string,
    @GqlCallerParam() caller: GqlCaller,
  ): Promise<Job> {
    return toJob(await this.service.readable(await this.access(caller, workspace), id));
  }

  @ResolveField(() => String, { description: 'Output of every attempt, in order, later attempts headed.' })
  async logs(@Parent() job: Job, @GqlCallerParam() caller: GqlCaller): Promise<string> {
    return this.service.logs(await this.access(caller, job.workspaceId), job.id);
  }

  @Mutation(() => Job, { description: 'Queues a run of the newest version at the path; needs operator.' })
  @MinRole('operator')
  @RunsPath('script')
  async runScript(
    @Args('workspace') workspace: string,
    @Args('path') path: string,
    @Args('args', argsOptions) args: unknown,
    @GqlCallerParam() caller: GqlCaller,
    @Context() context: GqlContext,
  ): Promise<Job> {
    const id = await this.service.runScript(workspace, caller.userId, { path }, args ?? undefined, {
      from: context.from,
    });
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
    @Context() context: GqlContext,
  ): Promise<Job> {
    const id = await this.flows.run(workspace, caller.userId, { path }, args ?? undefined, { from: context.from });
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
    await this.service.cancel(await this.access(caller, workspace), id, body.reason);
    return toJob(await this.service.get(workspace, id));
  }

  @Subscription(() => Job, {
    description: 'The job now, then each time its status or attempt changes; completes after its final status.',
    resolve: (row: JobRow) => toJob(row),
  })
  async jobUpdated(
    @Args('workspace') workspace: string,
    @Args('id', { type: () => ID }) id: string,
    @GqlCallerParam() caller: GqlCaller,
  ) {
    await this.assertReadable(caller, workspace, id);
    return this.feed.updates(workspace, id);
  }

  @Subscription(() => JobLogChunk, {
    description: 'Output already stored, then each batch as it arrives; completes when the job has ended.',
    resolve: (chunk: LogChunk) => chunk,
  })
  async jobLogs(
    @Args('workspace') workspace: string,
    @Args('id', { type: () => ID }) id: string,
    @GqlCallerParam() caller: GqlCaller,
  ) {
    await this.assertReadable(caller, workspace, id);
    return this.feed.logs(workspace, id);
  }

  @Subscription(() => RunSummary, {
    description:
      "The workspace's runs that match the filter (as jobs/runs filters), each time one is queued, starts or " +
      'ends; nothing is sent for what happened before. Rows carry no arguments, results or logs.',
    resolve: (row: JobSummary) => toRunSummary(row),
  })
  async runsChanged(
    @Args('workspace') workspace: string,
    @Args('filter', { type: () => JobFilter, nullable: true }) filter: JobFilter | null,
    @GqlCallerParam() caller: GqlCaller,
  ) {
    // The caller's folders as the subscription starts: a grant changed later counts from the next one.
    return this.runs.watch(await this.access(caller, workspace), listFilter(filter));
  }

  @Subscription(() => FlowProgress, {
    description:
      "A flow run's progress now, then each time a step is queued, starts or ends (or the flow moves on); " +
      "completes after the flow's final status. A job that is not a flow is refused (BAD_REQUEST).",
    resolve: (row: FlowProgressRow) => toFlowProgress(row),
  })
  async flowProgress(
    @Args('workspace') workspace: string,
    @Args('id', { type: () => ID }) id: string,
    @GqlCallerParam() caller: GqlCaller,
  ) {
    await this.assertReadable(caller, workspace, id);
    return this.flowFeed.progress(workspace, id);
  }
}
