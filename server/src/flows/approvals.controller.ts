import { Body, Controller, Get, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { AuthedRequest } from '../auth/auth.guard.js';
import { MinRole } from '../auth/roles.js';
import { Api, listOf } from '../common/api-docs.js';
import { Approvals } from './approvals.js';
import { payloadSchema, rejectSchema, rejectedSchema, resumedSchema } from './resume.controller.js';

const rules =
  'The rules of the step apply as to a signed link answered signed in (ADR 0013): each member counts ' +
  'once, `self_approval_disabled` refuses whoever started the run. 403 says which rule refused; 409 when ' +
  'the step no longer waits.';

/**
 * Approvals in the app: a signed-in member (operator or above, the role that may run flows and
 * obtain links) answers a suspended step by its job id, without minting a link (ADR 0027).
 */
@ApiTags('approvals')
@Controller('api/w/:workspace/jobs')
export class ApprovalsController {
  constructor(@Inject(Approvals) private readonly approvals: Approvals) {}

  @Api({
    id: 'listFlowApprovals',
    summary: 'The steps of a flow run that wait for approval, as the caller would meet them',
    description: 'Empty when none waits (or the run ended). `answer_as` and `refusal` are for the caller.',
    params: { workspace: 'The workspace id.', id: 'The flow job id.' },
    ok: { 200: { description: 'The waiting approvals.', json: listOf('Approval') } },
    errors: [400, 404],
  })
  @Get('flow/approvals/:id')
  list(@Req() req: AuthedRequest, @Param('workspace') _ws: string, @Param('id') id: string) {
    return this.approvals.pending(req.access!, id, req.caller!);
  }

  @Api({
    id: 'approveStep',
    summary: 'Approve a suspended step as the signed-in member',
    description: `The body is the payload the next steps see as \`resume\`, checked against the step's resume form (400 with \`details\` by field). ${rules}`,
    params: { workspace: 'The workspace id.', id: 'The suspended step job id (`job` of listFlowApprovals).' },
    body: payloadSchema,
    bodyOptional: true,
    ok: { 200: { description: 'Approved.', json: resumedSchema } },
    errors: [400, 404, 409],
  })
  @Post('approvals/:id/approve')
  @MinRole('operator')
  @HttpCode(200)
  async approve(
    @Req() req: AuthedRequest,
    @Param('workspace') _ws: string,
    @Param('id') id: string,
    @Body() body: unknown,
  ) {
    const answer = { type: 'resume' as const, payload: body ?? {} };
    const { resumeId, approver } = await this.approvals.answerAsMember(req.access!, id, req.caller!, answer);
    return { resumed: id, resume_id: resumeId, approver };
  }

  @Api({
    id: 'rejectStep',
    summary: 'Reject a suspended step as the signed-in member',
    description: `The flow fails as rejected (or runs its failure module). ${rules}`,
    params: { workspace: 'The workspace id.', id: 'The suspended step job id.' },
    body: rejectSchema,
    bodyOptional: true,
    ok: { 200: { description: 'Rejected.', json: rejectedSchema } },
    errors: [400, 404, 409],
  })
  @Post('approvals/:id/reject')
  @MinRole('operator')
  @HttpCode(200)
  async reject(
    @Req() req: AuthedRequest,
    @Param('workspace') _ws: string,
    @Param('id') id: string,
    @Body() body: unknown,
  ) {
    const reason = (body as { reason?: unknown } | undefined)?.reason;
    const answer = { type: 'reject' as const, reason: typeof reason === 'string' ? reason : undefined };
    const { resumeId, approver } = await this.approvals.answerAsMember(req.access!, id, req.caller!, answer);
    return { rejected: id, resume_id: resumeId, approver };
  }
}
