import { Inject } from '@nestjs/common';
import type { Actor } from '../audit/audit-log.js';
import { Args, Context, Field, InputType, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { PathAccess, type ExtraPerms } from '../auth/path-access.js';
import { MinRole } from '../auth/roles.js';
import { parseBody } from '../common/validate.js';
import { createFolderSchema, updateFolderSchema } from '../folders/folders.controller.js';
import { FoldersService, type FolderInput, type FolderView } from '../folders/folders.service.js';
import { createGroupSchema, memberSchema } from '../folders/groups.controller.js';
import { GroupsService } from '../folders/groups.service.js';
import { GqlCallerParam, GraphQLApi, gqlAccess, gqlActor, type GqlCaller, type GqlContext } from './gql-auth.js';
import { JSONScalar } from './json.scalar.js';

@ObjectType({ description: 'A group of members (REST: groups/get).' })
export class Group {
  @Field() name!: string;
  @Field() summary!: string;
  @Field(() => [String], { description: 'Usernames.' }) members!: string[];
}

@ObjectType({ description: 'A folder and its grants (REST: folders/get).' })
export class Folder {
  @Field() name!: string;
  @Field() summary!: string;
  @Field(() => JSONScalar, { description: '`u/<user>` or `g/<group>` → true: read and write, false: read only.' })
  extraPerms!: ExtraPerms;
  @Field(() => [String], { description: 'The grantees that may write.' }) owners!: string[];
  @Field() createdBy!: string;
  @Field() createdAt!: Date;
}

@InputType('FolderInput', { description: "A folder's summary or grants (REST: folders/create, folders/update)." })
export class FolderInputGql {
  @Field(() => String, { nullable: true }) summary?: string | null;
  @Field(() => JSONScalar, { nullable: true, description: 'Replaces the grants.' }) extraPerms?: ExtraPerms | null;
}

const toFolder = (f: FolderView): Folder => ({
  name: f.name,
  summary: f.summary,
  extraPerms: f.extra_perms,
  owners: f.owners,
  createdBy: f.created_by,
  createdAt: f.created_at,
});

/** REST's body from a GraphQL input: snake_case, nulls left out, then REST's own checks. */
const restFolder = (input: FolderInputGql | null | undefined) =>
  Object.fromEntries(
    Object.entries({ summary: input?.summary, extra_perms: input?.extraPerms }).filter(([, v]) => v != null),
  );

/** Groups and folders over GraphQL: REST's services and checks (folders/*.controller.ts). */
@Resolver(() => Folder)
@GraphQLApi()
export class FoldersResolver {
  constructor(
    @Inject(FoldersService) private readonly folderRows: FoldersService,
    @Inject(GroupsService) private readonly groupRows: GroupsService,
    @Inject(PathAccess) private readonly paths: PathAccess,
  ) {}

  @Query(() => [Folder], { description: 'The folders the caller may read.' })
  async folders(@Args('workspace') workspace: string, @GqlCallerParam() caller: GqlCaller): Promise<Folder[]> {
    return (await this.folderRows.list(await gqlAccess(this.paths, caller, workspace))).map(toFolder);
  }

  @Query(() => Folder)
  async folder(
    @Args('workspace') workspace: string,
    @Args('name') name: string,
    @GqlCallerParam() caller: GqlCaller,
  ): Promise<Folder> {
    return toFolder(await this.folderRows.get(await gqlAccess(this.paths, caller, workspace), name));
  }

  @Mutation(() => Folder, { description: 'Needs developer; its creator may write it.' })
  @MinRole('developer')
  async createFolder(
    @Args('workspace') workspace: string,
    @Args('name') name: string,
    @Args('input', { type: () => FolderInputGql, nullable: true }) input: FolderInputGql | null,
    @GqlCallerParam() caller: GqlCaller,
    @Context() context: GqlContext,
  ): Promise<Folder> {
    const { name: checked, ...body } = parseBody<FolderInput & { name: string }>(createFolderSchema, {
      name,
      ...restFolder(input),
    });
    await this.folderRows.create(workspace, gqlActor(caller, context), checked, body);
    return this.folder(workspace, checked, caller);
  }

  @Mutation(() => Folder, { description: 'Needs write permission on the folder.' })
  @MinRole('developer')
  async updateFolder(
    @Args('workspace') workspace: string,
    @Args('name') name: string,
    @Args('input') input: FolderInputGql,
    @GqlCallerParam() caller: GqlCaller,
    @Context() context: GqlContext,
  ): Promise<Folder> {
    const body = parseBody<FolderInput>(updateFolderSchema, restFolder(input));
    const access = await gqlAccess(this.paths, caller, workspace);
    await this.folderRows.update(access, gqlActor(caller, context), name, body);
    return this.folder(workspace, name, caller);
  }

  @Mutation(() => Boolean, { description: 'An empty folder only; needs write permission on it.' })
  @MinRole('developer')
  async deleteFolder(
    @Args('workspace') workspace: string,
    @Args('name') name: string,
    @GqlCallerParam() caller: GqlCaller,
    @Context() context: GqlContext,
  ): Promise<boolean> {
    await this.folderRows.delete(await gqlAccess(this.paths, caller, workspace), gqlActor(caller, context), name);
    return true;
  }

  @Query(() => [Group])
  groups(@Args('workspace') workspace: string): Promise<Group[]> {
    return this.groupRows.list(workspace);
  }

  @Query(() => Group)
  group(@Args('workspace') workspace: string, @Args('name') name: string): Promise<Group> {
    return this.groupRows.get(workspace, name);
  }

  @Mutation(() => Group, { description: 'Needs admin.' })
  @MinRole('admin')
  async createGroup(
    @Args('workspace') workspace: string,
    @Args('name') name: string,
    @Args('summary', { type: () => String, nullable: true }) summary: string | null,
    @GqlCallerParam() caller: GqlCaller,
    @Context() context: GqlContext,
  ): Promise<Group> {
    const body = parseBody<{ name: string; summary?: string }>(createGroupSchema, {
      name,
      ...(summary == null ? {} : { summary }),
    });
    await this.groupRows.create(workspace, gqlActor(caller, context), body.name, body.summary);
    return this.groupRows.get(workspace, body.name);
  }

  @Mutation(() => Group, { description: 'Needs admin.' })
  @MinRole('admin')
  async addGroupMember(
    @Args('workspace') workspace: string,
    @Args('name') name: string,
    @Args('username') username: string,
    @GqlCallerParam() caller: GqlCaller,
    @Context() context: GqlContext,
  ): Promise<Group> {
    return this.setMember(workspace, name, username, gqlActor(caller, context), true);
  }

  @Mutation(() => Group, { description: 'Needs admin.' })
  @MinRole('admin')
  async removeGroupMember(
    @Args('workspace') workspace: string,
    @Args('name') name: string,
    @Args('username') username: string,
    @GqlCallerParam() caller: GqlCaller,
    @Context() context: GqlContext,
  ): Promise<Group> {
    return this.setMember(workspace, name, username, gqlActor(caller, context), false);
  }

  private async setMember(workspace: string, name: string, username: string, actor: Actor, member: boolean) {
    parseBody(memberSchema, { username });
    await this.groupRows.setMember(workspace, actor, name, username, member);
    return this.groupRows.get(workspace, name);
  }

  @Mutation(() => Boolean, { description: 'Needs admin; removes every folder grant to the group.' })
  @MinRole('admin')
  async deleteGroup(
    @Args('workspace') workspace: string,
    @Args('name') name: string,
    @GqlCallerParam() caller: GqlCaller,
    @Context() context: GqlContext,
  ): Promise<boolean> {
    await this.groupRows.delete(workspace, gqlActor(caller, context), name);
    return true;
  }
}
