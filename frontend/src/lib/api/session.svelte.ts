import { api, messageOf, type Schemas } from './client';

type Workspace = Schemas['UserWorkspace'];
export interface User {
  user_id: string;
  username: string;
  /** May create users and workspaces, and read the instance's audit log. */
  instance_admin: boolean;
}
export type Credentials = { login: string; password: string } | { token: string };

const WORKSPACE_KEY = 'runnel.workspace';

/**
 * Who is signed in, their workspaces and the one they are working in (remembered per browser).
 * `load()` asks the server; the cookie itself is HttpOnly, so the page learns of a session only so.
 */
class Session {
  user = $state<User | null>(null);
  workspaces = $state<Workspace[]>([]);
  /** `loading` until the first answer; `error` holds the message when the server could not say. */
  status = $state<'loading' | 'ready' | 'error'>('loading');
  error = $state('');
  #chosen = $state<string | null>(null);

  /** The current workspace: the one chosen, while the user is still a member, else their first. */
  workspace = $derived(this.workspaces.find((w) => w.id === this.#chosen)?.id ?? this.workspaces[0]?.id ?? null);
  /** The user's role in the current workspace. */
  role = $derived(this.workspaces.find((w) => w.id === this.workspace)?.role ?? null);

  constructor() {
    if (typeof localStorage !== 'undefined') this.#chosen = localStorage.getItem(WORKSPACE_KEY);
  }

  choose(id: string): void {
    this.#chosen = id;
    localStorage.setItem(WORKSPACE_KEY, id);
  }

  /** Resolves with whether someone is signed in. */
  async load(): Promise<boolean> {
    const who = await api.GET('/api/auth/whoami');
    if (who.response.status === 401) {
      this.user = null;
      this.status = 'ready';
      return false;
    }
    if (!who.data) return this.fail(messageOf(who.error, who.response));
    const list = await api.GET('/api/workspaces/list');
    if (!list.data) return this.fail(messageOf(list.error, list.response));
    this.user = who.data;
    this.workspaces = list.data;
    this.status = 'ready';
    return true;
  }

  /** Signs in; resolves with the server's message when it refused. */
  async signIn(credentials: Credentials): Promise<string | null> {
    const res = await api.POST('/api/auth/session', { body: credentials });
    if (!res.data) return messageOf(res.error, res.response);
    return (await this.load()) ? null : this.error || 'signed in, but the session was not kept (are cookies blocked?)';
  }

  async signOut(): Promise<void> {
    await api.POST('/api/auth/logout');
    this.user = null;
    this.workspaces = [];
  }

  private fail(message: string): false {
    this.status = 'error';
    this.error = message;
    return false;
  }
}

export const session = new Session();
