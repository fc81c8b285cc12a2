/** flowStatus: the per-module view of a run that jobs_u/get shows as `flow_status`. */
import type { FlowModule, FlowValue } from '@runnel/api-contract';
import { FAILURE, ROOT, branchKey, stepKey, type EngineState, type SeqNode, type StepNode } from './state.js';
import type { FlowRunState, FlowStatusView, ModuleStatusView, StepStatus } from './types.js';

export function flowStatus(def: FlowValue, runState: FlowRunState): FlowStatusView {
  const state = runState as EngineState;
  const view: FlowStatusView = { status: state.status, modules: seqView(state, def.modules, ROOT) };
  if (def.failure_module && FAILURE in state.nodes) {
    view.failure_module = moduleView(state, def.failure_module, FAILURE);
  }
  return view;
}

function seqView(state: EngineState, modules: FlowModule[], seqKey: string): ModuleStatusView[] {
  return modules.map((m) => moduleView(state, m, seqKey));
}

function seqStatus(seq: SeqNode | undefined): StepStatus {
  if (!seq) return 'waiting';
  if (seq.status === 'canceled') return 'failure';
  return seq.status;
}

function moduleView(state: EngineState, module: FlowModule, seqKey: string): ModuleStatusView {
  const key = stepKey(seqKey, module.id);
  const step = state.nodes[key] as StepNode | undefined;
  const v = module.value;
  if (!step) return { id: module.id, type: v.type, status: 'waiting' };
  const view: ModuleStatusView = { id: module.id, type: v.type, status: step.status };
  if (step.jobs.length > 0) view.job = step.jobs[step.jobs.length - 1];
  if (step.jobs.length > 1) view.jobs = [...step.jobs];
  if (step.message) view.message = step.message;
  if (step.suspend)
    view.approvers = step.suspend.approvals.map((a) => ({ resume_id: a.resume_id, approver: a.approver }));
  if (v.type === 'forloopflow' || v.type === 'whileloopflow') {
    view.iterations = (step.children ?? []).map((c) => {
      const seq = state.nodes[c] as SeqNode;
      return { index: seq.n!, status: seqStatus(seq), modules: seqView(state, v.modules, c) };
    });
  }
  if (v.type === 'branchone' && step.chosen !== undefined) {
    const chosen = step.chosen;
    const c = branchKey(key, chosen);
    const modules = chosen === 'default' ? v.default : v.branches[chosen].modules;
    view.branch_chosen = chosen;
    view.branches = [
      { index: chosen, status: seqStatus(state.nodes[c] as SeqNode), modules: seqView(state, modules, c) },
    ];
  }
  if (v.type === 'branchall' && step.children) {
    view.branches = v.branches.map((b, i) => {
      const c = branchKey(key, i);
      return {
        index: i,
        status: seqStatus(state.nodes[c] as SeqNode | undefined),
        modules: seqView(state, b.modules, c),
      };
    });
  }
  return view;
}
