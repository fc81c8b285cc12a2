import { createParamDecorator, Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { forbidden, notFound, unauthorized } from '../common/errors.js';
import { AuthService } from './auth.service.js';
import { PATH_ACCESS_KEY, PathAccess, type Access, type PathRule } from './path-access.js';
import { cookieTokenOf } from './session-cookie.js';
import { PUBLIC_KEY, ROLE_KEY, roleAtLeast, type Caller, type Role } from './roles.js';
import { assertRunAllowed, runGrants, runRouteOf, type RunGrant, type RunTarget } from './token-scopes.js';

/** `access`: on workspace routes, what the caller may read and write there (auth/path-access.ts). */
export type AuthedRequest = FastifyRequest & { caller?: Caller; access?: Access };

/** The caller's `Access` in the route's workspace, as a handler parameter. */
export const CallerAccess = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Access => context.switchToHttp().getRequest<AuthedRequest>().access!,
);

/**
 * Where a caller's Runnel token travels. A job's arguments never get a copy of either: any
 * viewer can read arguments (webhook-shape.ts, route-handler.ts).
 */
export const TOKEN_HEADER = 'authorization';
export const TOKEN_QUERY = 'token';

/** `Bearer <token>` → the token. */
export const bearerToken = (header: string) => /^Bearer\s+(\S+)$/i.exec(header)?.[1];

/** The bearer token of a request: `Authorization: Bearer <token>`, else `?token=`. */
export function tokenOf(req: FastifyRequest): string | undefined {
  const header = req.headers[TOKEN_HEADER];
  if (header) return bearerToken(header);
  const query = req.query as Record<string, unknown> | undefined;
  return typeof query?.[TOKEN_QUERY] === 'string' ? query[TOKEN_QUERY] : undefined;
}

/** Authenticates every route but those marked @Public(), and checks the caller's workspace role. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(AuthService) private readonly auth: AuthService,
    @Inject(PathAccess) private readonly paths: PathAccess,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;

    const req = context.switchToHttp().getRequest<AuthedRequest>();
    // A bearer token wins: a script's explicit credentials, never a browser's ambient ones.
    const bearer = tokenOf(req);
    // The app's session cookie, or the `token` cookie Windmill's clients send, under the CSRF rules.
    const cookie = bearer ? undefined : cookieTokenOf(req);
    const token = bearer ?? cookie;
    if (!token) {
      throw unauthorized('missing token: send "Authorization: Bearer <token>" or ?token=<token>, or sign in');
    }
    const workspace = (req.params as Record<string, string> | undefined)?.workspace;
    const needed = this.reflector.getAllAndOverride<Role>(ROLE_KEY, targets) ?? 'viewer';
    req.caller = await this.identify(req, token, workspace, needed);
    if (workspace !== undefined) {
      req.access = await this.paths.of({ ...req.caller, workspace });
      await this.checkPath(req, req.access, this.reflector.getAllAndOverride<PathRule>(PATH_ACCESS_KEY, targets));
    }
    return true;
  }

  /**
   * The folder permission of a route on one path: the rule of @PathParam, or read for the run
   * routes (a member who may not read f/a may not run f/a/x).
   */
  private async checkPath(req: AuthedRequest, access: Access, rule: PathRule | undefined) {
    const params = req.params as Record<string, string> | undefined;
    if (rule) return access.assert(params?.['*'] ?? '', rule.mode, rule.what);
    const route = runRouteOf(req.routeOptions?.url, params);
    if (!route) return;
    const path = 'hash' in route ? await this.auth.scriptPathOfHash(access.workspace, route.hash) : route.path;
    // An unknown hash is left to the handler's own 404.
    if (path !== undefined) access.assert(path, 'read', route.kind);
  }

  /**
   * Who calls with `token`: a valid, unexpired token whose scopes allow this route and, on a
   * workspace route, a member with at least the `needed` role. Throws 401 or 403 saying why.
   * Public routes that accept an optional sign-in (approval links) call it themselves.
   */
  async identify(req: FastifyRequest, token: string, workspace: string | undefined, needed: Role): Promise<Caller> {
    const found = await this.auth.authenticate(token, workspace);
    if (!found) throw unauthorized('invalid token');
    if (found.expired) throw unauthorized(`this token expired at ${found.expires_at!.toISOString()}`);
    const caller: Caller = {
      userId: found.user_id,
      username: found.username,
      tokenId: found.id,
      tokenExpiresAt: found.expires_at,
      tokenWorkspace: found.workspace_id,
      scopes: found.scopes,
    };

    if (workspace !== undefined && found.workspace_id && found.workspace_id !== workspace) {
      throw forbidden(`this token is limited to workspace "${found.workspace_id}"`);
    }
    const grants = runGrants(found.scopes);
    if (grants.length) await this.checkRunGrants(req, workspace, grants);

    if (workspace !== undefined) {
      const role = found.role;
      if (!found.workspace_exists) throw notFound(`workspace "${workspace}" not found`);
      if (!role) throw forbidden(`you are not a member of workspace "${workspace}"`);
      if (!roleAtLeast(role, needed)) {
        throw forbidden(`this needs the ${needed} role in "${workspace}"; you are ${role}`);
      }
      caller.workspace = workspace;
      caller.role = role;
    }
    return caller;
  }

  /** A token limited to running some paths may call the run routes for those paths only. */
  private async checkRunGrants(req: FastifyRequest, workspace: string | undefined, grants: RunGrant[]) {
    const params = req.params as Record<string, string> | undefined;
    const route = runRouteOf(req.routeOptions?.url, params);
    let target: RunTarget | null = null;
    if (route && workspace !== undefined) {
      if ('hash' in route) {
        const path = await this.auth.scriptPathOfHash(workspace, route.hash);
        // An unknown hash is no path the token may run; saying 403 rather than 404 reveals nothing.
        target = { kind: 'script', path: path ?? `(unknown hash ${route.hash})` };
      } else {
        target = route;
      }
    }
    assertRunAllowed(grants, target);
  }
}
