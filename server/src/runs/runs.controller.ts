import { Body, Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AuthedRequest } from '../auth/auth.guard.js';
import { MinRole } from '../auth/roles.js';
import { Api, type ApiDoc } from '../common/api-docs.js';
import { SERVER_CONFIG, type ServerConfig } from '../common/config.js';
import { FlowOrchestrator } from '../flows/flow-orchestrator.js';
import { JobWaiter } from '../jobs/job-waiter.js';
import { JobsService } from '../jobs/jobs.service.js';
import { answerJob, answerQueued, waitOk, webhookArgs } from '../jobs/webhook-shape.js';

const argsSchema = {
  type: 'object',
  additionalProperties: true,
  description:
    "The arguments, checked against the script's schema. A body that is not an object arrives as `{body: …}`; " +
    'forms and text are accepted too.',
} as const;

const WEBHOOK_QUERY = {
  include_header: { schema: { type: 'string' }, description: 'Headers to pass as arguments, comma-separated.' },
  include_query: { schema: { type: 'string' }, description: 'Query parameters to pass as arguments, comma-separated.' },
  raw: { schema: { type: 'boolean' }, description: 'Also pass the body as received, as `raw_string`.' },
  wrap_body: { schema: { type: 'boolean' }, description: 'Pass an object body as `{body: …}` too.' },
} as const;

/** What every POST run endpoint shares. */
const runDoc = {
  tokenQuery: true,
  body: argsSchema,
  bodyOptional: true,
  bodyTypes: ['application/x-www-form-urlencoded', 'text/plain'],
  query: WEBHOOK_QUERY,
  errors: [400, 404, 413],
} satisfies Partial<ApiDoc>;

/** The GET forms of the sync endpoints: no body, the arguments in `?payload=`. */
const waitGetDoc = {
  tokenQuery: true,
  query: {
    payload: { schema: { type: 'string' }, description: 'The JSON arguments in URL-safe base64.' },
    ...WEBHOOK_QUERY,
  },
  ok: waitOk,
  errors: [400, 404, 422],
} satisfies Partial<ApiDoc>;

/** What a run endpoint runs: a script by path (`p`), a script version by hash (`h`), a flow by path (`f`). */
type Kind = 'p' | 'h' | 'f';

interface RunRoute {
  /** The operationId, and the controller method's name. */
  id: string;
  summary: string;
  method: 'POST' | 'GET';
  kind: Kind;
  /** Wait for the result (`run_wait_result`), else answer the job id at once (`run`). */
  sync: boolean;
}

/**
 * Every webhook-shaped run endpoint (Windmill's `jobs/run…`), kind × sync/async × POST/GET, in
 * one place; all are served by `RunsController.run`. The URL follows from the row
 * (`jobs/run[_wait_result]/<kind>/<path or :hash>`), and so does its documentation.
 */
const RUN_ROUTES: readonly RunRoute[] = [
  { id: 'runScriptByPath', summary: 'Run a script by path (async)', method: 'POST', kind: 'p', sync: false },
  { id: 'runScriptByHash', summary: 'Run a script version by hash (async)', method: 'POST', kind: 'h', sync: false },
  { id: 'runFlowByPath', summary: 'Run a flow by path (async)', method: 'POST', kind: 'f', sync: false },
  {
    id: 'runWaitResultScriptByPath',
    summary: 'Run a script by path and wait for its result',
    method: 'POST',
    kind: 'p',
    sync: true,
  },
  {
    id: 'runWaitResultScriptByHash',
    summary: 'Run a script version by hash and wait for its result',
    method: 'POST',
    kind: 'h',
    sync: true,
  },
  {
    id: 'runWaitResultFlowByPath',
    summary: 'Run a flow by path and wait for its result',
    method: 'POST',
    kind: 'f',
    sync: true,
  },
  {
    id: 'runWaitResultScriptByPathGet',
    summary: 'Run a script by path and wait for its result (GET)',
    method: 'GET',
    kind: 'p',
    sync: true,
  },
  {
    id: 'runWaitResultScriptByHashGet',
    summary: 'Run a script version by hash and wait for its result (GET)',
    method: 'GET',
    kind: 'h',
    sync: true,
  },
  {
    id: 'runWaitResultFlowByPathGet',
    summary: 'Run a flow by path and wait for its result (GET)',
    method: 'GET',
    kind: 'f',
    sync: true,
  },
];

const PATH_DOC: Record<Kind, string | undefined> = { p: 'The script path.', h: undefined, f: 'The flow path.' };

function url({ kind, sync }: RunRoute): string {
  return `jobs/${sync ? 'run_wait_result' : 'run'}/${kind}/${kind === 'h' ? ':hash' : '*'}`;
}

function apiDoc(route: RunRoute): ApiDoc {
  const path = PATH_DOC[route.kind];
  const common = { id: route.id, summary: route.summary, ...(path ? { path } : {}) };
  if (route.method === 'GET') return { ...common, ...waitGetDoc };
  return route.sync
    ? { ...common, ...runDoc, ok: waitOk, errors: [...runDoc.errors, 422] }
    : { ...common, ...runDoc, ok: { 201: { description: 'Queued.', text: 'The job id.' } } };
}

/**
 * The run endpoints: above both jobs/ and flows/, as they start either (jobs/ imports nothing of
 * flows/; docs/adr/0033-one-direction-jobs-flows.md).
 */
@ApiTags('jobs')
@Controller('api/w/:workspace')
export class RunsController {
  constructor(
    @Inject(JobsService) private readonly jobs: JobsService,
    @Inject(JobWaiter) private readonly waiter: JobWaiter,
    @Inject(FlowOrchestrator) private readonly flows: FlowOrchestrator,
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
  ) {}

  /** A webhook: the request's arguments (see webhook-shape.ts), then the job id or, sync, its result. */
  async run(route: RunRoute, ws: string, target: string, body: unknown, req: AuthedRequest, reply: FastifyReply) {
    const args = webhookArgs(req, body);
    const userId = req.caller!.userId;
    const options = { from: req.ip };
    const id =
      route.kind === 'f'
        ? await this.flows.run(ws, userId, { path: target }, args, options)
        : await this.jobs.runScript(
            ws,
            userId,
            route.kind === 'p' ? { path: target } : { hash: target },
            args,
            options,
          );
    if (route.sync) await answerJob(reply, id, await this.waiter.wait(ws, id, this.config.syncTimeoutMs));
    else await answerQueued(reply, id);
  }
}

/**
 * One controller method per row, decorated as a hand-written one would be: parameters
 * (workspace, path or hash, [body,] request, reply) with the types TypeScript would record, then
 * the role, the route and its documentation.
 */
for (const route of RUN_ROUTES) {
  const proto = RunsController.prototype as unknown as Record<string, unknown>;
  const post = route.method === 'POST';
  const handler = {
    [route.id](this: RunsController, ws: string, target: string, ...rest: unknown[]) {
      const [body, req, reply] = post ? rest : [undefined, ...rest];
      return this.run(route, ws, target, body, req as AuthedRequest, reply as FastifyReply);
    },
  }[route.id]!;
  Object.defineProperty(proto, route.id, { value: handler, writable: true, configurable: true });
  const params: ParameterDecorator[] = [
    Param('workspace'),
    Param(route.kind === 'h' ? 'hash' : '*'),
    ...(post ? [Body()] : []),
    Req(),
    Res(),
  ];
  // Last first, as TypeScript applies them (the OpenAPI document lists parameters in that order).
  for (let index = params.length - 1; index >= 0; index--) params[index]!(proto, route.id, index);
  Reflect.defineMetadata(
    'design:paramtypes',
    [String, String, ...(post ? [Object] : []), Object, Object],
    proto,
    route.id,
  );
  const descriptor = Object.getOwnPropertyDescriptor(proto, route.id)!;
  for (const decorate of [MinRole('operator'), (post ? Post : Get)(url(route)), Api(apiDoc(route))]) {
    decorate(proto, route.id, descriptor);
  }
}
