import type { Access } from '../auth/path-access.js';
import { Inject, Injectable } from '@nestjs/common';
import type { FlowModule, InputTransforms } from '@runnel/api-contract';
import type { Language } from '@runnel/runtimes';
import { RunnelError, badRequest } from '../common/errors.js';
import { JobsService } from '../jobs/jobs.service.js';
import { ExpressionFailure } from './engine/scope.js';
import { FlowOrchestrator } from './flow-orchestrator.js';
import { FlowsService } from './flows.service.js';

/** The editor's "Test this step": one step of an unsaved flow, and what its expressions see. */
export interface StepPreview {
  module: unknown;
  flow_input?: Record<string, unknown>;
  results?: Record<string, unknown>;
  /** Absent: the flow input, as for a flow's first step. */
  previous_result?: unknown;
}

export interface StepPreviewAnswer {
  /** The queued job; null for an identity step, which runs nothing. */
  job_id: string | null;
  kind: 'preview' | 'script' | 'flow' | 'identity';
  /** The step's arguments, its input transforms evaluated against the given scope. */
  args: Record<string, unknown>;
  /** An identity step's result: the previous result, as in a run. */
  result?: unknown;
}

/**
 * Evaluates a step's input transforms with the orchestrator's own sandbox and engine code
 * (ADR 0031), then queues what the step runs as a run would: inline code as a preview job, a
 * script or a flow by path in the caller's workspace. Loops and branches are for "Test flow".
 */
@Injectable()
export class StepPreviews {
  constructor(
    @Inject(FlowsService) private readonly flows: FlowsService,
    @Inject(FlowOrchestrator) private readonly orchestrator: FlowOrchestrator,
    @Inject(JobsService) private readonly jobs: JobsService,
  ) {}

  /** `access`: the caller's, who may run by path only what they may read (auth/path-access.ts). */
  async run(access: Access, userId: string, body: StepPreview): Promise<StepPreviewAnswer> {
    const workspace = access.workspace;
    // The same checks as the step gets in a flow: the OpenFlow schema, a readable `main`, job size.
    const module = this.check(body.module);
    const flowInput = body.flow_input ?? {};
    const scope: Record<string, unknown> = {
      flow_input: flowInput,
      results: body.results ?? {},
      previous_result: 'previous_result' in body ? body.previous_result : flowInput,
    };
    const v = module.value;
    if (v.type === 'identity') return { job_id: null, kind: 'identity', args: {}, result: scope.previous_result };
    if (v.type !== 'rawscript' && v.type !== 'script' && v.type !== 'flow') {
      throw badRequest(`step "${module.id}" is a ${v.type}: test a loop or branch with Test flow`, [
        { field: 'module.value.type', message: 'test a loop or branch with Test flow' },
      ]);
    }
    const args = this.evaluate(v.input_transforms ?? {}, scope);
    switch (v.type) {
      case 'rawscript': {
        const job = await this.jobs.runPreview(workspace, userId, {
          language: v.language as Language,
          content: v.content,
          args,
          ...(v.tag ? { tag: v.tag } : {}),
        });
        return { job_id: job, kind: 'preview', args };
      }
      case 'script': {
        if (v.path) access.assert(v.path, 'read', 'script');
        const ref = v.hash ? { hash: v.hash } : { path: v.path };
        return { job_id: await this.jobs.runScript(workspace, userId, ref, args), kind: 'script', args };
      }
      case 'flow':
        access.assert(v.path, 'read', 'flow');
        return { job_id: await this.orchestrator.run(workspace, userId, { path: v.path }, args), kind: 'flow', args };
    }
  }

  /** The step checked as a one-step flow; errors name `module.…`, not the wrapper's path. */
  private check(step: unknown): FlowModule {
    try {
      return this.flows.checkRunnable({ summary: '', value: { modules: [step] } }).value.modules[0] as FlowModule;
    } catch (err) {
      if (!(err instanceof RunnelError)) throw err;
      const rename = (text: string) => text.replaceAll(/value\.modules(\[0\]|\.0)/g, 'module');
      const details = Array.isArray(err.details)
        ? err.details.map((d: { field?: string }) => (d.field ? { ...d, field: rename(d.field) } : d))
        : err.details;
      throw new RunnelError(err.code, rename(err.message).replace(/^invalid flow: /, 'invalid step: '), details);
    }
  }

  /** Every input, one at a time so an error names the input it comes from. */
  private evaluate(transforms: InputTransforms, scope: Record<string, unknown>): Record<string, unknown> {
    const args: Record<string, unknown> = {};
    for (const [name, t] of Object.entries(transforms)) {
      if (t === undefined) continue;
      try {
        const value = this.orchestrator.evaluateInput(name, t, scope);
        if (value !== undefined) args[name] = value;
      } catch (err) {
        if (!(err instanceof ExpressionFailure)) throw err;
        throw badRequest(`input "${name}" could not be evaluated: ${err.message}`, [
          { field: `input_transforms.${name}`, message: err.message },
        ]);
      }
    }
    return args;
  }
}
