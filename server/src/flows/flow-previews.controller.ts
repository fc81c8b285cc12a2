import { assertReadsReferences } from './flows.service.js';
import { Body, Controller, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AuthedRequest } from '../auth/auth.guard.js';
import { MinRole } from '../auth/roles.js';
import { Api, documented, ref } from '../common/api-docs.js';
import { parseBody } from '../common/validate.js';
import { answerQueued } from '../jobs/webhook-shape.js';
import { FlowOrchestrator } from './flow-orchestrator.js';
import { StepPreviews, type StepPreview, type StepPreviewAnswer } from './step-preview.js';

const previewSchema = {
  type: 'object',
  required: ['value'],
  properties: { value: { type: 'object' }, args: { type: 'object' }, schema: { type: 'object' } },
} as const;

/** One step of an unsaved flow, with the scope its expressions see (the editor's "Test this step"). */
const stepPreviewSchema = {
  type: 'object',
  required: ['module'],
  additionalProperties: false,
  properties: {
    module: { type: 'object', description: 'The step, as in a flow document.' },
    flow_input: {
      type: 'object',
      additionalProperties: true,
      description: '`flow_input` of its expressions: the arguments of the last test of the flow. Default: {}.',
    },
    results: {
      type: 'object',
      additionalProperties: true,
      description: '`results.<id>` of its expressions: the results of the last test run, by step id. Default: {}.',
    },
    previous_result: { description: '`previous_result` of its expressions. Default: flow_input, as for a first step.' },
  },
} as const;

const stepPreviewAnswerSchema = {
  type: 'object',
  required: ['job_id', 'kind', 'args'],
  properties: {
    job_id: { type: ['string', 'null'], description: 'The queued job; null for an identity step.' },
    kind: {
      enum: ['preview', 'script', 'flow', 'identity'],
      description: 'What was queued: inline code (a preview job), a script or a flow by path, or nothing.',
    },
    args: { type: 'object', additionalProperties: true, description: 'The input transforms, evaluated.' },
    result: { description: "An identity step's result: previous_result." },
  },
} as const;

/** Runs of a flow, or one of its steps, that is not saved (the flow editor's "Test"): developer and above. */
@ApiTags('jobs')
@Controller('api/w/:workspace')
export class FlowPreviewsController {
  constructor(
    @Inject(FlowOrchestrator) private readonly flows: FlowOrchestrator,
    @Inject(StepPreviews) private readonly steps: StepPreviews,
  ) {}

  /** Runs a flow that is not saved: `{value, args?, schema?}`; answers the job id. */
  @Api({
    id: 'runFlowPreview',
    summary: 'Run a flow that is not saved',
    body: documented(previewSchema, { value: ref('FlowValue') }),
    ok: { 201: { description: 'Queued.', text: 'The job id.' } },
    errors: [400, 413, 503],
  })
  @Post('jobs/run/preview_flow')
  @MinRole('developer')
  async runPreview(
    @Param('workspace') ws: string,
    @Body() body: unknown,
    @Req() req: AuthedRequest,
    @Res() reply: FastifyReply,
  ) {
    const preview = parseBody<{ value: unknown; args?: unknown; schema?: unknown }>(previewSchema, body);
    assertReadsReferences(req.access!, { summary: '', value: preview.value, schema: preview.schema });
    await answerQueued(
      reply,
      await this.flows.run(ws, req.caller!.userId, { preview }, preview.args, { from: req.ip }),
    );
  }

  @Api({
    id: 'runStepPreview',
    summary: 'Run one step of a flow that is not saved',
    description:
      "Evaluates the step's input transforms as a flow run would (the same QuickJS sandbox), against " +
      '`flow_input`, `results` and `previous_result` (usually those of the last test run), then queues what ' +
      'the step runs: inline code as a preview job, a script or a flow by path in this workspace. ' +
      'An identity step answers previous_result without a job; loops and branches are refused (test them ' +
      'with the whole flow). An expression that fails is a 400 naming the input.',
    body: documented(stepPreviewSchema, { module: ref('FlowModule') }),
    ok: { 201: { description: 'Queued (or, for an identity step, answered).', json: stepPreviewAnswerSchema } },
    errors: [400, 404, 413, 503],
  })
  @Post('jobs/run/preview_step')
  @MinRole('developer')
  async runStepPreview(
    @Param('workspace') _ws: string,
    @Body() body: unknown,
    @Req() req: AuthedRequest,
  ): Promise<StepPreviewAnswer> {
    return this.steps.run(req.access!, req.caller!.userId, parseBody<StepPreview>(stepPreviewSchema, body));
  }
}
