import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { getIntrospectionQuery } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import pg from 'pg';
import WebSocket from 'ws';
import { TOKEN, startHarness, type Harness } from './harness.js';

type GqlError = { message: string; extensions: Record<string, unknown> };

/** Depth, alias and cost limits on /graphql (gql-limits.ts); the alias limit is set by env to 20 here. */
describe('GraphQL operation limits', () => {
  let h: Harness;
  let db: pg.Client;
  const clients: Client[] = [];

  before(async () => {
    // No worker runs: a job queued stays queued, so counting job rows counts what a request started.
    h = await startHarness({ RUNNEL_GRAPHQL_MAX_ALIASES: '20' });
    await h.deploy('f/lim/a', 'bash', 'echo a');
    db = new pg.Client({ connectionString: h.databaseUrl });
    await db.connect();
  });
  after(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await db?.end();
    await h?.close();
  });

  async function gql(query: string): Promise<{ status: number; data: unknown; errors?: GqlError[] }> {
    const res = await fetch(`${h.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ query }),
    });
    return { status: res.status, ...((await res.json()) as { data: unknown; errors?: GqlError[] }) };
  }

  const jobCount = async () => Number((await db.query('SELECT count(*) FROM job')).rows[0].count);
  const runs = (n: number) =>
    'mutation {' +
    Array.from({ length: n }, (_, i) => ` r${i}: runScript(workspace: "main", path: "f/lim/a") { id }`).join('') +
    ' }';

  /** A 400 before anything ran, naming the limit, its env variable and what was found. */
  function assertRefused(answer: { status: number; data: unknown; errors?: GqlError[] }, limit: string, env: RegExp) {
    assert.equal(answer.status, 400, JSON.stringify(answer));
    assert.equal(answer.data, null);
    const error = answer.errors![0]!;
    assert.equal(error.extensions.code, 'BAD_REQUEST');
    assert.match(error.message, env);
    assert.equal((error.extensions.details as { limit: string }).limit, limit);
  }

  it('200 runScript aliases queue no job: 400 naming the alias limit', async () => {
    const before = await jobCount();
    const answer = await gql(runs(200));
    assertRefused(answer, 'aliases', /200 aliases, the limit is 20 \(RUNNEL_GRAPHQL_MAX_ALIASES\)/);
    assert.equal(await jobCount(), before, 'no resolver ran');

    const ok = await gql(runs(20));
    assert.equal(ok.errors, undefined, JSON.stringify(ok.errors));
    assert.equal(await jobCount(), before + 20, 'up to the limit, every alias runs');
  });

  it('100,000 aliases are refused before GraphQL validates them', async () => {
    const query = '{' + Array.from({ length: 100_000 }, (_, i) => ` a${i}: __typename`).join('') + ' }';
    assertRefused(await gql(query), 'aliases', /100000 aliases/);
  });

  it('counts aliases inside fragments at each spread', async () => {
    const fragment =
      'fragment F on Query { ' + Array.from({ length: 5 }, (_, i) => `f${i}: __typename`).join(' ') + ' }';
    assertRefused(await gql(`{ ...F ... on Query { ...F ...F ...F ...F } } ${fragment}`), 'aliases', /25 aliases/);
  });

  it('refuses a query deeper than RUNNEL_GRAPHQL_MAX_DEPTH (20), and serves the standard introspection query', async () => {
    const intro = await gql(getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true }));
    assert.equal(intro.errors, undefined, JSON.stringify(intro.errors));
    let deep = 'name';
    for (let i = 0; i < 10; i++) deep = `fields { type { ${deep} } }`;
    assertRefused(await gql(`{ __schema { types { ${deep} } } }`), 'depth', /23 levels deep, the limit is 20/);
  });

  it("says a query nested beyond what GraphQL's parser can recurse into is too deep", async () => {
    const deepSelection = '{' + 'a{'.repeat(5000) + 'b' + '}'.repeat(5001);
    const deepLiteral = `mutation { runScript(workspace: "main", path: "f/lim/a", args: ${'['.repeat(5000)}${']'.repeat(5000)}) { id } }`;
    const before = await jobCount();
    for (const query of [deepSelection, deepLiteral]) {
      const answer = await gql(query);
      assert.equal(answer.status, 400, JSON.stringify(answer));
      assert.equal(answer.errors![0]!.extensions.code, 'BAD_REQUEST');
      assert.match(answer.errors![0]!.message, /^the query is nested too deeply to parse: nest fewer fields/);
    }
    // Over the websocket Mercurius parses before any hook of ours and words the error itself: it is
    // still refused, runs nothing, and the connection goes on serving.
    const client = createClient({
      url: `${h.url.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${TOKEN}` },
      retryAttempts: 0,
    });
    clients.push(client);
    for (const query of [deepSelection, deepLiteral]) {
      await assert.rejects(client.iterate({ query }).next(), (errors: GqlError[]) => {
        assert.ok(errors[0]!.message, JSON.stringify(errors));
        return true;
      });
    }
    const after = await client.iterate({ query: '{ __typename }' }).next();
    assert.deepEqual(after.value, { data: { __typename: 'Query' } });
    assert.equal(await jobCount(), before);
  });

  it('refuses more than RUNNEL_GRAPHQL_MAX_COST (1000) fields, repeated names and fragments included', async () => {
    assertRefused(await gql(`{ ${'__typename '.repeat(1001)}}`), 'cost', /1001 fields.*RUNNEL_GRAPHQL_MAX_COST/);
    const fragment = `fragment F on __Type { ${'name '.repeat(100)}}`;
    assertRefused(await gql(`{ __schema { types { ${'...F '.repeat(11)}} } } ${fragment}`), 'cost', /1102 fields/);
  });

  it('applies the limits over the websocket too: queries, mutations and subscriptions', async () => {
    const client = createClient({
      url: `${h.url.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${TOKEN}` },
      retryAttempts: 0,
    });
    clients.push(client);
    const before = await jobCount();
    const subscription = `subscription { jobUpdated(workspace: "main", id: "x") { ${Array.from(
      { length: 21 },
      (_, i) => `s${i}: status`,
    ).join(' ')} } }`;
    for (const query of [runs(21), subscription]) {
      await assert.rejects(client.iterate({ query }).next(), (errors: GqlError[]) => {
        assert.match(errors[0]!.message, /21 aliases, the limit is 20 \(RUNNEL_GRAPHQL_MAX_ALIASES\)/);
        return true;
      });
    }
    assert.equal(await jobCount(), before);
  });
});
