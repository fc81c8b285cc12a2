import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { TOKEN, addUser, json, startHarness, type Harness } from './harness.js';

const bash = (content: string, input_transforms: Record<string, unknown> = {}) => ({
  type: 'rawscript',
  language: 'bash',
  content: [...Object.keys(input_transforms).map((name, i) => `${name}="$${i + 1}"`), content].join('\n'),
  input_transforms,
});
const js = (expr: string) => ({ type: 'javascript', expr });

interface Progress {
  id: string;
  status: string;
  flowStatus: { status: string; modules: { id: string; status: string; iterations?: unknown[] }[] } | null;
  steps: { id: string; flowStepId: string | null; kind: string; status: string }[];
}

type GqlErrors = { message: string; extensions: { code: string } }[];

const PROGRESS = `subscription ($workspace: String!, $id: ID!) {
  flowProgress(workspace: $workspace, id: $id) { id status flowStatus steps { id flowStepId kind status } }
}`;

describe('flowProgress subscription', () => {
  let h: Harness;
  const clients: Client[] = [];

  before(async () => {
    h = await startHarness();
    await h.startWorker({ WORKER_GROUPS: 'default', WORKER_CONCURRENCY: '2' });
  });
  after(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await h?.close();
  });

  function wsClient(token = TOKEN): Client {
    const client = createClient({
      url: `${h.url.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
    });
    clients.push(client);
    return client;
  }

  async function runFlow(path: string): Promise<string> {
    const res = await h.api(`/api/w/main/jobs/run/f/${path}`, { method: 'POST', json: {} });
    assert.equal(res.status, 201, await res.clone().text());
    return (await res.text()).trim();
  }

  before(async () => {
    const deployed = await h.api('/api/w/main/flows/create', {
      method: 'POST',
      json: {
        path: 'f/progress/loop',
        summary: 'loop and branch',
        value: {
          modules: [
            { id: 'first', value: bash('sleep 0.5; echo 2') },
            {
              id: 'each',
              value: {
                type: 'forloopflow',
                iterator: js('[1, 2]'),
                modules: [
                  { id: 'twice', value: bash('sleep 0.3; echo $(( x * 2 ))', { x: js('flow_input.iter.value') }) },
                ],
              },
            },
            {
              id: 'pick',
              value: {
                type: 'branchone',
                branches: [{ expr: 'results.first === 2', modules: [{ id: 'yes', value: bash('echo yes') }] }],
                default: [{ id: 'no', value: bash('echo no') }],
              },
            },
          ],
        },
        schema: { type: 'object', properties: {} },
      },
    });
    assert.equal(deployed.status, 201, await deployed.clone().text());
  });

  it('sends the flow now, then each step as it is queued, starts and ends, until the flow ends', async () => {
    const id = await runFlow('f/progress/loop');
    const seen: Progress[] = [];
    for await (const result of wsClient().iterate({ query: PROGRESS, variables: { workspace: 'main', id } })) {
      assert.equal(result.errors, undefined, JSON.stringify(result.errors));
      seen.push((result.data as { flowProgress: Progress }).flowProgress);
    }
    const last = seen.at(-1)!;
    assert.equal(last.id, id);
    assert.equal(last.status, 'SUCCESS');
    assert.deepEqual(
      last.flowStatus!.modules.map((m) => [m.id, m.status]),
      [
        ['first', 'success'],
        ['each', 'success'],
        ['pick', 'success'],
      ],
    );
    assert.equal(last.flowStatus!.modules[1]!.iterations!.length, 2);
    // Every step job, the loop's iterations included; the branch not taken ran nothing.
    assert.deepEqual(last.steps.map((s) => s.flowStepId).sort(), ['first', 'twice', 'twice', 'yes']);
    assert.ok(last.steps.every((s) => s.status === 'SUCCESS'));
    // Live: the first step was seen running before it ended, and the updates came one by one.
    assert.ok(seen.length >= 4, `only ${seen.length} updates`);
    assert.ok(
      seen.some((p) => p.steps.some((s) => s.flowStepId === 'first' && s.status === 'RUNNING')),
      JSON.stringify(seen.map((p) => p.steps.map((s) => `${s.flowStepId}:${s.status}`))),
    );
    // Steps the flow created after the subscription began were followed too: a loop iteration running.
    assert.ok(seen.some((p) => p.steps.some((s) => s.flowStepId === 'twice' && s.status === 'RUNNING')));
    // No update repeats the one before it.
    for (let i = 1; i < seen.length; i++) assert.notDeepEqual(seen[i], seen[i - 1]);
  });

  it('is scoped to the workspace: another workspace cannot subscribe to this flow', async () => {
    const id = await runFlow('f/progress/loop');
    const stranger = await addUser(h, 'admin', { workspace: 'elsewhere' });
    // Naming this workspace: not a member.
    const outside = wsClient(stranger.token).iterate({ query: PROGRESS, variables: { workspace: 'main', id } });
    await assert.rejects(outside.next(), (errors: GqlErrors) => {
      assert.equal(errors[0]!.extensions.code, 'FORBIDDEN');
      assert.equal(errors[0]!.message, 'you are not a member of workspace "main"');
      return true;
    });
    // Naming its own workspace: this flow is not there.
    const own = wsClient(stranger.token).iterate({ query: PROGRESS, variables: { workspace: 'elsewhere', id } });
    await assert.rejects(own.next(), (errors: GqlErrors) => {
      assert.equal(errors[0]!.extensions.code, 'NOT_FOUND');
      assert.equal(errors[0]!.message, `job "${id}" not found in workspace "elsewhere"`);
      return true;
    });
    await h.waitJob(id);
  });

  it('refuses a job that is not a flow, and an id that is no job', async () => {
    await h.deploy('f/progress/script', 'bash', 'echo hi');
    const script = await json(
      h.api('/api/w/main/jobs/run_wait_result/p/f/progress/script', { method: 'POST', json: {} }),
    );
    assert.equal(script, 'hi');
    const [row] = await json(h.api('/api/w/main/jobs/list?script_path=f/progress/script'));
    const notFlow = wsClient().iterate({ query: PROGRESS, variables: { workspace: 'main', id: row.id } });
    await assert.rejects(notFlow.next(), (errors: GqlErrors) => {
      assert.equal(errors[0]!.extensions.code, 'BAD_REQUEST');
      assert.match(errors[0]!.message, /is a script job, not a flow/);
      return true;
    });
    const invalid = wsClient().iterate({ query: PROGRESS, variables: { workspace: 'main', id: 'a b.>' } });
    await assert.rejects(invalid.next(), (errors: GqlErrors) => {
      assert.equal(errors[0]!.extensions.code, 'NOT_FOUND');
      return true;
    });
  });
});
