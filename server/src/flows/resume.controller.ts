import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthedRequest } from '../auth/auth.guard.js';
import { MinRole, Public } from '../auth/roles.js';
import { parseJsonText } from '../common/json-depth.js';
import { Api, ref, type ApiDoc } from '../common/api-docs.js';
import { ApprovalLinks, type LinkParams, type LinkQuery } from './approval-links.js';

/** `?payload=` carries the JSON payload of a POST without a body, url-safe base64 like Windmill's. */
function payloadOf(body: unknown, query: LinkQuery): unknown {
  if (body !== undefined) return body;
  if (!query.payload) return {};
  return parseJsonText(
    Buffer.from(query.payload, 'base64url').toString('utf8'),
    '?payload=',
    'payload must be url-safe base64 of a JSON value',
  );
}

const resumeUrlsSchema = {
  type: 'object',
  required: ['approvalPage', 'resume', 'cancel'],
  properties: { approvalPage: { type: 'string' }, resume: { type: 'string' }, cancel: { type: 'string' } },
} as const;
export const resumedSchema = {
  type: 'object',
  required: ['resumed', 'resume_id', 'approver'],
  properties: {
    resumed: { type: 'string', format: 'uuid' },
    resume_id: { type: 'integer' },
    approver: {
      type: 'string',
      description: 'Who was recorded: the signed-in user, the name in the link, or anonymous.',
    },
  },
} as const;
export const rejectedSchema = {
  type: 'object',
  required: ['rejected', 'resume_id', 'approver'],
  properties: {
    rejected: { type: 'string', format: 'uuid' },
    resume_id: { type: 'integer' },
    approver: { type: 'string', description: 'Who was recorded.' },
  },
} as const;
export const payloadSchema = { description: "The payload handed to the flow as the step's resume value." } as const;
export const rejectSchema = {
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
  query: {
    approver: {
      schema: { type: 'string' },
      description: 'The approver name signed into the link by getResumeUrls; one added afterwards is refused (403).',
    },
  },
  errors: [400, 401, 404],
} satisfies Partial<ApiDoc>;

/** What answering (POST) adds: an optional sign-in, and the refusals of the step's approval rules. */
const answerDoc = {
  ...linkDoc,
  description:
    'Send `Authorization: Bearer <token>` (or, from the app, its session cookie with `X-Runnel-CSRF: 1`) to answer ' +
    "as a signed-in member (required by the step's `user_auth_required`); the approver recorded is that user, " +
    'else the name signed into the link, else anonymous. 400 when the payload does not fit the resume form ' +
    '(`details` by field); 403 when the approval rules refuse (this approver already approved, self-approval is ' +
    'disabled, the role is too low); 409 when the step is not waiting.',
  errors: [400, 401, 403, 404, 409],
} satisfies Partial<ApiDoc>;

const pageDoc = (what: string) =>
  ({
    ...linkDoc,
    summary: `Open a signed link (GET${what}): redirects to the app's approval page; changes nothing`,
    description:
      'The page (`/approve/{workspace}/{id}/{resumeId}/{signature}` in the app) shows the step and its resume form; its buttons POST. An altered link answers 401 or 403 here.',
    ok: { 303: { description: "To the app's approval page for this link (a relative Location).", empty: true } },
  }) satisfies Partial<ApiDoc>;

/**
 * Approval of suspended flow steps. `resume_urls` is for an authenticated caller (a step
 * script) to obtain the links; the links carry an HMAC. Opening a link (GET) only leads to the
 * app's page, since chat and mail clients fetch links to preview them; answering is a POST.
 * Members answer in the app without a link (approvals.controller.ts).
 */
@ApiTags('approvals')
@Controller('api/w/:workspace')
export class ResumeController {
  constructor(@Inject(ApprovalLinks) private readonly links: ApprovalLinks) {}

  @Api({
    id: 'getResumeUrls',
    summary: 'Signed links to resume or cancel a suspended step',
    description: 'The links start with RUNNEL_BASE_URL (default: the address the server listens on).',
    query: {
      approver: {
        schema: { type: 'string' },
        description: 'An approver name to sign into the links: who they answer as when not signed in.',
      },
    },
    ok: { 200: { description: 'The links.', json: resumeUrlsSchema } },
    errors: [400, 404],
  })
  @Get('jobs/resume_urls/:id/:resumeId')
  @MinRole('operator')
  resumeUrls(
    @Req() req: AuthedRequest,
    @Param('workspace') _ws: string,
    @Param('id') id: string,
    @Param('resumeId') resumeId: string,
    @Query('approver') approver: string | undefined,
  ) {
    return this.links.makeFor(req.access!, id, resumeId, approver);
  }

  @Api({
    id: 'resumeSuspendedJobPost',
    summary: 'Approve a suspended step (signed link)',
    ...answerDoc,
    query: {
      ...linkDoc.query,
      payload: {
        schema: { type: 'string' },
        description: 'The JSON payload in URL-safe base64, when no body is sent.',
      },
    },
    body: payloadSchema,
    bodyOptional: true,
    ok: { 200: { description: 'Approved.', json: resumedSchema } },
  })
  @Public()
  @Post('jobs_u/resume/:id/:resumeId/:signature')
  @HttpCode(200)
  async resume(@Req() req: FastifyRequest, @Param() p: LinkParams, @Query() q: LinkQuery, @Body() body: unknown) {
    const { resumeId, approver } = await this.links.answer(req, p, q, { type: 'resume', payload: payloadOf(body, q) });
    return { resumed: p.id, resume_id: resumeId, approver };
  }

  @Api({
    id: 'cancelSuspendedJobPost',
    summary: 'Reject a suspended step (signed link)',
    ...answerDoc,
    body: rejectSchema,
    bodyOptional: true,
    ok: { 200: { description: 'Rejected: the flow fails, or runs its failure module.', json: rejectedSchema } },
  })
  @Public()
  @Post('jobs_u/cancel/:id/:resumeId/:signature')
  @HttpCode(200)
  async reject(@Req() req: FastifyRequest, @Param() p: LinkParams, @Query() q: LinkQuery, @Body() body: unknown) {
    const reason = (body as { reason?: unknown } | undefined)?.reason;
    const answer = { type: 'reject' as const, reason: typeof reason === 'string' ? reason : undefined };
    const { resumeId, approver } = await this.links.answer(req, p, q, answer);
    return { rejected: p.id, resume_id: resumeId, approver };
  }

  @Api({
    id: 'getApprovalByLink',
    summary: 'The approval a signed link answers (JSON): the step, who may answer, its resume form',
    ...linkDoc,
    description:
      "What the app's approval page shows. Signed in (a bearer token, or the app's session), `answer_as` and " +
      '`refusal` are for that user; otherwise for the name signed into the link, or anonymous.',
    ok: { 200: { description: 'The approval.', json: ref('Approval') } },
  })
  @Public()
  @Get('jobs_u/approval/:id/:resumeId/:signature')
  view(@Req() req: FastifyRequest, @Param() p: LinkParams, @Query() q: LinkQuery) {
    return this.links.view(req, p, q);
  }

  @Api({ id: 'getApprovalPage', ...pageDoc('') })
  @Public()
  @Get('jobs_u/approval_page/:id/:resumeId/:signature')
  page(@Param() p: LinkParams, @Query() q: LinkQuery, @Res() reply: FastifyReply) {
    return this.toPage(p, q, reply);
  }

  @Api({ id: 'resumeSuspendedJobGet', ...pageDoc(' of a resume link') })
  @Public()
  @Get('jobs_u/resume/:id/:resumeId/:signature')
  resumePage(@Param() p: LinkParams, @Query() q: LinkQuery, @Res() reply: FastifyReply) {
    return this.toPage(p, q, reply);
  }

  @Api({ id: 'cancelSuspendedJobGet', ...pageDoc(' of a cancel link') })
  @Public()
  @Get('jobs_u/cancel/:id/:resumeId/:signature')
  cancelPage(@Param() p: LinkParams, @Query() q: LinkQuery, @Res() reply: FastifyReply) {
    return this.toPage(p, q, reply);
  }

  private async toPage(p: LinkParams, q: LinkQuery, reply: FastifyReply) {
    await reply.header('cache-control', 'no-store').redirect(this.links.pageLocation(p, q), 303);
  }
}
