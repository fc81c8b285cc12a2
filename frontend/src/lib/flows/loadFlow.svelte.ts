import { api, type Schemas } from '$lib/api/client';
import { Loaded } from '$lib/api/loaded.svelte';
import { runScript, type RunOutcome } from '$lib/scripts/run';

/** A flow being loaded by path: `flow` once found, `missing` for a 404, `error` otherwise. */
export class FlowLoad extends Loaded<Schemas['Flow']> {
  constructor(
    readonly workspace: string,
    readonly path: string,
  ) {
    super(() => api.GET('/api/w/{workspace}/flows/get/{path}', { params: { path: { workspace, path } } }));
  }

  get flow(): Schemas['Flow'] | null {
    return this.value;
  }
}

/** One version of a flow being loaded, by path and hash: `missing` for a 404 (another path's hash too). */
export class FlowVersionLoad extends Loaded<Schemas['Flow']> {
  constructor(
    readonly workspace: string,
    readonly path: string,
    readonly hash: string,
  ) {
    super(() =>
      api.GET('/api/w/{workspace}/flows/get/v/{version}/p/{path}', {
        params: { path: { workspace, version: hash, path } },
      }),
    );
  }
}

/**
 * How long a flow's form waits before its run page takes over: a quick flow answers in the form,
 * a longer one is best watched step by step on its graph.
 */
export const FLOW_WAIT_MS = 1500;

/** The `run` a ScriptRunner takes to run the flow at `path`. */
export const flowRunner =
  (workspace: string, path: string) =>
  (args: Record<string, unknown>): Promise<RunOutcome> =>
    runScript(workspace, { flow: path }, args, FLOW_WAIT_MS);
