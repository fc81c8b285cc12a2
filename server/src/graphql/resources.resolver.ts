import { Inject } from '@nestjs/common';
import { Args, Context, Field, InputType, Int, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { PathAccess, PathParam } from '../auth/path-access.js';
import { MinRole } from '../auth/roles.js';
import { integerParam, parseBody } from '../common/validate.js';
import { resourceView, type ResourceRow } from '../resources/resource-row.js';
import { createResourceTypeSchema, updateResourceTypeSchema } from '../resources/resource-types.controller.js';
import {
  ResourceTypesService,
  type NewResourceType,
  type ResourceTypeView,
} from '../resources/resource-types.service.js';
import { createResourceSchema, updateResourceSchema } from '../resources/resources.controller.js';
import { ResourcesService, type NewResource, type ResourceInput } from '../resources/resources.service.js';
import { GqlCallerParam, GraphQLApi, gqlAccess, gqlActor, type GqlCaller, type GqlContext } from './gql-auth.js';
import { JSONScalar } from './json.scalar.js';

@ObjectType({ description: 'A JSON Schema for resources (REST: resources/type/get); built-in ones are read-only.' })
export class ResourceType {
  @Field(() => String, { nullable: true, description: 'null for a built-in type.' }) workspaceId!: string | null;
  @Field() name!: string;
  @Field(() => JSONScalar) schema!: Record<string, unknown>;
  @Field() description!: string;
  @Field() builtin!: boolean;
}

@ObjectType({ description: 'A typed JSON object at a path (REST: resources/get); secret fields are null.' })
export class Resource {
  @Field() workspaceId!: string;
  @Field() path!: string;
  @Field() resourceType!: string;
  @Field(() => JSONScalar, { description: 'The fields; secret ones null, `$var:` ones the reference.' })
  value!: Record<string, unknown>;
  @Field(() => [String], { description: 'The fields stored encrypted.' }) secretFields!: string[];
  @Field() description!: string;
  @Field() createdBy!: string;
  @Field() createdAt!: Date;
  @Field() editedBy!: string;
  @Field() editedAt!: Date;
}

@InputType({ description: 'A new resource type (REST: resources/type/create).' })
export class CreateResourceTypeInput {
  @Field() name!: string;
  @Field(() => JSONScalar) schema!: Record<string, unknown>;
  @Field(() => String, { nullable: true }) description?: string | null;
}

@InputType({ description: 'Fields of a resource type to change (REST: resources/type/update).' })
export class UpdateResourceTypeInput {
  @Field(() => JSONScalar, { nullable: true }) schema?: Record<string, unknown> | null;
  @Field(() => String, { nullable: true }) description?: string | null;
}

@InputType({ description: 'A new resource (REST: resources/create).' })
export class CreateResourceInput {
  @Field({ description: 'f/<folder>/<name> or u/<user>/<name>' }) path!: string;
  @Field() resourceType!: string;
  @Field(() => JSONScalar) value!: Record<string, unknown>;
  @Field(() => String, { nullable: true }) description?: string | null;
}

@InputType({
  description: 'Fields to change (REST: resources/update); secret fields left out or null keep their value.',
})
export class UpdateResourceInput {
  @Field(() => String, { nullable: true }) path?: string | null;
  @Field(() => String, { nullable: true }) resourceType?: string | null;
  @Field(() => JSONScalar, { nullable: true }) value?: Record<string, unknown> | null;
  @Field(() => String, { nullable: true }) description?: string | null;
}

const toType = (t: ResourceTypeView): ResourceType => ({
  workspaceId: t.workspace_id,
  name: t.name,
  schema: t.schema,
  description: t.description,
  builtin: t.builtin,
});

function toResource(row: ResourceRow): Resource {
  const view = resourceView(row);
  return {
    workspaceId: view.workspace_id,
    path: view.path,
    resourceType: view.resource_type,
    value: view.value,
    secretFields: view.secret_fields,
    description: view.description,
    createdBy: view.created_by,
    createdAt: view.created_at,
    editedBy: view.edited_by,
    editedAt: view.edited_at,
  };
}

/** REST's body from a GraphQL input: snake_case, nulls left out, then REST's own checks. */
function restBody(input: object): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(input)
      .filter(([, v]) => v != null)
      .map(([k, v]) => [k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), v]),
  );
}

/** Resource types over GraphQL: REST's service and checks. */
@Resolver(() => ResourceType)
@GraphQLApi()
export class ResourceTypesResolver {
  constructor(@Inject(ResourceTypesService) private readonly types: ResourceTypesService) {}

  @Query(() => [ResourceType], { description: "Built-in types, then the workspace's own (REST: resources/type/list)." })
  async resourceTypes(@Args('workspace') workspace: string): Promise<ResourceType[]> {
    return (await this.types.list(workspace)).map(toType);
  }

  @Query(() => ResourceType)
  async resourceType(@Args('workspace') workspace: string, @Args('name') name: string): Promise<ResourceType> {
    return toType(await this.types.get(workspace, name));
  }

  @Mutation(() => ResourceType, { description: 'Needs developer.' })
  @MinRole('developer')
  async createResourceType(
    @Args('workspace') workspace: string,
    @Args('input') input: CreateResourceTypeInput,
    @GqlCallerParam() caller: GqlCaller,
    @Context() context: GqlContext,
  ): Promise<ResourceType> {
    const body = parseBody<NewResourceType>(createResourceTypeSchema, restBody(input));
    return toType(await this.types.get(workspace, await this.types.create(workspace, gqlActor(caller, context), body)));
  }

  @Mutation(() => ResourceType, { description: 'Needs developer; built-in types are read-only.' })
  @MinRole('developer')
  async updateResourceType(
    @Args('workspace') workspace: string,
    @Args('name') name: string,
    @Args('input') input: UpdateResourceTypeInput,
    @GqlCallerParam() caller: GqlCaller,
    @Context() context: GqlContext,
  ): Promise<ResourceType> {
    await this.types.update(
      workspace,
      gqlActor(caller, context),
      name,
      parseBody<Partial<NewResourceType>>(updateResourceTypeSchema, restBody(input)),
    );
    return toType(await this.types.get(workspace, name));
  }

  @Mutation(() => Boolean, { description: 'Needs developer; refused while resources use the type.' })
  @MinRole('developer')
  async deleteResourceType(
    @Args('workspace') workspace: string,
    @Args('name') name: string,
    @GqlCallerParam() caller: GqlCaller,
    @Context() context: GqlContext,
  ): Promise<boolean> {
    await this.types.delete(workspace, gqlActor(caller, context), name);
    return true;
  }
}

/** Resources over GraphQL: REST's service and checks; no field or operation returns a secret field. */
@Resolver(() => Resource)
@GraphQLApi()
export class ResourcesResolver {
  constructor(
    @Inject(ResourcesService) private readonly service: ResourcesService,
    @Inject(PathAccess) private readonly paths: PathAccess,
  ) {}

  @Query(() => [Resource], { description: "A workspace's resources, by path (REST: resources/list)." })
  async resources(
    @Args('workspace') workspace: string,
    @Args('resourceTypes', { type: () => [String], nullable: true, description: 'Only these types.' })
    types?: string[] | null,
    @Args('page', { type: () => Int, nullable: true }) page?: number | null,
    @Args('perPage', { type: () => Int, nullable: true, description: 'Default 100, at most 1000.' })
    perPage?: number | null,
    @GqlCallerParam() caller?: GqlCaller,
  ): Promise<Resource[]> {
    const rows = await this.service.list(
      await gqlAccess(this.paths, caller!, workspace),
      types ?? undefined,
      integerParam(page?.toString(), 'page', 1, 1_000_000),
      integerParam(perPage?.toString(), 'perPage', 100, 1000),
    );
    return rows.map(toResource);
  }

  @Query(() => Resource)
  @PathParam('read', 'resource')
  async resource(@Args('workspace') workspace: string, @Args('path') path: string): Promise<Resource> {
    return toResource(await this.service.get(workspace, path));
  }

  @Mutation(() => Resource, { description: 'Needs developer.' })
  @MinRole('developer')
  async createResource(
    @Args('workspace') workspace: string,
    @Args('input') input: CreateResourceInput,
    @GqlCallerParam() caller: GqlCaller,
    @Context() context: GqlContext,
  ): Promise<Resource> {
    const body = parseBody<NewResource>(createResourceSchema, restBody(input));
    (await gqlAccess(this.paths, caller, workspace)).assert(body.path, 'write', 'resource');
    const path = await this.service.create(workspace, gqlActor(caller, context), body);
    return toResource(await this.service.get(workspace, path));
  }

  @Mutation(() => Resource, { description: 'Needs developer.' })
  @MinRole('developer')
  @PathParam('write', 'resource')
  async updateResource(
    @Args('workspace') workspace: string,
    @Args('path') path: string,
    @Args('input') input: UpdateResourceInput,
    @GqlCallerParam() caller: GqlCaller,
    @Context() context: GqlContext,
  ): Promise<Resource> {
    const body = parseBody<ResourceInput>(updateResourceSchema, restBody(input));
    if (body.path !== undefined)
      (await gqlAccess(this.paths, caller, workspace)).assert(body.path, 'write', 'resource');
    await this.service.update(workspace, gqlActor(caller, context), path, body);
    return toResource(await this.service.get(workspace, body.path ?? path));
  }

  @Mutation(() => Boolean, { description: 'Needs developer.' })
  @MinRole('developer')
  @PathParam('write', 'resource')
  async deleteResource(
    @Args('workspace') workspace: string,
    @Args('path') path: string,
    @GqlCallerParam() caller: GqlCaller,
    @Context() context: GqlContext,
  ): Promise<boolean> {
    await this.service.delete(workspace, gqlActor(caller, context), path);
    return true;
  }
}
