import {
  applyDecorators,
  createParamDecorator,
  Inject,
  Injectable,
  SetMetadata,
  UseFilters,
  UseGuards,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { Actor } from '../audit/audit-log.js';
import { AuthService, type TokenRow } from '../auth/auth.service.js';
import { PATH_ACCESS_KEY, PathAccess, type Access, type PathRule } from '../auth/path-access.js';
import { Public, ROLE_KEY, roleAtLeast, type Role } from '../auth/roles.js';
import { assertRunAllowed, runGrants, type RunTarget } from '../auth/token-scopes.js';
import { forbidden, notFound, unauthorized } from '../common/errors.js';
import { GraphQLErrorFilter } from './gql-errors.js';

/** Who is calling: set once per HTTP request or per websocket connection (see graphql.module.ts). */
export interface GqlCaller {
  userId: string;
  username: string;
  token: string;
  /** What the token is limited to (a workspace, run scopes): instance-wide operations refuse such a token. */
  tokenWorkspace: string | null;
  scopes: string[] | null;
}

export interface GqlContext {
  caller?: GqlCaller;
  /** The client's address (for the audit log). */
  from?: string;
}

const BEARER = /^Bearer\s+(\S+)$/i;

const RUN_TARGET_KEY = 'runnel:graphql-run-target';

/**
 * Marks a mutation that runs the script or flow at its `path` argument: the one thing a token
 * limited to running some paths (auth/token-scopes.ts) may call.
 */
export const RunsPath = (kind: RunTarget['kind']) => SetMetadata(RUN_TARGET_KEY, kind);

/**
 * The same checks as REST's AuthGuard (auth/auth.guard.ts), with the same messages; that guard
 * reads the workspace and the path from the URL, here they are arguments of the operation.
 */
@Injectable()
export class GraphQLAuth {
  constructor(@Inject(AuthService) private readonly auth: AuthService) {}

  /** The user of a `Bearer` authorization; `where` says how to send a token when there is none. */
  async caller(authorization: unknown, where: string): Promise<GqlCaller> {
    if (typeof authorization !== 'string' || authorization === '') throw unauthorized(`missing token: send ${where}`);
    const token = BEARER.exec(authorization)?.[1];
    if (!token) throw unauthorized('invalid token');
    const found = await this.valid(token);
    return {
      userId: found.user_id,
      username: found.username,
      token,
      tokenWorkspace: found.workspace_id,
      scopes: found.scopes,
    };
  }

  /**
   * Checked again on every operation, so a token revoked or a membership removed counts on an
   * open websocket too.
   */
  async authorize(caller: GqlCaller, workspace: string | undefined, needed: Role, target: RunTarget | null) {
    const found = await this.valid(caller.token, workspace);
    if (workspace !== undefined && found.workspace_id && found.workspace_id !== workspace) {
      throw forbidden(`this token is limited to workspace "${found.workspace_id}"`);
    }
    assertRunAllowed(runGrants(found.scopes), target);
    if (workspace === undefined) return;
    if (!found.workspace_exists) throw notFound(`workspace "${workspace}" not found`);
    const role = found.role;
    if (!role) throw forbidden(`you are not a member of workspace "${workspace}"`);
    if (!roleAtLeast(role, needed)) throw forbidden(`this needs the ${needed} role in "${workspace}"; you are ${role}`);
  }

  private async valid(token: string, workspace?: string): Promise<TokenRow> {
    const found = await this.auth.authenticate(token, workspace);
    if (!found) throw unauthorized('invalid token');
    if (found.expired) throw unauthorized(`this token expired at ${found.expires_at!.toISOString()}`);
    return found;
  }
}

/** Checks every query, mutation and subscription: its `workspace` argument against `@MinRole` (viewer by default). */
@Injectable()
export class GraphQLAuthGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(GraphQLAuth) private readonly auth: GraphQLAuth,
    @Inject(PathAccess) private readonly paths: PathAccess,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const gql = GqlExecutionContext.create(context);
    const caller = gql.getContext<GqlContext>().caller;
    if (!caller) throw unauthorized('missing token');
    const args = gql.getArgs<{ workspace?: unknown; path?: unknown }>();
    const targets = [context.getHandler(), context.getClass()];
    const needed = this.reflector.getAllAndOverride<Role | undefined>(ROLE_KEY, targets) ?? 'viewer';
    const kind = this.reflector.get<RunTarget['kind'] | undefined>(RUN_TARGET_KEY, context.getHandler());
    const target = kind && typeof args.path === 'string' ? { kind, path: args.path } : null;
    const workspace = typeof args.workspace === 'string' ? args.workspace : undefined;
    await this.auth.authorize(caller, workspace, needed, target);
    // As REST's guard: the `path` argument of a @PathParam operation, read for a run.
    const rule = this.reflector.getAllAndOverride<PathRule | undefined>(PATH_ACCESS_KEY, targets);
    const path = typeof args.path === 'string' ? args.path : '';
    if (workspace !== undefined && (rule || target)) {
      await this.paths.check({ ...caller, workspace }, path, rule?.mode ?? 'read', rule?.what ?? target!.kind);
    }
    return true;
  }
}

/**
 * Marks a resolver class. `Public()` only stands REST's global guard aside (it reads HTTP path
 * parameters, which a resolver has none of): GraphQLAuthGuard does the same checks, and the
 * /graphql routes refuse a request without a valid token before any resolver runs.
 */
export const GraphQLApi = () => applyDecorators(Public(), UseGuards(GraphQLAuthGuard), UseFilters(GraphQLErrorFilter));

/** What `caller` may read and write in `workspace` (auth/path-access.ts), for a resolver's lists and ids. */
export const gqlAccess = (paths: PathAccess, caller: GqlCaller, workspace: string): Promise<Access> =>
  paths.of({ ...caller, workspace });

/** The caller of an operation, for the audit log. */
export const gqlActor = (caller: GqlCaller, context: GqlContext): Actor => ({
  userId: caller.userId,
  username: caller.username,
  from: context.from,
});

/** The authenticated caller, as a resolver parameter. */
export const GqlCallerParam = createParamDecorator(
  (_data: unknown, context: ExecutionContext): GqlCaller =>
    GqlExecutionContext.create(context).getContext<GqlContext>().caller!,
);
