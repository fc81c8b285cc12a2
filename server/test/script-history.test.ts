import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TOKEN, addUser, json, startHarness, type Harness } from './harness.js';

interface Version {
  hash: string;
  parent_hash: string | null;
  summary: string;
  created_by: string;
  created_by_username: string | null;
  created_at: string;
  archived: boolean;
  current: boolean;
}

describe("a script's history (scripts/history/p and GraphQL scriptHistory)", () => {
  let h: Harness;
  /** A developer of workspace `other` only. */
  let other: string;
  const hashes: string[] = [];

  before(async () => {
    h = await startHarness();
    other = (await addUser(h, 'developer', { workspace: 'other' })).token;
    for (const [i, summary] of ['first', 'second', 'third'].entries()) {
      hashes.push(await h.deploy('f/hist/greet', 'bash', `echo "v${i}"`, { summary }));
    }
  });
  after(async () => h?.close());

  async function gql(query: string, variables: Record<string, unknown>, token = TOKEN) {
    const res = await fetch(`${h.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return (await res.json()) as { data: any; errors?: { message: string; extensions: { code?: string } }[] };
  }

  it('lists every version newest first, with its author, and marks the current one', async () => {
    const res = await h.api('/api/w/main/scripts/history/p/f/hist/greet');
    assert.equal(res.status, 200);
    const versions = (await res.json()) as Version[];
    assert.deepEqual(
      versions.map((v) => v.hash),
      [...hashes].reverse(),
    );
    assert.deepEqual(
      versions.map((v) => v.summary),
      ['third', 'second', 'first'],
    );
    assert.deepEqual(
      versions.map((v) => v.current),
      [true, false, false],
    );
    assert.deepEqual(
      versions.map((v) => v.parent_hash),
      [hashes[1], hashes[0], null],
    );
    const script = await json(h.api('/api/w/main/scripts/get/p/f/hist/greet'));
    for (const v of versions) {
      assert.equal(v.created_by, script.created_by);
      assert.equal(v.created_by_username, 'admin');
      assert.equal(v.archived, false);
      assert.ok(!Number.isNaN(Date.parse(v.created_at)));
    }
    // No code in a history: a version's code is fetched by its hash.
    assert.ok(!('content' in versions[0]!));
  });

  it('pages', async () => {
    const first = (await json(h.api('/api/w/main/scripts/history/p/f/hist/greet?per_page=2'))) as Version[];
    const second = (await json(h.api('/api/w/main/scripts/history/p/f/hist/greet?per_page=2&page=2'))) as Version[];
    const past = (await json(h.api('/api/w/main/scripts/history/p/f/hist/greet?per_page=2&page=3'))) as Version[];
    assert.deepEqual(
      [...first, ...second].map((v) => v.hash),
      [...hashes].reverse(),
    );
    assert.deepEqual(past, []);
  });

  it('answers 400 for a bad path or page and 404 for a path without versions', async () => {
    const cases: [string, number, RegExp][] = [
      ['/api/w/main/scripts/history/p/hello', 400, /invalid path/],
      ['/api/w/main/scripts/history/p/f/x/../y', 400, /invalid path/],
      ['/api/w/main/scripts/history/p/f/hist/greet?per_page=0', 400, /per_page must be an integer from 1 to 1000/],
      ['/api/w/main/scripts/history/p/f/hist/greet?per_page=1001', 400, /per_page/],
      ['/api/w/main/scripts/history/p/f/hist/greet?page=x', 400, /page must be an integer/],
      ['/api/w/main/scripts/history/p/f/hist/nothing', 404, /script "f\/hist\/nothing" not found/],
    ];
    for (const [url, status, message] of cases) {
      const res = await h.api(url);
      assert.equal(res.status, status, url);
      assert.match((await json(res)).error.message, message, url);
    }
  });

  it("keeps workspaces apart: another workspace's path is a 404 there, and main's is out of reach", async () => {
    const there = await h.api('/api/w/other/scripts/history/p/f/hist/greet', { token: other });
    assert.equal(there.status, 404);
    const reach = await h.api('/api/w/main/scripts/history/p/f/hist/greet', { token: other });
    assert.equal(reach.status, 403);
    const answer = await gql(
      'query ($w: String!, $p: String!) { scriptHistory(workspace: $w, path: $p) { hash } }',
      { w: 'other', p: 'f/hist/greet' },
      other,
    );
    assert.equal(answer.errors?.[0]?.extensions.code, 'NOT_FOUND');
  });

  it('marks archived versions, and a deploy after archiving is the current one', async () => {
    await h.deploy('f/hist/gone', 'bash', 'echo 1');
    assert.equal((await h.api('/api/w/main/scripts/archive/p/f/hist/gone', { method: 'POST' })).status, 200);
    const archived = (await json(h.api('/api/w/main/scripts/history/p/f/hist/gone'))) as Version[];
    assert.deepEqual(
      archived.map((v) => [v.current, v.archived]),
      [[true, true]],
    );
    await h.deploy('f/hist/gone', 'bash', 'echo 2');
    const back = (await json(h.api('/api/w/main/scripts/history/p/f/hist/gone'))) as Version[];
    assert.deepEqual(
      back.map((v) => [v.current, v.archived]),
      [
        [true, false],
        [false, true],
      ],
    );
  });

  it('answers the same over GraphQL', async () => {
    const answer = await gql(
      `query ($w: String!, $p: String!) {
        scriptHistory(workspace: $w, path: $p, perPage: 2) { hash parentHash summary createdByUsername current archived createdAt }
      }`,
      { w: 'main', p: 'f/hist/greet' },
    );
    assert.equal(answer.errors, undefined);
    assert.deepEqual(
      answer.data.scriptHistory.map((v: { hash: string; current: boolean }) => [v.hash, v.current]),
      [
        [hashes[2], true],
        [hashes[1], false],
      ],
    );
    assert.equal(answer.data.scriptHistory[0].createdByUsername, 'admin');
    const bad = await gql('query { scriptHistory(workspace: "main", path: "nope") { hash } }', {});
    assert.equal(bad.errors?.[0]?.extensions.code, 'BAD_REQUEST');
    assert.match(bad.errors?.[0]?.message ?? '', /invalid path/);
    const big = await gql(
      'query { scriptHistory(workspace: "main", path: "f/hist/greet", perPage: 5000) { hash } }',
      {},
    );
    assert.match(big.errors?.[0]?.message ?? '', /perPage must be an integer from 1 to 1000/);
  });
});
