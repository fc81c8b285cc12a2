import { Inject } from '@nestjs/common';
import { Args, ArgsType, Context, Field, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { PathAccess, PathParam } from '../auth/path-access.js';
import { MinRole } from '../auth/roles.js';
import { parseBody } from '../common/validate.js';
import { FlowsService } from '../flows/flows.service.js';
import { newScriptSchema } from '../scripts/scripts.controller.js';
import { HISTORY_MAX_PER_PAGE, HISTORY_PER_PAGE } from '../common/versions.js';
import { ScriptsService, type NewScript } from '../scripts/scripts.service.js';
import { GqlCallerParam, GraphQLApi, gqlActor, gqlAccess, type GqlCaller, type GqlContext } from './gql-auth.js';
import { integerParam } from '../common/validate.js';
import {
  CreateScriptInput,
  Flow,
  FlowVersion,
  Script,
  ScriptVersion,
  toFlow,
  toScript,
  toVersionEntry,
} from './models.js';

/** A GraphQL null means "not given", as an absent JSON property does for REST. */
const withoutNulls = (input: object) => Object.fromEntries(Object.entries(input).filter(([, v]) => v != null));

/** The page of a version history: REST's `page` and `per_page`, with the same checks and messages. */
@ArgsType()
class HistoryPage {
  @Field(() => Int, { nullable: true, description: 'From 1. Default 1.' })
  page?: number | null;

  @Field(() => Int, { nullable: true, description: `Default ${HISTORY_PER_PAGE}, at most ${HISTORY_MAX_PER_PAGE}.` })
  perPage?: number | null;
}

const historyPage = ({ page, perPage }: HistoryPage): [number, number] => [
  integerParam(page?.toString(), 'page', 1, 1_000_000),
  integerParam(perPage?.toString(), 'perPage', HISTORY_PER_PAGE, HISTORY_MAX_PER_PAGE),
];

@Resolver(() => Script)
@GraphQLApi()
export class ScriptsResolver {
  constructor(
    @Inject(ScriptsService) private readonly service: ScriptsService,
    @Inject(PathAccess) private readonly paths: PathAccess,
  ) {}

  @Query(() => [Script], { description: 'The newest version of every script path the caller may read.' })
  async scripts(
    @Args('workspace') workspace: string,
    @Args('showArchived', { defaultValue: false }) showArchived: boolean,
    @GqlCallerParam() caller: GqlCaller,
  ): Promise<Script[]> {
    const access = await gqlAccess(this.paths, caller, workspace);
    return (await this.service.list(access, showArchived)).map(toScript);
  }

  @Query(() => Script, { description: 'The newest version at a path.' })
  @PathParam('read', 'script')
  async script(@Args('workspace') workspace: string, @Args('path') path: string): Promise<Script> {
    return toScript(await this.service.getByPath(workspace, path));
  }

  @Query(() => [ScriptVersion], { description: 'The versions at a path, newest first (REST: scripts/history/p).' })
  @PathParam('read', 'script')
  async scriptHistory(
    @Args('workspace') workspace: string,
    @Args('path') path: string,
    @Args() page: HistoryPage,
  ): Promise<ScriptVersion[]> {
    return (await this.service.history(workspace, path, ...historyPage(page))).map(toVersionEntry);
  }

  @Mutation(() => Script, { description: 'Deploys a new version (none if it equals the newest); needs developer.' })
  @MinRole('developer')
  async createScript(
    @Args('workspace') workspace: string,
    @Args('input') input: CreateScriptInput,
    @GqlCallerParam() caller: GqlCaller,
    @Context() context: GqlContext,
  ): Promise<Script> {
    const { diskMb, schemaOverrides, ...rest } = withoutNulls(input) as { diskMb?: number; schemaOverrides?: unknown };
    const body = parseBody<NewScript>(newScriptSchema, {
      ...rest,
      ...(diskMb === undefined ? {} : { disk_mb: diskMb }),
      ...(schemaOverrides === undefined ? {} : { schema_overrides: schemaOverrides }),
    });
    (await gqlAccess(this.paths, caller, workspace)).assert(body.path, 'write', 'script');
    const { hash } = await this.service.create(workspace, gqlActor(caller, context), body);
    return toScript(await this.service.getByHash(workspace, hash));
  }
}

@Resolver(() => Flow)
@GraphQLApi()
export class FlowsResolver {
  constructor(
    @Inject(FlowsService) private readonly service: FlowsService,
    @Inject(PathAccess) private readonly paths: PathAccess,
  ) {}

  @Query(() => [Flow], { description: 'The newest version of every flow path the caller may read.' })
  async flows(
    @Args('workspace') workspace: string,
    @Args('showArchived', { defaultValue: false }) showArchived: boolean,
    @GqlCallerParam() caller: GqlCaller,
  ): Promise<Flow[]> {
    const access = await gqlAccess(this.paths, caller, workspace);
    return (await this.service.list(access, showArchived)).map(toFlow);
  }

  @Query(() => Flow, { description: 'The newest version at a path.' })
  @PathParam('read', 'flow')
  async flow(@Args('workspace') workspace: string, @Args('path') path: string): Promise<Flow> {
    return toFlow(await this.service.getByPath(workspace, path));
  }

  @Query(() => Flow, { description: 'One version of the flow at a path, by its hash (REST: flows/get/v/…/p).' })
  @PathParam('read', 'flow')
  async flowVersion(
    @Args('workspace') workspace: string,
    @Args('path') path: string,
    @Args('version', { description: 'The hash a deploy answers in x-runnel-flow-version.' }) version: string,
  ): Promise<Flow> {
    return toFlow(await this.service.getVersion(workspace, path, version));
  }

  @Query(() => [FlowVersion], { description: 'The versions at a path, newest first (REST: flows/history/p).' })
  @PathParam('read', 'flow')
  async flowHistory(
    @Args('workspace') workspace: string,
    @Args('path') path: string,
    @Args() page: HistoryPage,
  ): Promise<FlowVersion[]> {
    return (await this.service.history(workspace, path, ...historyPage(page))).map(toVersionEntry);
  }
}
