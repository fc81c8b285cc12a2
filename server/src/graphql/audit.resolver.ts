import { Inject } from '@nestjs/common';
import { Args, Field, ID, InputType, Int, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { DataSource } from 'typeorm';
import { AuditService, parseAuditFilter, type AuditFilter, type AuditRow } from '../audit/audit.service.js';
import { MinRole } from '../auth/roles.js';
import { integerParam } from '../common/validate.js';
import { assertInstanceAdmin } from '../users/instance-admin.js';
import { GqlCallerParam, GraphQLApi, type GqlCaller } from './gql-auth.js';
import { JSONScalar } from './json.scalar.js';

@ObjectType({ description: 'An audit log entry (REST: audit/list).' })
export class AuditEntry {
  @Field(() => ID) id!: string;
  @Field(() => String, { nullable: true, description: 'null: an instance-level entry.' }) workspaceId!: string | null;
  @Field() at!: Date;
  @Field() username!: string;
  @Field() action!: string;
  @Field(() => String, { nullable: true }) path!: string | null;
  @Field(() => String, { nullable: true }) fromAddress!: string | null;
  @Field(() => JSONScalar) details!: Record<string, unknown>;
}

@InputType({ description: "REST's query parameters; every field optional." })
export class AuditFilterInput {
  @Field(() => String, { nullable: true, description: 'ISO date-time; entries at or after.' }) after?: string | null;
  @Field(() => String, { nullable: true, description: 'ISO date-time; entries before.' }) before?: string | null;
  @Field(() => String, { nullable: true }) username?: string | null;
  @Field(() => String, { nullable: true, description: 'An action, or an area ending in a dot.' }) action?:
    string | null;
  @Field(() => String, { nullable: true, description: 'A path prefix.' }) path?: string | null;
  @Field(() => Int, { nullable: true }) page?: number | null;
  @Field(() => Int, { nullable: true, description: 'Default 100, at most 1000.' }) perPage?: number | null;
}

const toEntry = (r: AuditRow): AuditEntry => ({
  id: r.id,
  workspaceId: r.workspace_id,
  at: r.at,
  username: r.username,
  action: r.action,
  path: r.path,
  fromAddress: r.from_address,
  details: r.details,
});

function filterOf(input: AuditFilterInput | null | undefined): AuditFilter {
  const f = input ?? {};
  return parseAuditFilter({
    after: f.after ?? undefined,
    before: f.before ?? undefined,
    username: f.username ?? undefined,
    action: f.action ?? undefined,
    path: f.path ?? undefined,
    page: integerParam(f.page?.toString(), 'page', 1, 1_000_000),
    per_page: integerParam(f.perPage?.toString(), 'perPage', 100, 1000),
  });
}

/** The audit log over GraphQL: REST's service and filters. */
@Resolver(() => AuditEntry)
@GraphQLApi()
export class AuditResolver {
  constructor(
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(DataSource) private readonly db: DataSource,
  ) {}

  @Query(() => [AuditEntry], { description: "A workspace's audit log, newest first. Needs admin." })
  @MinRole('admin')
  async auditLog(
    @Args('workspace') workspace: string,
    @Args('filter', { type: () => AuditFilterInput, nullable: true }) filter?: AuditFilterInput | null,
  ): Promise<AuditEntry[]> {
    return (await this.audit.list(workspace, filterOf(filter))).map(toEntry);
  }

  @Query(() => [AuditEntry], { description: "The instance's audit log (sign-ins, users, workspaces). Instance admin." })
  async instanceAuditLog(
    @GqlCallerParam() caller: GqlCaller,
    @Args('filter', { type: () => AuditFilterInput, nullable: true }) filter?: AuditFilterInput | null,
  ): Promise<AuditEntry[]> {
    const parsed = filterOf(filter);
    await assertInstanceAdmin(this.db, caller, 'the instance audit log');
    return (await this.audit.list(null, parsed)).map(toEntry);
  }
}
