import type { FlowRow, FlowsService } from './flows.service.js';
import type { ScriptRow } from '../scripts/script-row.js';
import type { ScriptsService } from '../scripts/scripts.service.js';
import { ErrorCode, RunnelError, badRequest } from '../common/errors.js';

/**
 * What a trigger (schedule, HTTP route, NATS subject) runs, checked when it is created or
 * changed: it must exist and not be archived. A mistake is a 400 on `field` that says what to fix.
 */
export async function requireTriggerTarget(
  scripts: ScriptsService,
  flows: FlowsService,
  workspace: string,
  path: string,
  isFlow: boolean,
  field = 'script_path',
): Promise<{ flow: FlowRow } | { script: ScriptRow }> {
  try {
    const row = isFlow ? await flows.getByPath(workspace, path) : await scripts.getByPath(workspace, path);
    if (row.archived)
      throw badRequest(`${field}: ${isFlow ? 'flow' : 'script'} "${path}" is archived; deploy it again`);
    return isFlow ? { flow: row as FlowRow } : { script: row as ScriptRow };
  } catch (err) {
    if (err instanceof RunnelError && err.code === ErrorCode.NotFound) {
      throw badRequest(`${field}: ${err.message}${isFlow ? '' : ' (set is_flow: true for a flow)'}`);
    }
    throw err;
  }
}
