import { PathParam } from '../auth/path-access.js';
import { Body, Controller, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthedRequest } from '../auth/auth.guard.js';
import { MinRole, Public } from '../auth/roles.js';
import { notFound, rateLimited } from '../common/errors.js';
import { RateLimiter } from '../common/rate-limiter.js';
import { parseBody } from '../common/validate.js';
import { SERVER_CONFIG, type ServerConfig } from '../common/config.js';
import { JobWaiter } from '../jobs/job-waiter.js';
import { JobsService } from '../jobs/jobs.service.js';
import { answerJob, waitOk } from '../jobs/webhook-shape.js';
import { Api } from '../common/api-docs.js';
import { ScriptsService } from '../scripts/scripts.service.js';

const setPublicSchema = {
  type: 'object',
  required: ['public_form'],
  additionalProperties: false,
  properties: { public_form: { type: 'boolean', description: 'true: anyone with the link may use the form page.' } },
} as const;

const publicFormSchema = {
  type: 'object',
  required: ['path', 'summary', 'description', 'schema'],
  properties: {
    path: { type: 'string' },
    summary: { type: 'string' },
    description: { type: 'string' },
    schema: { type: 'object', additionalProperties: true, description: 'The form: JSON Schema of the arguments.' },
  },
} as const;

/** A public form's answer to a signed-out caller: the same whatever the reason, so nothing is revealed. */
const notPublic = (path: string) => notFound(`no public form at "${path}"`);

/** Client addresses tracked at most; past it, full buckets and then the oldest are dropped. */
const MAX_ADDRESSES = 100_000;

/**
 * Form pages a developer opened to anyone (off by default, per path): the form of that one
 * script, and a run of it that waits for the result, without a token. Runs are limited per
 * client address (RUNNEL_PUBLIC_FORM_RUNS_PER_MIN) and started on behalf of whoever opened it.
 */
@ApiTags('scripts')
@Controller('api/w/:workspace')
export class PublicFormsController {
  private readonly limiter = new RateLimiter(MAX_ADDRESSES);

  constructor(
    @Inject(ScriptsService) private readonly scripts: ScriptsService,
    @Inject(JobsService) private readonly jobs: JobsService,
    @Inject(JobWaiter) private readonly waiter: JobWaiter,
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
  ) {}

  @Api({
    id: 'setScriptPublicForm',
    summary: "Open or close a script's form page to anyone signed out",
    path: 'The script path.',
    body: setPublicSchema,
    ok: { 200: { description: 'Done.', json: { type: 'object', properties: { public_form: { type: 'boolean' } } } } },
    errors: [400, 404],
  })
  @Post('scripts/public_form/p/*')
  @MinRole('developer')
  @PathParam('write', 'script')
  @HttpCode(200)
  async setPublic(
    @Param('workspace') workspace: string,
    @Param('*') path: string,
    @Body() body: unknown,
    @Req() req: AuthedRequest,
  ) {
    const { public_form } = parseBody<{ public_form: boolean }>(setPublicSchema, body);
    await this.scripts.setPublicForm(workspace, path, req.caller!.userId, public_form);
    return { public_form };
  }

  @Api({
    id: 'getPublicForm',
    summary: 'The form of a script whose form page is public (no token)',
    public: true,
    path: 'The script path.',
    ok: { 200: { description: 'The form.', json: publicFormSchema } },
    errors: [404],
  })
  @Public()
  @Get('public/forms/script/*')
  async form(@Param('workspace') workspace: string, @Param('*') path: string) {
    const { script } = await this.publicForm(workspace, path);
    return { path: script.path, summary: script.summary, description: script.description, schema: script.schema };
  }

  @Api({
    id: 'runPublicFormAndWaitResult',
    summary: 'Run a script whose form page is public and wait for its result (no token)',
    description:
      'Only the script at this path, only while its form page is public. Limited per client address ' +
      '(RUNNEL_PUBLIC_FORM_RUNS_PER_MIN a minute): 429 with Retry-After beyond.',
    public: true,
    path: 'The script path.',
    body: {
      type: 'object',
      additionalProperties: true,
      description: "The arguments, checked against the form's schema.",
    },
    bodyOptional: true,
    ok: waitOk,
    errors: [400, 404, 413, 422, 429],
  })
  @Public()
  @Post('public/forms/run_wait_result/script/*')
  async run(
    @Param('workspace') workspace: string,
    @Param('*') path: string,
    @Body() body: unknown,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    // Counted before anything is read, so probing for paths costs the same as running.
    const wait = this.limiter.take(req.ip, this.config.publicFormRunsPerMin);
    if (wait) throw rateLimited(`too many runs from this address; retry in ${wait} s`, wait);
    const { owner } = await this.publicForm(workspace, path);
    const id = await this.jobs.runScript(workspace, owner, { path }, body, {
      trigger: { kind: 'public_form', path },
    });
    await answerJob(reply, id, await this.waiter.wait(workspace, id, this.config.syncTimeoutMs));
  }

  private async publicForm(workspace: string, path: string) {
    const found = await this.scripts.publicForm(workspace, path);
    if (!found) throw notPublic(path);
    return found;
  }
}
