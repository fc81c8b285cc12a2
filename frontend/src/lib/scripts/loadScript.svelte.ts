import { api, type Schemas } from '$lib/api/client';
import { Loaded } from '$lib/api/loaded.svelte';

/** A script being loaded by path: `script` once found, `missing` for a 404, `error` otherwise. */
export class ScriptLoad extends Loaded<Schemas['Script']> {
  constructor(
    readonly workspace: string,
    readonly path: string,
  ) {
    super(() => api.GET('/api/w/{workspace}/scripts/get/p/{path}', { params: { path: { workspace, path } } }));
  }

  get script(): Schemas['Script'] | null {
    return this.value;
  }
}
