import { Inject } from '@nestjs/common';
import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { MinRole } from '../auth/roles.js';
import { parseBody } from '../common/validate.js';
import { FlowsService } from '../flows/flows.service.js';
import { newScriptSchema } from '../scripts/scripts.controller.js';
import { ScriptsService, type NewScript } from '../scripts/scripts.service.js';
import { GqlCallerParam, GraphQLApi, type GqlCaller } from './gql-auth.js';
import { CreateScriptInput, Flow, Script, toFlow, toScript } from './models.js';

/** The limits of REST's `scripts/create` body (scripts.controller.ts), so both answer the same message. */
/** A GraphQL null means "not given", as an absent JSON property does for REST. */
const withoutNulls = (input: object) => Object.fromEntries(Object.entries(input).filter(([, v]) => v != null));

@Resolver(() => Script)
@GraphQLApi()
export class ScriptsResolver {
  constructor(@Inject(ScriptsService) private readonly service: ScriptsService) {}

  @Query(() => [Script], { description: 'The newest version of every script path.' })
  async scripts(
    @Args('workspace') workspace: string,
    @Args('showArchived', { defaultValue: false }) showArchived: boolean,
  ): Promise<Script[]> {
    return (await this.service.list(workspace, showArchived)).map(toScript);
  }

  @Query(() => Script, { description: 'The newest version at a path.' })
  async script(@Args('workspace') workspace: string, @Args('path') path: string): Promise<Script> {
    return toScript(await this.service.getByPath(workspace, path));
  }

  @Mutation(() => Script, { description: 'Deploys a new version (none if it equals the newest); needs developer.' })
  @MinRole('developer')
  async createScript(
    @Args('workspace') workspace: string,
    @Args('input') input: CreateScriptInput,
    @GqlCallerParam() caller: GqlCaller,
  ): Promise<Script> {
    const body = parseBody<NewScript>(newScriptSchema, withoutNulls(input));
    const { hash } = await this.service.create(workspace, caller.userId, body);
    return toScript(await this.service.getByHash(workspace, hash));
  }
}

@Resolver(() => Flow)
@GraphQLApi()
export class FlowsResolver {
  constructor(@Inject(FlowsService) private readonly service: FlowsService) {}

  @Query(() => [Flow], { description: 'The newest version of every flow path.' })
  async flows(
    @Args('workspace') workspace: string,
    @Args('showArchived', { defaultValue: false }) showArchived: boolean,
  ): Promise<Flow[]> {
    return (await this.service.list(workspace, showArchived)).map(toFlow);
  }

  @Query(() => Flow, { description: 'The newest version at a path.' })
  async flow(@Args('workspace') workspace: string, @Args('path') path: string): Promise<Flow> {
    return toFlow(await this.service.getByPath(workspace, path));
  }
}
