import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { forbidden, notFound, unauthorized } from '../common/errors.js';
import { AuthService } from './auth.service.js';
import { PUBLIC_KEY, ROLE_KEY, roleAtLeast, type Caller, type Role } from './roles.js';

export type AuthedRequest = FastifyRequest & { caller?: Caller };

function tokenOf(req: FastifyRequest): string | undefined {
  const header = req.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    return match?.[1];
  }
  const query = req.query as Record<string, unknown> | undefined;
  return typeof query?.token === 'string' ? query.token : undefined;
}

/** Authenticates every route but those marked @Public(), and checks the caller's workspace role. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(AuthService) private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;

    const req = context.switchToHttp().getRequest<AuthedRequest>();
    const token = tokenOf(req);
    if (!token) throw unauthorized('missing token: send "Authorization: Bearer <token>" or ?token=<token>');
    const workspace = (req.params as Record<string, string> | undefined)?.workspace;
    const found = await this.auth.authenticate(token, workspace);
    if (!found) throw unauthorized('invalid or expired token');
    const caller: Caller = { userId: found.user_id, username: found.username };

    if (workspace !== undefined) {
      if (found.workspace_id && found.workspace_id !== workspace) {
        throw forbidden(`this token is limited to workspace "${found.workspace_id}"`);
      }
      const role = found.role;
      if (!found.workspace_exists) throw notFound(`workspace "${workspace}" not found`);
      if (!role) throw forbidden(`you are not a member of workspace "${workspace}"`);
      const needed = this.reflector.getAllAndOverride<Role>(ROLE_KEY, targets) ?? 'viewer';
      if (!roleAtLeast(role, needed)) {
        throw forbidden(`this needs the ${needed} role in "${workspace}"; you are ${role}`);
      }
      caller.workspace = workspace;
      caller.role = role;
    }
    req.caller = caller;
    return true;
  }
}
