import { Body, Controller, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { LANGUAGES } from '@runnel/runtimes';
import type { FastifyReply } from 'fastify';
import type { AuthedRequest } from '../auth/auth.guard.js';
import { MinRole } from '../auth/roles.js';
import { parseBody } from '../common/validate.js';
import { SERVER_CONFIG, type ServerConfig } from '../common/config.js';
import { Api } from '../common/api-docs.js';
import { schemaOverridesSchema } from '../scripts/scripts.controller.js';
import { JobWaiter } from './job-waiter.js';
import { JobsService, type ScriptPreview } from './jobs.service.js';
import { answerJob, answerQueued, waitOk } from './webhook-shape.js';

/** Windmill's `Preview`: code that is not deployed, with its arguments. */
const scriptPreviewSchema = {
  type: 'object',
  required: ['language', 'content'],
  additionalProperties: false,
  properties: {
    language: { enum: LANGUAGES },
    content: { type: 'string', minLength: 1 },
    args: {
      type: 'object',
      additionalProperties: true,
      description: "Checked against the schema `main`'s signature reads as.",
    },
    path: { type: 'string', maxLength: 255, description: 'Where it will be deployed, if known; shown with the job.' },
    tag: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$', description: 'Worker group. Default: default.' },
    schema_overrides: schemaOverridesSchema,
    // Accepted for Windmill compatibility; Runnel reads the content itself.
    kind: { type: 'string' },
    lock: { type: ['string', 'null'] },
    script_hash: { type: ['string', 'null'] },
    dedicated_worker: { type: 'boolean' },
  },
} as const;

/**
 * A preview given a path is shown with, and visible as, that path's jobs: its author must be
 * allowed to write there (auth/path-access.ts); one without a path is its author's alone.
 */
function assertPreviewPath(req: AuthedRequest, preview: ScriptPreview): void {
  if (preview.path !== undefined) req.access!.assert(preview.path, 'write', 'script');
}

/** Runs of code that is not deployed (an editor's "Test"): developer and above. Flows: flows/flow-previews.controller.ts. */
@ApiTags('jobs')
@Controller('api/w/:workspace')
export class PreviewsController {
  constructor(
    @Inject(JobsService) private readonly jobs: JobsService,
    @Inject(JobWaiter) private readonly waiter: JobWaiter,
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
  ) {}

  @Api({
    id: 'runScriptPreview',
    summary: 'Run code that is not deployed',
    description:
      "Reads `main`'s parameters as a deploy would and checks `args` against them, and locks the packages the " +
      'code imports (a lock of the same packages from the last few minutes is reused). A job of kind `preview`.',
    body: scriptPreviewSchema,
    ok: { 201: { description: 'Queued.', text: 'The job id.' } },
    errors: [400, 413, 503],
  })
  @Post('jobs/run/preview')
  @MinRole('developer')
  async runScriptPreview(
    @Param('workspace') ws: string,
    @Body() body: unknown,
    @Req() req: AuthedRequest,
    @Res() reply: FastifyReply,
  ) {
    const preview = parseBody<ScriptPreview>(scriptPreviewSchema, body);
    assertPreviewPath(req, preview);
    await answerQueued(reply, await this.jobs.runPreview(ws, req.caller!.userId, preview, { from: req.ip }));
  }

  @Api({
    id: 'runScriptPreviewAndWaitResult',
    summary: 'Run code that is not deployed and wait for its result',
    body: scriptPreviewSchema,
    ok: waitOk,
    errors: [400, 413, 422, 503],
  })
  @Post('jobs/run_wait_result/preview')
  @MinRole('developer')
  async waitScriptPreview(
    @Param('workspace') ws: string,
    @Body() body: unknown,
    @Req() req: AuthedRequest,
    @Res() reply: FastifyReply,
  ) {
    const preview = parseBody<ScriptPreview>(scriptPreviewSchema, body);
    assertPreviewPath(req, preview);
    const id = await this.jobs.runPreview(ws, req.caller!.userId, preview, { from: req.ip });
    await answerJob(reply, id, await this.waiter.wait(ws, id, this.config.syncTimeoutMs));
  }
}
