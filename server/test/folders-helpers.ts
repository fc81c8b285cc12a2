import { createClient, type Client } from 'graphql-ws';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { TOKEN, addUser, json, startHarness, type Harness } from './harness.js';

/** A member of `workspace` with `role`, by token and username (addUser names users `u<id>`). */
export async function member(
  h: Harness,
  role: string,
  workspace = 'main',
): Promise<{ token: string; username: string; grantee: string }> {
  const { id, token } = await addUser(h, role, { workspace });
  return { token, username: `u${id}`, grantee: `u/u${id}` };
}

/** A websocket GraphQL client of `token`; the caller disposes of it. */
export function wsClient(h: Harness, token: string): Client {
  return createClient({
    url: `${h.url.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
  });
}

/** The first result of a subscription: its data, or its errors' messages. */
export async function firstResult(
  client: Client,
  query: string,
): Promise<{ data?: Record<string, unknown>; errors?: string[] }> {
  try {
    for await (const result of client.iterate({ query })) {
      return result.errors
        ? { errors: result.errors.map((e) => e.message) }
        : { data: result.data as Record<string, unknown> };
    }
  } catch (err) {
    // graphql-ws ends the iteration with the operation's errors, as an array.
    if (Array.isArray(err)) return { errors: err.map((e: { message: string }) => e.message) };
    throw err;
  }
  return {};
}

/**
 * A server and worker with folder `f/sec` granting read to group `readers` (bob) and write to
 * carol and to a viewer, an open folder `f/open` (no row), one object of every kind in each and a
 * finished run of each one's script; alice, a developer, has no grant; `otherAdmin` is an admin
 * of workspace `other` only.
 */
export async function startFolders() {
  const h = await startHarness();
  await h.startWorker({ WORKER_GROUPS: 'default', WORKER_CONCURRENCY: '2' });
  const subject = `t${randomBytes(4).toString('hex')}`;
  const api = (path: string, token: string = TOKEN, init: RequestInit & { json?: unknown } = {}) =>
    h.api(`/api/w/main/${path}`, { ...init, token });
  const post = (path: string, body: unknown, token: string = TOKEN) => api(path, token, { method: 'POST', json: body });
  const ok = async (res: Promise<Response>, status = 201) => {
    const r = await res;
    assert.equal(r.status, status, await r.clone().text());
    return r;
  };
  const paths = async (path: string, token: string) =>
    ((await json(api(path, token))) as { path: string }[]).map((o) => o.path);

  /** One object of every kind at `f/<folder>/…`, and a finished run of its script. */
  async function populate(folder: string): Promise<string> {
    await h.deploy(`f/${folder}/job`, 'bash', `echo log-of-${folder}\necho result-of-${folder}`);
    // An inline step: a job with no path of its own, seen as its flow is.
    const step = { type: 'rawscript', language: 'bash', content: 'echo step', input_transforms: {} };
    const flow = { summary: '', value: { modules: [{ id: 'a', value: step }] }, schema: {} };
    await ok(post('flows/create', { path: `f/${folder}/flow`, ...flow }));
    await ok(post('variables/create', { path: `f/${folder}/var`, value: 'v', is_secret: false }));
    await ok(
      post('schedules/create', {
        path: `f/${folder}/sched`,
        schedule: '0 0 1 1 *',
        timezone: 'UTC',
        script_path: `f/${folder}/job`,
        is_flow: false,
        args: {},
        enabled: false,
      }),
    );
    const route = { http_method: 'post', is_flow: false, is_async: true, authentication_method: 'none' };
    await ok(
      post('http_triggers/create', {
        path: `f/${folder}/route`,
        route_path: `${folder}/hook`,
        script_path: `f/${folder}/job`,
        ...route,
      }),
    );
    await ok(
      post('nats_triggers/create', {
        path: `f/${folder}/nats`,
        subject: `${subject}.${folder}`,
        script_path: `f/${folder}/job`,
        enabled: false,
      }),
    );
    const id = await (await ok(post(`jobs/run/p/f/${folder}/job`, {}))).text();
    assert.equal((await h.waitJob(id)).status, 'success');
    return id;
  }

  const [alice, bob, carol, viewer] = [
    await member(h, 'developer'),
    await member(h, 'developer'),
    await member(h, 'developer'),
    await member(h, 'viewer'),
  ];
  const otherAdmin = await member(h, 'admin', 'other');
  await ok(post('groups/create', { name: 'readers', summary: 'read f/sec' }));
  await ok(post('groups/adduser/readers', { username: bob.username }), 200);
  await ok(
    post('folders/create', {
      name: 'sec',
      extra_perms: { 'g/readers': false, [carol.grantee]: true, [viewer.grantee]: true },
    }),
  );
  const secretJob = await populate('sec');
  const openJob = await populate('open');
  return { h, alice, bob, carol, viewer, otherAdmin, secretJob, openJob, api, post, ok, paths };
}

export type Folders = Awaited<ReturnType<typeof startFolders>>;
