/**
 * What "Test this step" gives the server to evaluate a step's inputs against (ADR 0031): the last
 * test run's results, and the result of the step that ran just before this one in it.
 */
import type { FlowModule, FlowValue } from '$openapi/flow';
import { findStep, locate, stepsIn } from './model';

/**
 * `previous_result` for step `id` from the last test run's results: the step before it in its list;
 * for the first step of a branch, the step before the branch (as in a run); for a flow's first step,
 * nothing (the server then uses `flow_input`, as a run does). Also nothing for the first step of a
 * loop body (a run gives it the iteration's value, which only Test flow has) and when that step did
 * not run in the last test.
 */
export function previousResult(
  value: FlowValue,
  id: string,
  lastResults: Record<string, unknown>,
): { value: unknown } | undefined {
  for (let at = id; ;) {
    const place = locate(value, at);
    if (!place) return undefined;
    const list = stepsIn(value, place.slot) ?? [];
    // The failure handler runs after the flow's last step.
    const before: FlowModule | undefined =
      place.slot.parent === 'failure' ? value.modules.at(-1) : list[place.index - 1];
    if (before) return before.id in lastResults ? { value: lastResults[before.id] } : undefined;
    if (place.slot.parent === null || place.slot.parent === 'failure') return undefined;
    const owner = findStep(value, place.slot.parent);
    if (!owner || owner.value.type === 'forloopflow' || owner.value.type === 'whileloopflow') return undefined;
    at = owner.id;
  }
}
