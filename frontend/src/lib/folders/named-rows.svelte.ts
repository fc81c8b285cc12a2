import { api, messageOf, type Schemas } from '$lib/api/client';
import { failureOf } from './answer';

/** The two kinds of named rows a workspace keeps for permissions, by their API's name. */
interface Kinds {
  folders: Schemas['Folder'];
  groups: Schemas['Group'];
}

/**
 * The folders or the groups of a workspace, as the Folders and Groups pages show them: loaded,
 * created and deleted the same way (`{kind}/list`, `{kind}/create`, `{kind}/delete/{name}`).
 */
export class NamedRows<K extends keyof Kinds> {
  rows = $state.raw<Kinds[K][] | null>(null);
  error = $state('');

  constructor(
    private readonly kind: K,
    private readonly workspace: () => string | null,
  ) {}

  async load(): Promise<void> {
    const workspace = this.workspace();
    if (!workspace) return;
    this.error = '';
    const res = await api.GET(`/api/w/{workspace}/${this.kind as keyof Kinds}/list`, {
      params: { path: { workspace } },
    });
    if (res.data) this.rows = res.data as Kinds[K][];
    else this.error = messageOf(res.error, res.response);
  }

  /** Creates one; what went wrong, or null. */
  async create(name: string, summary: string): Promise<string | null> {
    const res = await api.POST(`/api/w/{workspace}/${this.kind as keyof Kinds}/create`, {
      params: { path: { workspace: this.workspace()! } },
      body: { name, summary },
      parseAs: 'text',
    });
    const failed = failureOf(res);
    if (!failed) await this.load();
    return failed;
  }

  /** Deletes one; what went wrong, or null. */
  async remove(name: string): Promise<string | null> {
    const res = await api.DELETE(`/api/w/{workspace}/${this.kind as keyof Kinds}/delete/{name}`, {
      params: { path: { workspace: this.workspace()!, name } },
      parseAs: 'text',
    });
    const failed = failureOf(res);
    if (!failed) await this.load();
    return failed;
  }
}
