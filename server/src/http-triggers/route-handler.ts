import { createHash, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { argon2Verify } from 'hash-wasm';
import { TOKEN_HEADER, TOKEN_QUERY, bearerToken, tokenOf } from '../auth/auth.guard.js';
import { AuthService } from '../auth/auth.service.js';
import { roleAtLeast } from '../auth/roles.js';
import { assertRunAllowed, runGrants } from '../auth/token-scopes.js';
import { forbidden, notFound, rateLimited, unauthorized } from '../common/errors.js';
import { SERVER_CONFIG, type ServerConfig } from '../common/config.js';
import { FlowOrchestrator } from '../flows/flow-orchestrator.js';
import { FlowsService, type FlowRow } from '../flows/flows.service.js';
import { JobWaiter } from '../jobs/job-waiter.js';
import { JobsService } from '../jobs/jobs.service.js';
import { answerJob, asArgs, rawBodyBytes, rawBodyText } from '../jobs/webhook-shape.js';
import { ScriptsService } from '../scripts/scripts.service.js';
import type { HttpTriggerRow } from './http-trigger-row.js';
import { RateLimiter } from '../common/rate-limiter.js';
import { RouteTable } from './route-table.js';
import { RouteSecrets } from './route-secrets.js';
import { checkSignature } from './signature.js';
import { sendText } from '../common/replies.js';

const keyOf = (t: Pick<HttpTriggerRow, 'workspace_id' | 'path'>) => `${t.workspace_id}\n${t.path}`;
/** Passwords known good, by hash of (trigger, stored hash, password): argon2id once per password, not per request. */
const BASIC_CACHE_SIZE = 1000;

/** Serves `/api/r/{workspace}/…`: match in memory, rate limit, the trigger's own authentication, then the job. */
@Injectable()
export class RouteHandler {
  private readonly limiter = new RateLimiter();
  private readonly goodPasswords = new Set<string>();

  constructor(
    @Inject(RouteTable) private readonly table: RouteTable,
    @Inject(AuthService) private readonly auth: AuthService,
    @Inject(ScriptsService) private readonly scripts: ScriptsService,
    @Inject(FlowsService) private readonly flows: FlowsService,
    @Inject(JobsService) private readonly jobs: JobsService,
    @Inject(FlowOrchestrator) private readonly orchestrator: FlowOrchestrator,
    @Inject(JobWaiter) private readonly waiter: JobWaiter,
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
    @Inject(RouteSecrets) private readonly secrets: RouteSecrets,
  ) {
    table.onReload((rows) => this.limiter.retain(new Set(rows.map(keyOf))));
  }

  async serve(req: FastifyRequest, reply: FastifyReply, body: unknown): Promise<void> {
    const found = this.table.match(req.method, req.url);
    if (!found) throw notFound(`no HTTP route ${req.method} ${req.url.split('?', 1)[0]}`);
    const { trigger, params } = found;
    if (trigger.rate_limit_per_minute) {
      const wait = this.limiter.take(keyOf(trigger), trigger.rate_limit_per_minute);
      if (wait) {
        throw rateLimited(
          `this route accepts ${trigger.rate_limit_per_minute} requests a minute; retry in ${wait} s`,
          wait,
        );
      }
    }
    const userId = await this.authenticate(trigger, req, reply);
    const ws = trigger.workspace_id;
    const flow = trigger.is_flow ? await this.flows.getByPath(ws, trigger.script_path) : undefined;
    const args = await this.argsFor(trigger, req, body, params, flow);
    const options = { trigger: { kind: 'http', path: trigger.path }, from: req.ip };
    const id = flow
      ? await this.orchestrator.run(ws, userId, { version: flow }, args, options)
      : await this.jobs.runScript(ws, userId, { path: trigger.script_path }, args, options);
    if (trigger.is_async) {
      reply.header('x-runnel-job-id', id);
      await sendText(reply, 202, id);
      return;
    }
    await answerJob(reply, id, await this.waiter.wait(ws, id, this.config.syncTimeoutMs));
  }

  /** Checks the trigger's authentication; returns the user the job runs as. */
  private async authenticate(t: HttpTriggerRow, req: FastifyRequest, reply: FastifyReply): Promise<string> {
    switch (t.authentication_method) {
      case 'none':
        return t.created_by;
      case 'signature': {
        const why = checkSignature(await this.secrets.config(t), req.headers, rawBodyBytes(req));
        if (why) throw unauthorized(`invalid signature: ${why}`);
        return t.created_by;
      }
      case 'basic': {
        if (!(await this.basicOk(t, req.headers.authorization))) {
          reply.header('www-authenticate', 'Basic realm="runnel", charset="UTF-8"');
          throw unauthorized('this route needs HTTP basic authentication with its username and password');
        }
        return t.created_by;
      }
      case 'token': {
        const token = tokenOf(req);
        if (!token) throw unauthorized('missing token: send "Authorization: Bearer <token>" or ?token=<token>');
        const found = await this.auth.authenticate(token, t.workspace_id);
        if (!found) throw unauthorized('invalid token');
        if (found.expired) throw unauthorized(`this token expired at ${found.expires_at!.toISOString()}`);
        if (found.workspace_id && found.workspace_id !== t.workspace_id) {
          throw forbidden(`this token is limited to workspace "${found.workspace_id}"`);
        }
        if (!found.role || !roleAtLeast(found.role, 'operator')) {
          throw forbidden(`this route needs the operator role in "${t.workspace_id}"`);
        }
        // A token limited to running some paths may call the routes that run those paths.
        assertRunAllowed(runGrants(found.scopes), { kind: t.is_flow ? 'flow' : 'script', path: t.script_path });
        return found.user_id;
      }
    }
  }

  /**
   * The request's headers and query without the credentials it carries, since job arguments are
   * stored and shown to every viewer of the workspace: the route's own (the token of a token
   * route, the basic credentials of a basic route, the signature header of a signature route: it
   * replays the same body), and on any route a token of this instance, in `Authorization: Bearer`
   * or `?token=` (a caller that sends one to a public route must not lose it to the viewers).
   * Anything else, such as a third party's bearer token the script checks itself, stays.
   */
  private async withoutCredentials(t: HttpTriggerRow, req: FastifyRequest) {
    const headers = { ...req.headers };
    const query = { ...(req.query as Record<string, unknown>) };
    const auth = headers[TOKEN_HEADER];
    const bearer = auth && bearerToken(auth);
    const routeOwn = t.authentication_method === 'token' || t.authentication_method === 'basic';
    if (auth && (routeOwn || (bearer && (await this.auth.isKnownToken(bearer))))) delete headers[TOKEN_HEADER];
    // `?token=a&token=b` comes as a list.
    const tokens = [query[TOKEN_QUERY]].flat().filter((v): v is string => typeof v === 'string');
    for (const token of tokens) {
      if (t.authentication_method === 'token' || (await this.auth.isKnownToken(token))) delete query[TOKEN_QUERY];
    }
    if (t.signature) delete headers[t.signature.header.toLowerCase()];
    return { headers, query };
  }

  private async basicOk(t: HttpTriggerRow, header: string | undefined): Promise<boolean> {
    const match = header && /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header);
    if (!match || !t.basic) return false;
    const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return false;
    const [user, password] = [decoded.slice(0, colon), decoded.slice(colon + 1)];
    const cacheKey = createHash('sha256')
      .update(`${keyOf(t)}\n${t.basic.password_hash}\n${password}`)
      .digest('hex');
    const userOk = safeEqual(user, t.basic.username);
    if (this.goodPasswords.has(cacheKey)) return userOk;
    const passwordOk = await argon2Verify({ password, hash: t.basic.password_hash });
    if (passwordOk) {
      if (this.goodPasswords.size >= BASIC_CACHE_SIZE) this.goodPasswords.clear();
      this.goodPasswords.add(cacheKey);
    }
    return userOk && passwordOk;
  }

  /**
   * A script whose `main` takes `request` (a flow whose input does) gets the whole request;
   * any other gets the JSON body's fields (a non-object body as `body`), plus the route's
   * parameters, which win over body fields of the same name.
   */
  private async argsFor(
    t: HttpTriggerRow,
    req: FastifyRequest,
    body: unknown,
    params: Record<string, string>,
    flow: FlowRow | undefined,
  ): Promise<Record<string, unknown>> {
    const names = flow
      ? Object.keys(flow.schema?.properties ?? {})
      : (await this.scripts.getByPath(t.workspace_id, t.script_path)).arg_order;
    if (!names.includes('request')) return { ...asArgs(body), ...params };
    const { headers, query } = await this.withoutCredentials(t, req);
    return {
      request: {
        method: req.method,
        path: pathInWorkspace(req.url),
        route: t.route_path,
        params,
        query,
        headers,
        body: body ?? null,
        raw_body: rawBodyText(req),
      },
    };
  }
}

/** `/api/r/main/hook/xml?a=1` → `/hook/xml`: the path as the route sees it, comparable to its route_path. */
function pathInWorkspace(url: string): string {
  const path = url.split('?', 1)[0]!.slice('/api/r/'.length);
  const slash = path.indexOf('/');
  return slash < 0 ? '/' : path.slice(slash);
}

function safeEqual(a: string, b: string): boolean {
  const x = createHash('sha256').update(a).digest();
  const y = createHash('sha256').update(b).digest();
  return timingSafeEqual(x, y);
}
