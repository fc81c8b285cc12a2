import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { buildClientSchema, buildSchema, getIntrospectionQuery, lexicographicSortSchema, printSchema } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import { DataSource } from 'typeorm';
import WebSocket from 'ws';
import { AuthService, hashToken } from '../src/auth/auth.service.js';
import { SCHEMA_FILE, buildSchemaText } from '../src/graphql/schema-file.js';
import { TOKEN, json, startHarness, type Harness } from './harness.js';

/** A GraphQL answer; tests read many shapes, and typing each would only restate the assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Answer = { status: number; data: any; errors?: { message: string; extensions: Record<string, unknown> }[] };

const JOB_FIELDS = 'id status result attempts scriptPath args startedAt completedAt';

describe('GraphQL at /graphql', () => {
  let h: Harness;
  /** A viewer of `main`, not a member of `other`. */
  let viewerToken: string;
  const clients: Client[] = [];

  before(async () => {
    h = await startHarness();
    await h.startWorker({ WORKER_GROUPS: 'default', WORKER_CONCURRENCY: '2' });
    const db = h.server.app.get(DataSource);
    const viewer = randomUUID();
    await db.query(`INSERT INTO workspace (id, name) VALUES ('other', 'Other')`);
    await db.query(`INSERT INTO app_user (id, email, username) VALUES ($1, 'v@runnel.local', 'viewer')`, [viewer]);
    await db.query(`INSERT INTO workspace_member (workspace_id, user_id, role) VALUES ('main', $1, 'viewer')`, [
      viewer,
    ]);
    viewerToken = await h.server.app.get(AuthService).createToken(viewer, 'test');
  });
  after(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await h?.close();
  });

  /** A GraphQL client: one POST per operation. */
  async function gql(
    query: string,
    variables?: Record<string, unknown>,
    token: string | null = TOKEN,
  ): Promise<Answer> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    const res = await fetch(`${h.url}/graphql`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query, variables }),
    });
    return { status: res.status, ...((await res.json()) as Omit<Answer, 'status'>) };
  }

  function wsClient(connectionParams: Record<string, unknown> = { authorization: `Bearer ${TOKEN}` }): Client {
    const client = createClient({
      url: `${h.url.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams,
      retryAttempts: 0,
    });
    clients.push(client);
    return client;
  }

  /** Every result of a subscription until it completes. */
  async function collect<T>(client: Client, query: string, variables: Record<string, unknown>): Promise<T[]> {
    const out: T[] = [];
    for await (const result of client.iterate({ query, variables })) {
      if (result.errors) throw new Error(JSON.stringify(result.errors));
      out.push(Object.values(result.data!)[0] as T);
    }
    return out;
  }

  async function runScript(path: string, args: unknown = {}): Promise<string> {
    const run = await gql(
      `mutation ($path: String!, $args: JSON) { runScript(workspace: "main", path: $path, args: $args) { id status } }`,
      { path, args },
    );
    assert.equal(run.errors, undefined, JSON.stringify(run.errors));
    assert.equal(run.data.runScript.status, 'QUEUED');
    return run.data.runScript.id;
  }

  it('schema.graphql is what the resolvers build, and what the server serves', async () => {
    const committed = await readFile(SCHEMA_FILE, 'utf8');
    assert.equal(
      await buildSchemaText(),
      committed,
      'schema.graphql is out of date: npm run generate:graphql -w server',
    );

    const intro = await gql(getIntrospectionQuery());
    assert.equal(intro.status, 200);
    const served = printSchema(lexicographicSortSchema(buildClientSchema(intro.data)));
    assert.equal(served, printSchema(lexicographicSortSchema(buildSchema(committed))));
  });

  it('deploys a script, runs it by mutation and follows jobUpdated to success', async () => {
    const created = await gql(
      `mutation ($input: CreateScriptInput!) {
         createScript(workspace: "main", input: $input) { path hash language schema }
       }`,
      { input: { path: 'f/gql/hello', language: 'BASH', content: 'name="$1"\nsleep 0.4\necho "hello $name"' } },
    );
    assert.equal(created.errors, undefined, JSON.stringify(created.errors));
    assert.equal(created.data.createScript.language, 'BASH');
    assert.deepEqual(Object.keys(created.data.createScript.schema.properties), ['name']);

    const list = await gql(`{ scripts(workspace: "main") { path hash } }`);
    assert.deepEqual(list.data.scripts, [{ path: 'f/gql/hello', hash: created.data.createScript.hash }]);

    // The script's own quotas, as over REST (disk_mb there).
    const quotas = await gql(
      `mutation { createScript(workspace: "main", input: {path: "f/gql/quotas", language: BASH, content: "echo", cpus: 0.5, diskMb: 64}) { cpus diskMb } }`,
    );
    assert.deepEqual(quotas.data?.createScript, { cpus: 0.5, diskMb: 64 }, JSON.stringify(quotas.errors));
    const rest = await json(h.api('/api/w/main/scripts/get/p/f/gql/quotas'));
    assert.equal(rest.disk_mb, 64);
    const one = await gql(`{ script(workspace: "main", path: "f/gql/hello") { content } }`);
    assert.match(one.data.script.content, /hello \$name/);

    const id = await runScript('f/gql/hello', { name: 'ada' });
    const updates = await collect<{ id: string; status: string; result: unknown }>(
      wsClient(),
      `subscription ($id: ID!) { jobUpdated(workspace: "main", id: $id) { ${JOB_FIELDS} } }`,
      { id },
    );
    const statuses = updates.map((u) => u.status);
    assert.equal(statuses.at(-1), 'SUCCESS', statuses.join());
    assert.ok(statuses.includes('RUNNING'), statuses.join());
    assert.equal(updates.at(-1)!.result, 'hello ada');
    assert.ok(updates.every((u) => u.id === id));

    const job = await gql(`query ($id: ID!) { job(workspace: "main", id: $id) { ${JOB_FIELDS} logs } }`, { id });
    assert.equal(job.data.job.status, 'SUCCESS');
    assert.deepEqual(job.data.job.args, { name: 'ada' });
    assert.match(job.data.job.logs, /hello ada/);

    const jobs = await gql(
      `{ jobs(workspace: "main", filter: {scriptPath: "f/gql/hello", status: SUCCESS}, page: {perPage: 5}) { id } }`,
    );
    assert.deepEqual(jobs.data.jobs, [{ id }]);

    // Finished already: the current state, then complete.
    const late = await collect<{ status: string }>(
      wsClient({ token: TOKEN }),
      `subscription ($id: ID!) { jobUpdated(workspace: "main", id: $id) { status } }`,
      { id },
    );
    assert.deepEqual(late, [{ status: 'SUCCESS' }]);
  });

  it('streams jobLogs while the script prints, and replays them to a late subscriber', async () => {
    await h.deploy('f/gql/printer', 'bash', 'for i in 1 2 3 4 5; do echo "line $i"; sleep 0.2; done\necho done');
    const id = await runScript('f/gql/printer');
    const started = Date.now();
    const arrivals: number[] = [];
    const chunks: { attempt: number; seq: number; text: string }[] = [];
    for await (const result of wsClient().iterate({
      query: `subscription ($id: ID!) { jobLogs(workspace: "main", id: $id) { attempt seq text } }`,
      variables: { id },
    })) {
      assert.equal(result.errors, undefined, JSON.stringify(result.errors));
      chunks.push(result.data!.jobLogs as (typeof chunks)[number]);
      arrivals.push(Date.now() - started);
    }
    const text = chunks.map((c) => c.text).join('');
    assert.equal(text, 'line 1\nline 2\nline 3\nline 4\nline 5\ndone\n');
    // Live: the batches came over the second the script ran, not all at its end.
    assert.ok(chunks.length >= 3, `${chunks.length} chunks`);
    assert.ok(arrivals.at(-1)! - arrivals[0]! >= 500, arrivals.join());
    const keys = chunks.map((c) => `${c.attempt}:${c.seq}`);
    assert.equal(new Set(keys).size, keys.length, 'no batch twice');

    const replay = await collect<{ text: string }>(
      wsClient(),
      `subscription ($id: ID!) { jobLogs(workspace: "main", id: $id) { text } }`,
      { id },
    );
    assert.equal(replay.map((c) => c.text).join(''), text);
  });

  it('runs a flow and cancels a job by mutation', async () => {
    const deployed = await h.api('/api/w/main/flows/create', {
      method: 'POST',
      json: {
        path: 'f/gql/flow',
        value: {
          modules: [
            {
              id: 'a',
              value: {
                type: 'rawscript',
                language: 'bash',
                content: 'x="$1"\necho "got $x"',
                input_transforms: { x: { type: 'static', value: 'abc' } },
              },
            },
          ],
        },
        schema: { type: 'object', properties: { x: { type: 'string' } }, required: ['x'] },
      },
    });
    assert.equal(deployed.status, 201, await deployed.clone().text());
    const flows = await gql(`{ flows(workspace: "main") { path } }`);
    assert.deepEqual(flows.data.flows, [{ path: 'f/gql/flow' }]);

    const run = await gql(`mutation { runFlow(workspace: "main", path: "f/gql/flow", args: {x: "abc"}) { id kind } }`);
    assert.equal(run.errors, undefined, JSON.stringify(run.errors));
    assert.equal(run.data.runFlow.kind, 'flow');
    const updates = await collect<{ status: string; result: unknown }>(
      wsClient(),
      `subscription ($id: ID!) { jobUpdated(workspace: "main", id: $id) { status result } }`,
      { id: run.data.runFlow.id },
    );
    assert.deepEqual(updates.at(-1), { status: 'SUCCESS', result: 'got abc' });

    await h.deploy('f/gql/sleepy', 'bash', 'sleep 30');
    const id = await runScript('f/gql/sleepy');
    const cancel = `mutation ($id: ID!) { cancelJob(workspace: "main", id: $id, reason: "enough") { status result } }`;
    const canceled = await gql(cancel, { id });
    assert.equal(canceled.errors, undefined, JSON.stringify(canceled.errors));
    assert.equal(canceled.data.cancelJob.status, 'CANCELED');
    assert.match(canceled.data.cancelJob.result.error.message, /canceled by admin: enough/);
    const again = await gql(cancel, { id });
    assert.equal(again.errors![0]!.extensions.code, 'CONFLICT');
  });

  it('refuses HTTP requests without a valid token (401), introspection included', async () => {
    for (const token of [null, 'not-a-token']) {
      for (const query of [`{ scripts(workspace: "main") { path } }`, `{ __schema { queryType { name } } }`]) {
        const res = await gql(query, undefined, token);
        assert.equal(res.status, 401);
        assert.equal(res.data, null);
        assert.equal(res.errors![0]!.extensions.code, 'UNAUTHENTICATED');
        assert.match(res.errors![0]!.message, token ? /invalid token/ : /missing token/);
      }
    }
  });

  it('checks workspace roles like REST: a viewer reads but may not run (FORBIDDEN, same message)', async () => {
    await h.deploy('f/gql/role', 'bash', 'echo hi');
    const read = await gql(`{ scripts(workspace: "main") { path } }`, undefined, viewerToken);
    assert.equal(read.errors, undefined);
    const gqlRun = await gql(`mutation { runScript(workspace: "main", path: "f/gql/role") { id } }`, {}, viewerToken);
    const restRun = await h.api('/api/w/main/jobs/run/p/f/gql/role', { method: 'POST', json: {}, token: viewerToken });
    assert.equal(restRun.status, 403);
    assert.equal(gqlRun.status, 200);
    assert.equal(gqlRun.data, null);
    assert.equal(gqlRun.errors![0]!.extensions.code, 'FORBIDDEN');
    assert.equal(gqlRun.errors![0]!.message, (await json(restRun)).error.message);
    assert.equal(JSON.stringify(gqlRun).includes('    at '), false, 'no stack trace');
  });

  it('lets a token limited to running one path run it, and nothing else', async () => {
    await h.deploy('f/gql/allowed', 'bash', 'echo allowed');
    const limited = 'limited-' + randomUUID();
    const db = h.server.app.get(DataSource);
    await db.query(
      `INSERT INTO api_token (id, token_hash, label, user_id, scopes)
       SELECT $1, $2, 'limited', user_id, ARRAY['run:script/f/gql/allowed'] FROM api_token WHERE token_hash = $3`,
      [randomUUID(), hashToken(limited), hashToken(TOKEN)],
    );
    const allowed = await gql(`mutation { runScript(workspace: "main", path: "f/gql/allowed") { id } }`, {}, limited);
    assert.equal(allowed.errors, undefined, JSON.stringify(allowed.errors));
    for (const query of [
      `mutation { runScript(workspace: "main", path: "f/gql/role") { id } }`,
      `{ scripts(workspace: "main") { path } }`,
    ]) {
      const refused = await gql(query, {}, limited);
      assert.equal(refused.errors![0]!.extensions.code, 'FORBIDDEN');
      assert.match(refused.errors![0]!.message, /this token is limited to running script f\/gql\/allowed/);
    }
  });

  it('refuses a websocket with a bad token (4401) and a subscription outside the caller’s workspaces', async () => {
    const closed = new Promise<{ code: number; reason: string }>((resolve) => {
      const client = wsClient({ authorization: 'Bearer wrong' });
      client.on('closed', (event) => resolve(event as { code: number; reason: string }));
      client.subscribe({ query: '{ __typename }' }, { next() {}, error() {}, complete() {} });
    });
    const { code, reason } = await closed;
    assert.equal(code, 4401);
    assert.equal(reason, 'invalid token');

    const missing = await new Promise<{ code: number; reason: string }>((resolve) => {
      const client = wsClient({});
      client.on('closed', (event) => resolve(event as { code: number; reason: string }));
      client.subscribe({ query: '{ __typename }' }, { next() {}, error() {}, complete() {} });
    });
    assert.equal(missing.code, 4401);
    assert.match(missing.reason, /missing token/);

    const id = await runScript('f/gql/role');
    const forbidden = wsClient({ authorization: `Bearer ${viewerToken}` }).iterate({
      query: `subscription ($id: ID!) { jobUpdated(workspace: "other", id: $id) { status } }`,
      variables: { id },
    });
    await assert.rejects(forbidden.next(), (errors: { message: string; extensions: { code: string } }[]) => {
      assert.equal(errors[0]!.extensions.code, 'FORBIDDEN');
      assert.equal(errors[0]!.message, 'you are not a member of workspace "other"');
      return true;
    });

    // An id that could not be a NATS subject token is an unknown job, not an internal error.
    for (const field of ['jobUpdated', 'jobLogs']) {
      const invalid = wsClient().iterate({
        query: `subscription ($id: ID!) { ${field}(workspace: "main", id: $id) { __typename } }`,
        variables: { id: 'a b.>' },
      });
      await assert.rejects(invalid.next(), (errors: { message: string; extensions: { code: string } }[]) => {
        assert.equal(errors[0]!.extensions.code, 'NOT_FOUND', field);
        assert.equal(errors[0]!.message, 'job "a b.>" not found in workspace "main"');
        return true;
      });
    }
  });

  it('answers bad input with the REST message: unknown workspace, invalid arguments, bad JSON, bad query', async () => {
    const gqlList = await gql(`{ scripts(workspace: "nope") { path } }`);
    const restList = await h.api('/api/w/nope/scripts/list');
    assert.equal(restList.status, 404);
    assert.equal(gqlList.errors![0]!.extensions.code, 'NOT_FOUND');
    assert.equal(gqlList.errors![0]!.message, (await json(restList)).error.message);

    await h.deploy('f/gql/typed', 'python3', 'def main(a: int, b: str = "x"):\n    return a');
    const bad = { a: 'not a number', c: 1 };
    const gqlRun = await gql(
      `mutation ($args: JSON) { runScript(workspace: "main", path: "f/gql/typed", args: $args) { id } }`,
      {
        args: bad,
      },
    );
    const restRun = await h.api('/api/w/main/jobs/run/p/f/gql/typed', { method: 'POST', json: bad });
    assert.equal(restRun.status, 400);
    const restError = (await json(restRun)).error;
    assert.equal(gqlRun.errors![0]!.message, restError.message);
    assert.equal(gqlRun.errors![0]!.extensions.code, 'BAD_REQUEST');
    assert.equal(gqlRun.errors![0]!.extensions.reason, 'invalid_arguments');
    assert.deepEqual(gqlRun.errors![0]!.extensions.details, restError.details);

    // The same arguments written inline in the query.
    const inline = await gql(`mutation { runScript(workspace: "main", path: "f/gql/typed", args: {a: "x"}) { id } }`);
    assert.equal(inline.errors![0]!.extensions.reason, 'invalid_arguments');

    const badDeploy = await gql(
      `mutation { createScript(workspace: "main", input: {path: "nope", language: BASH, content: "echo", tag: "a b"}) { hash } }`,
    );
    assert.equal(badDeploy.errors![0]!.extensions.code, 'BAD_REQUEST');
    assert.match(badDeploy.errors![0]!.message, /^invalid request: tag must match pattern/);

    // The server's JSON body parser serves /graphql too: a broken body is a GraphQL-shaped 400.
    const broken = await fetch(`${h.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: '{"query": ',
    });
    assert.equal(broken.status, 400);
    const brokenBody = (await json(broken)) as Answer;
    assert.equal(brokenBody.errors![0]!.extensions.code, 'BAD_REQUEST');
    assert.match(brokenBody.errors![0]!.message, /body is not valid JSON/);

    // Mercurius's own content type: the body is the query.
    const plain = await fetch(`${h.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/graphql', authorization: `Bearer ${TOKEN}` },
      body: '{ __typename }',
    });
    assert.deepEqual(await json(plain), { data: { __typename: 'Query' } });

    // Valid JSON that is no GraphQL (Mercurius would take it for a parsed document) and a
    // subscription sent over HTTP: the request's fault, each with what to do instead.
    for (const query of ['{}', '5']) {
      const notDocument = await gql(query);
      assert.equal(notDocument.status, 400, query);
      assert.match(notDocument.errors![0]!.message, /^query is not a GraphQL document/);
    }
    const overHttp = await gql(`subscription { jobUpdated(workspace: "main", id: "x") { id } }`);
    assert.equal(overHttp.status, 400);
    assert.match(overHttp.errors![0]!.message, /^a subscription needs a websocket/);

    const syntax = await gql(`{ scripts(workspace: "main") { path `);
    assert.equal(syntax.status, 400);
    assert.match(syntax.errors![0]!.message, /Syntax Error/);
    const unknown = await gql(`{ job(workspace: "main", id: "not-a-uuid") { id } }`);
    assert.equal(unknown.errors![0]!.extensions.code, 'NOT_FOUND');
    assert.equal(unknown.errors![0]!.message, 'job "not-a-uuid" not found in workspace "main"');

    // REST routes keep their own error shape next to GraphQL.
    const rest = await h.api('/api/w/main/jobs/run/p/f/gql/typed', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{',
    });
    assert.equal(rest.status, 400);
    assert.equal((await json(rest)).error.code, 'invalid_json');
  });
});
