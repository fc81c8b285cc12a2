import { Inject } from '@nestjs/common';
import { Args, Context, Field, InputType, Int, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { MinRole } from '../auth/roles.js';
import { integerParam, parseBody } from '../common/validate.js';
import { createVariableSchema, updateVariableSchema } from '../variables/variables.controller.js';
import {
  VariablesService,
  variableView,
  type NewVariable,
  type VariableInput,
  type VariableRow,
} from '../variables/variables.service.js';
import { gqlActor } from './gql-actor.js';
import { GqlCallerParam, GraphQLApi, type GqlCaller, type GqlContext } from './gql-auth.js';

@ObjectType({ description: "A variable at a path; a secret's value is never returned (REST: variables/get)." })
export class Variable {
  @Field() workspaceId!: string;
  @Field() path!: string;
  @Field(() => String, { nullable: true, description: 'The value; null for a secret.' }) value!: string | null;
  @Field() isSecret!: boolean;
  @Field() description!: string;
  @Field() createdBy!: string;
  @Field() createdAt!: Date;
  @Field() editedBy!: string;
  @Field() editedAt!: Date;
}

function toVariable(row: VariableRow): Variable {
  const view = variableView(row);
  return {
    workspaceId: view.workspace_id,
    path: view.path,
    value: view.value,
    isSecret: view.is_secret,
    description: view.description,
    createdBy: view.created_by,
    createdAt: view.created_at,
    editedBy: view.edited_by,
    editedAt: view.edited_at,
  };
}

@InputType({ description: 'A new variable (REST: variables/create); a secret needs RUNNEL_MASTER_KEY.' })
export class CreateVariableInput {
  @Field({ description: 'f/<folder>/<name> or u/<user>/<name>' }) path!: string;
  @Field({ description: 'At most 64 KiB of UTF-8.' }) value!: string;
  @Field() isSecret!: boolean;
  @Field(() => String, { nullable: true }) description?: string | null;
}

@InputType({ description: 'Fields to change (REST: variables/update); `path` renames.' })
export class UpdateVariableInput {
  @Field(() => String, { nullable: true }) path?: string | null;
  @Field(() => String, { nullable: true }) value?: string | null;
  @Field(() => Boolean, { nullable: true }) isSecret?: boolean | null;
  @Field(() => String, { nullable: true }) description?: string | null;
}

/** REST's body from a GraphQL input: snake_case, nulls left out, then REST's own checks. */
function restBody(input: CreateVariableInput | UpdateVariableInput) {
  const { isSecret, ...rest } = input;
  return Object.fromEntries(Object.entries({ ...rest, is_secret: isSecret }).filter(([, v]) => v != null));
}

/** Variables over GraphQL: REST's service and checks; no field or operation returns a secret's value. */
@Resolver(() => Variable)
@GraphQLApi()
export class VariablesResolver {
  constructor(@Inject(VariablesService) private readonly service: VariablesService) {}

  @Query(() => [Variable], { description: "A workspace's variables, by path (REST: variables/list)." })
  async variables(
    @Args('workspace') workspace: string,
    @Args('page', { type: () => Int, nullable: true }) page?: number | null,
    @Args('perPage', { type: () => Int, nullable: true, description: 'Default 100, at most 1000.' })
    perPage?: number | null,
  ): Promise<Variable[]> {
    const rows = await this.service.list(
      workspace,
      integerParam(page?.toString(), 'page', 1, 1_000_000),
      integerParam(perPage?.toString(), 'perPage', 100, 1000),
    );
    return rows.map(toVariable);
  }

  @Query(() => Variable)
  async variable(@Args('workspace') workspace: string, @Args('path') path: string): Promise<Variable> {
    return toVariable(await this.service.get(workspace, path));
  }

  @Mutation(() => Variable, { description: 'Needs developer.' })
  @MinRole('developer')
  async createVariable(
    @Args('workspace') workspace: string,
    @Args('input') input: CreateVariableInput,
    @GqlCallerParam() caller: GqlCaller,
    @Context() context: GqlContext,
  ): Promise<Variable> {
    const body = parseBody<NewVariable>(createVariableSchema, restBody(input));
    const path = await this.service.create(workspace, gqlActor(caller, context), body);
    return toVariable(await this.service.get(workspace, path));
  }

  @Mutation(() => Variable, { description: 'Needs developer.' })
  @MinRole('developer')
  async updateVariable(
    @Args('workspace') workspace: string,
    @Args('path') path: string,
    @Args('input') input: UpdateVariableInput,
    @GqlCallerParam() caller: GqlCaller,
    @Context() context: GqlContext,
  ): Promise<Variable> {
    const body = parseBody<VariableInput>(updateVariableSchema, restBody(input));
    await this.service.update(workspace, gqlActor(caller, context), path, body);
    return toVariable(await this.service.get(workspace, body.path ?? path));
  }

  @Mutation(() => Boolean, { description: 'Needs developer.' })
  @MinRole('developer')
  async deleteVariable(
    @Args('workspace') workspace: string,
    @Args('path') path: string,
    @GqlCallerParam() caller: GqlCaller,
    @Context() context: GqlContext,
  ): Promise<boolean> {
    await this.service.delete(workspace, gqlActor(caller, context), path);
    return true;
  }
}
