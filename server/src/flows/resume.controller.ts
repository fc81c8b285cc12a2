import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { MinRole, Public } from '../auth/roles.js';
import { SERVER_CONFIG, type ServerConfig } from '../config.js';
import { ApiTags } from '@nestjs/swagger';
import { badRequest, unauthorized } from '../common/errors.js';
import { JobsService } from '../jobs/jobs.service.js';
import { Api, type ApiDoc } from '../openapi/api-docs.js';
import { approvalPage } from './approval-page.js';
import { FlowOrchestrator } from './flow-orchestrator.js';
import { ResumeSigner } from './resume-signer.js';

const MAX_RESUME_ID = 2 ** 32 - 1;

function resumeIdOf(raw: string): number {
  const id = Number(raw);
  if (!Number.isInteger(id) || id < 0 || id > MAX_RESUME_ID) {
    throw badRequest(`resume id must be an integer from 0 to ${MAX_RESUME_ID}, got "${raw}"`);
  }
  return id;
}

/** `?payload=` carries the JSON payload of a link click, url-safe base64 like Windmill's. */
function payloadOf(body: unknown, query: Record<string, string | undefined>): unknown {
  if (body !== undefined) return body;
  if (!query.payload) return {};
  try {
    return JSON.parse(Buffer.from(query.payload, 'base64url').toString('utf8'));
  } catch {
    throw badRequest('payload must be url-safe base64 of a JSON value');
  }
}

const resumeUrlsSchema = {
  type: 'object',
  required: ['approvalPage', 'resume', 'cancel'],
  properties: { approvalPage: { type: 'string' }, resume: { type: 'string' }, cancel: { type: 'string' } },
} as const;
const resumedSchema = {
  type: 'object',
  required: ['resumed', 'resume_id'],
  properties: { resumed: { type: 'string', format: 'uuid' }, resume_id: { type: 'integer' } },
} as const;
const rejectedSchema = {
  type: 'object',
  required: ['rejected', 'resume_id'],
  properties: { rejected: { type: 'string', format: 'uuid' }, resume_id: { type: 'integer' } },
} as const;
const payloadSchema = { description: "The payload handed to the flow as the step's resume value." } as const;
const rejectSchema = {
  type: 'object',
  properties: { reason: { type: 'string', description: 'Why, shown in the flow error.' } },
} as const;

/** What every signed link shares: public, its parameters, its errors. */
const linkDoc = {
  public: true,
  params: {
    workspace: 'The workspace id.',
    id: 'The suspended step job id.',
    resumeId: 'The resume id (an integer) from getResumeUrls.',
    signature: "The link's HMAC.",
  },
  query: { approver: { schema: { type: 'string' }, description: 'Who approves; default anonymous.' } },
  errors: [400, 401, 404, 409],
} satisfies Partial<ApiDoc>;

/**
 * Approval of suspended flow steps. `resume_urls` is for an authenticated caller (a step
 * script, a UI) to obtain the links; the links themselves carry an HMAC and need no token.
 */
@ApiTags('approvals')
@Controller('api/w/:workspace')
export class ResumeController {
  constructor(
    @Inject(FlowOrchestrator) private readonly orchestrator: FlowOrchestrator,
    @Inject(ResumeSigner) private readonly signer: ResumeSigner,
    @Inject(JobsService) private readonly jobs: JobsService,
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
  ) {}

  @Api({
    id: 'getResumeUrls',
    summary: 'Signed links to resume or cancel a suspended step',
    query: { approver: { schema: { type: 'string' }, description: 'Named in the links.' } },
    ok: { 200: { description: 'The links.', json: resumeUrlsSchema } },
    errors: [400, 404],
  })
  @Get('jobs/resume_urls/:id/:resumeId')
  @MinRole('operator')
  async resumeUrls(
    @Param('workspace') ws: string,
    @Param('id') id: string,
    @Param('resumeId') rawResumeId: string,
    @Query('approver') approver: string | undefined,
    @Req() req: FastifyRequest,
  ) {
    const resumeId = resumeIdOf(rawResumeId);
    await this.jobs.get(ws, id);
    const base = this.config.baseUrl ?? `${req.protocol}://${req.headers.host}`;
    const tail = `${id}/${resumeId}/${this.signer.sign(ws, id, resumeId)}${approver ? `?approver=${encodeURIComponent(approver)}` : ''}`;
    const w = encodeURIComponent(ws);
    return {
      approvalPage: `${base}/api/w/${w}/jobs_u/approval_page/${tail}`,
      resume: `${base}/api/w/${w}/jobs_u/resume/${tail}`,
      cancel: `${base}/api/w/${w}/jobs_u/cancel/${tail}`,
    };
  }

  @Api({
    id: 'resumeSuspendedJobPost',
    summary: 'Resume a suspended step (signed link)',
    ...linkDoc,
    body: payloadSchema,
    bodyOptional: true,
    ok: { 200: { description: 'Resumed.', json: resumedSchema } },
  })
  @Public()
  @Post('jobs_u/resume/:id/:resumeId/:signature')
  @HttpCode(200)
  resumePost(@Param() p: LinkParams, @Query() query: Record<string, string | undefined>, @Body() body: unknown) {
    return this.resume(p, query, body);
  }

  @Api({
    id: 'resumeSuspendedJobGet',
    summary: 'Resume a suspended step (signed link, GET)',
    ...linkDoc,
    query: {
      ...linkDoc.query,
      payload: { schema: { type: 'string' }, description: 'The JSON payload in URL-safe base64.' },
    },
    ok: { 200: { description: 'Resumed.', json: resumedSchema } },
  })
  @Public()
  @Get('jobs_u/resume/:id/:resumeId/:signature')
  resumeGet(@Param() p: LinkParams, @Query() query: Record<string, string | undefined>) {
    return this.resume(p, query, undefined);
  }

  @Api({
    id: 'cancelSuspendedJobPost',
    summary: 'Reject a suspended step (signed link)',
    ...linkDoc,
    body: rejectSchema,
    bodyOptional: true,
    ok: { 200: { description: 'Rejected: the flow fails, or runs its failure module.', json: rejectedSchema } },
  })
  @Public()
  @Post('jobs_u/cancel/:id/:resumeId/:signature')
  @HttpCode(200)
  rejectPost(@Param() p: LinkParams, @Query() query: Record<string, string | undefined>, @Body() body: unknown) {
    const reason = (body as { reason?: unknown } | undefined)?.reason;
    return this.reject(p, query, typeof reason === 'string' ? reason : undefined);
  }

  @Api({
    id: 'cancelSuspendedJobGet',
    summary: 'Reject a suspended step (signed link, GET)',
    ...linkDoc,
    query: { ...linkDoc.query, reason: { schema: { type: 'string' }, description: 'Why.' } },
    ok: { 200: { description: 'Rejected.', json: rejectedSchema } },
  })
  @Public()
  @Get('jobs_u/cancel/:id/:resumeId/:signature')
  rejectGet(@Param() p: LinkParams, @Query() query: Record<string, string | undefined>) {
    return this.reject(p, query, query.reason);
  }

  @Api({
    id: 'getApprovalPage',
    summary: 'An HTML page with approve and reject buttons (signed link)',
    ...linkDoc,
    ok: { 200: { description: 'The page.', html: true } },
    errors: [400, 401, 404],
  })
  @Public()
  @Get('jobs_u/approval_page/:id/:resumeId/:signature')
  async page(@Param() p: LinkParams, @Query() query: Record<string, string | undefined>, @Res() reply: FastifyReply) {
    const resumeId = this.check(p);
    const step = await this.jobs.get(p.workspace, p.id);
    const flow = step.parent_job ? await this.jobs.get(p.workspace, step.parent_job) : undefined;
    const links = `${p.id}/${resumeId}/${p.signature}${query.approver ? `?approver=${encodeURIComponent(query.approver)}` : ''}`;
    await reply.type('text/html; charset=utf-8').send(
      approvalPage({
        flowPath: flow?.script_path ?? '(unsaved flow)',
        stepId: step.flow_step_id ?? '?',
        flowStatus: flow?.status ?? 'unknown',
        resumeUrl: `../../../resume/${links}`,
        cancelUrl: `../../../cancel/${links}`,
      }),
    );
  }

  private check(p: LinkParams): number {
    const resumeId = resumeIdOf(p.resumeId);
    if (!this.signer.verify(p.workspace, p.id, resumeId, p.signature)) {
      throw unauthorized('this approval link is not valid (bad signature)');
    }
    return resumeId;
  }

  private async resume(p: LinkParams, query: Record<string, string | undefined>, body: unknown) {
    const resumeId = this.check(p);
    await this.jobs.get(p.workspace, p.id);
    await this.orchestrator.resumeStep(p.id, {
      type: 'resume',
      job_id: p.id,
      resume_id: resumeId,
      approver: query.approver ?? 'anonymous',
      payload: payloadOf(body, query),
    });
    return { resumed: p.id, resume_id: resumeId };
  }

  private async reject(p: LinkParams, query: Record<string, string | undefined>, reason: string | undefined) {
    const resumeId = this.check(p);
    await this.jobs.get(p.workspace, p.id);
    await this.orchestrator.resumeStep(p.id, {
      type: 'reject',
      job_id: p.id,
      resume_id: resumeId,
      approver: query.approver ?? 'anonymous',
      reason,
    });
    return { rejected: p.id, resume_id: resumeId };
  }
}

interface LinkParams {
  workspace: string;
  id: string;
  resumeId: string;
  signature: string;
}
