import { Inject } from '@nestjs/common';
import { Args, Context, Field, ID, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { MinRole, type Role } from '../auth/roles.js';
import { parseBody } from '../common/validate.js';
import { InvitesService, inviteSchema } from '../users/invites.service.js';
import { MembersService, addMemberSchema, setRoleSchema, type MemberRow } from '../users/members.service.js';
import { UsersService, newUserSchema, type NewUser, type UserRow } from '../users/users.service.js';
import {
  WorkspacesService,
  newWorkspaceSchema,
  renameWorkspaceSchema,
  type WorkspaceRow,
} from '../workspaces/workspaces.service.js';
import { GqlCallerParam, GraphQLApi, gqlActor, type GqlCaller, type GqlContext } from './gql-auth.js';

@ObjectType({ description: 'A workspace (REST: workspaces/get).' })
export class Workspace {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field() createdAt!: Date;
  @Field(() => String, { nullable: true, description: "The caller's role; null: not a member." }) role!: Role | null;
}

@ObjectType({ description: 'A member of a workspace (REST: users/list).' })
export class Member {
  @Field(() => ID) userId!: string;
  @Field() username!: string;
  @Field() email!: string;
  @Field() role!: string;
}

@ObjectType({ description: 'A user of the instance (REST: users/create).' })
export class User {
  @Field(() => ID) id!: string;
  @Field() email!: string;
  @Field() username!: string;
  @Field() instanceAdmin!: boolean;
  @Field() createdAt!: Date;
}

@ObjectType({ description: 'An invitation; its token is shown once (REST: users/invite).' })
export class Invitation {
  @Field() email!: string;
  @Field() role!: string;
  @Field() token!: string;
  @Field() expiresAt!: Date;
}

const toWorkspace = (r: WorkspaceRow): Workspace => ({ id: r.id, name: r.name, createdAt: r.created_at, role: r.role });
const toMember = (r: MemberRow): Member => ({ userId: r.user_id, username: r.username, email: r.email, role: r.role });
const toUser = (r: UserRow): User => ({
  id: r.id,
  email: r.email,
  username: r.username,
  instanceAdmin: r.instance_admin,
  createdAt: r.created_at,
});

/** Workspaces, users and members over GraphQL: REST's services and body schemas. */
@Resolver()
@GraphQLApi()
export class AdminResolver {
  constructor(
    @Inject(WorkspacesService) private readonly workspaces: WorkspacesService,
    @Inject(UsersService) private readonly userService: UsersService,
    @Inject(MembersService) private readonly memberService: MembersService,
    @Inject(InvitesService) private readonly invites: InvitesService,
  ) {}

  @Query(() => Workspace, { description: 'A workspace the caller is a member of.' })
  async workspace(@Args('workspace') workspace: string, @GqlCallerParam() caller: GqlCaller): Promise<Workspace> {
    return toWorkspace(await this.workspaces.get(caller.userId, workspace));
  }

  @Query(() => [Workspace], { description: 'Every workspace (instance admin).' })
  async allWorkspaces(@GqlCallerParam() caller: GqlCaller): Promise<Workspace[]> {
    return (await this.workspaces.listAll(caller)).map(toWorkspace);
  }

  @Mutation(() => Workspace, { description: 'Instance admin; the caller becomes its first admin.' })
  async createWorkspace(
    @Args('id') id: string,
    @Args('name') name: string,
    @GqlCallerParam() caller: GqlCaller,
    @Context() context: GqlContext,
  ): Promise<Workspace> {
    const input = parseBody<{ id: string; name: string }>(newWorkspaceSchema, { id, name });
    return toWorkspace(await this.workspaces.create(caller, gqlActor(caller, context), input));
  }

  @Mutation(() => Workspace, { description: 'Needs admin.' })
  @MinRole('admin')
  async renameWorkspace(
    @Args('workspace') workspace: string,
    @Args('name') name: string,
    @GqlCallerParam() caller: GqlCaller,
    @Context() context: GqlContext,
  ): Promise<Workspace> {
    parseBody(renameWorkspaceSchema, { new_name: name });
    return toWorkspace(await this.workspaces.rename(gqlActor(caller, context), workspace, name));
  }

  @Query(() => [User], { description: 'Every user (instance admin).' })
  async users(@GqlCallerParam() caller: GqlCaller): Promise<User[]> {
    return (await this.userService.list(caller)).map(toUser);
  }

  @Mutation(() => User, { description: 'Instance admin.' })
  async createUser(
    @Args('email') email: string,
    @Args('username') username: string,
    @Args('password', { type: () => String, nullable: true }) password: string | null,
    @Args('instanceAdmin', { type: () => Boolean, nullable: true }) instanceAdmin: boolean | null,
    @GqlCallerParam() caller: GqlCaller,
    @Context() context: GqlContext,
  ): Promise<User> {
    const body = Object.fromEntries(
      Object.entries({ email, username, password, instance_admin: instanceAdmin }).filter(([, v]) => v != null),
    );
    return toUser(
      await this.userService.create(caller, gqlActor(caller, context), parseBody<NewUser>(newUserSchema, body)),
    );
  }

  @Query(() => [Member], { description: 'Needs admin.' })
  @MinRole('admin')
  async members(@Args('workspace') workspace: string): Promise<Member[]> {
    return (await this.memberService.list(workspace)).map(toMember);
  }

  @Mutation(() => Member, { description: 'Adds an existing user by email or username. Needs admin.' })
  @MinRole('admin')
  async addMember(
    @Args('workspace') workspace: string,
    @Args('user') user: string,
    @Args('role') role: string,
    @GqlCallerParam() caller: GqlCaller,
    @Context() context: GqlContext,
  ): Promise<Member> {
    const body = parseBody<{ user: string; role: Role }>(addMemberSchema, { user, role });
    return toMember(await this.memberService.add(workspace, gqlActor(caller, context), body.user, body.role));
  }

  @Mutation(() => Member, { description: 'Needs admin; demoting the last admin is a conflict.' })
  @MinRole('admin')
  async setMemberRole(
    @Args('workspace') workspace: string,
    @Args('username') username: string,
    @Args('role') role: string,
    @GqlCallerParam() caller: GqlCaller,
    @Context() context: GqlContext,
  ): Promise<Member> {
    const body = parseBody<{ role: Role }>(setRoleSchema, { role });
    return toMember(await this.memberService.setRole(workspace, gqlActor(caller, context), username, body.role));
  }

  @Mutation(() => Boolean, { description: 'Needs admin; removing the last admin is a conflict.' })
  @MinRole('admin')
  async removeMember(
    @Args('workspace') workspace: string,
    @Args('username') username: string,
    @GqlCallerParam() caller: GqlCaller,
    @Context() context: GqlContext,
  ): Promise<boolean> {
    await this.memberService.remove(workspace, gqlActor(caller, context), username);
    return true;
  }

  @Mutation(() => Invitation, { description: 'Invites an email that has no account yet. Needs admin.' })
  @MinRole('admin')
  async inviteMember(
    @Args('workspace') workspace: string,
    @Args('email') email: string,
    @Args('role') role: string,
    @GqlCallerParam() caller: GqlCaller,
    @Context() context: GqlContext,
  ): Promise<Invitation> {
    const body = parseBody<{ email: string; role: Role }>(inviteSchema, { email, role });
    const invitation = await this.invites.invite(workspace, gqlActor(caller, context), body.email, body.role);
    return { ...invitation, expiresAt: invitation.expires_at };
  }
}
