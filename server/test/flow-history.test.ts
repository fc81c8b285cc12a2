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

/** A one-step flow whose step says `word`. */
const flowDoc = (word: string, summary: string) => ({
  summary,
  value: {
    modules: [
      { id: 'a', value: { type: 'rawscript', language: 'bash', content: `echo ${word}`, input_transforms: {} } },
    ],
  },
  schema: { type: 'object', properties: {} },
});

describe("a flow's history (flows/history/p, flows/get/v/…/p and GraphQL flowHistory, flowVersion)", () => {
  let h: Harness;
  /** A developer of workspace `other` only. */
  let other: string;
  const hashes: string[] = [];

  async function deployFlow(path: string, doc: Record<string, unknown>, token = TOKEN, workspace = 'main') {
    const res = await h.api(`/api/w/${workspace}/flows/create`, { method: 'POST', json: { path, ...doc }, token });
    assert.ok(res.status === 201 || res.status === 200, `${res.status} ${await res.text()}`);
    return res.headers.get('x-runnel-flow-version')!;
  }

  before(async () => {
    h = await startHarness();
    other = (await addUser(h, 'developer', { workspace: 'other' })).token;
    for (const [word, summary] of [
      ['one', 'first'],
      ['two', 'second'],
      ['three', 'third'],
    ]) {
      hashes.push(await deployFlow('f/hist/flow', flowDoc(word!, summary!)));
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
    assert.equal(new Set(hashes).size, 3);
    const res = await h.api('/api/w/main/flows/history/p/f/hist/flow');
    assert.equal(res.status, 200);
    const versions = (await res.json()) as Version[];
    assert.deepEqual(
      versions.map((v) => v.hash),
      [...hashes].reverse(),
    );
    assert.deepEqual(
      versions.map((v) => [v.summary, v.current, v.parent_hash]),
      [
        ['third', true, hashes[1]],
        ['second', false, hashes[0]],
        ['first', false, null],
      ],
    );
    const flow = await json(h.api('/api/w/main/flows/get/f/hist/flow'));
    for (const v of versions) {
      assert.equal(v.created_by, flow.created_by);
      assert.equal(v.created_by_username, 'admin');
      assert.equal(v.archived, false);
      assert.ok(!Number.isNaN(Date.parse(v.created_at)));
    }
    // No document in a history: a version is fetched on its own.
    assert.ok(!('value' in versions[0]!));
  });

  it('deploying the same document again adds no version', async () => {
    assert.equal(await deployFlow('f/hist/flow', flowDoc('three', 'third')), hashes[2]);
    const versions = (await json(h.api('/api/w/main/flows/history/p/f/hist/flow'))) as Version[];
    assert.equal(versions.length, 3);
  });

  it('pages', async () => {
    const first = (await json(h.api('/api/w/main/flows/history/p/f/hist/flow?per_page=2'))) as Version[];
    const second = (await json(h.api('/api/w/main/flows/history/p/f/hist/flow?per_page=2&page=2'))) as Version[];
    const past = (await json(h.api('/api/w/main/flows/history/p/f/hist/flow?per_page=2&page=3'))) as Version[];
    assert.deepEqual(
      [...first, ...second].map((v) => v.hash),
      [...hashes].reverse(),
    );
    assert.deepEqual(past, []);
  });

  it('gets an older version by its hash, with its own document', async () => {
    const res = await h.api(`/api/w/main/flows/get/v/${hashes[0]}/p/f/hist/flow`);
    assert.equal(res.status, 200);
    const v1 = await json(res);
    assert.equal(v1.hash, hashes[0]);
    assert.equal(v1.path, 'f/hist/flow');
    assert.equal(v1.summary, 'first');
    assert.equal(v1.value.modules[0].value.content, 'echo one');
    assert.equal(v1.parent_hash, null);
    // The latest by path is still the third.
    assert.equal((await json(h.api('/api/w/main/flows/get/f/hist/flow'))).hash, hashes[2]);
  });

  it('answers 400 for a bad path, page or version and 404 for a path or version that is not there', async () => {
    await deployFlow('f/hist/another', flowDoc('x', 'another'));
    const cases: [string, number, RegExp][] = [
      ['/api/w/main/flows/history/p/hello', 400, /invalid path/],
      ['/api/w/main/flows/history/p/f/x/../y', 400, /invalid path/],
      ['/api/w/main/flows/history/p/f/hist/flow?per_page=0', 400, /per_page must be an integer from 1 to 1000/],
      ['/api/w/main/flows/history/p/f/hist/flow?per_page=1001', 400, /per_page/],
      ['/api/w/main/flows/history/p/f/hist/flow?page=x', 400, /page must be an integer/],
      ['/api/w/main/flows/history/p/f/hist/nothing', 404, /flow "f\/hist\/nothing" not found/],
      [`/api/w/main/flows/get/v/${hashes[0]}/p/hello`, 400, /invalid path/],
      ['/api/w/main/flows/get/v/nothex/p/f/hist/flow', 400, /invalid flow version "nothex"/],
      ['/api/w/main/flows/get/v/0123456789abcdef/p/f/hist/flow', 404, /has no version "0123456789abcdef"/],
      // A real version, but of another path.
      [`/api/w/main/flows/get/v/${hashes[0]}/p/f/hist/another`, 404, /flow "f\/hist\/another" has no version/],
    ];
    for (const [url, status, message] of cases) {
      const res = await h.api(url);
      assert.equal(res.status, status, url);
      assert.match((await json(res)).error.message, message, url);
    }
  });

  it("keeps workspaces apart: another workspace's path or version is a 404 there, and main's is out of reach", async () => {
    // The same path deployed in `other` too: its history there is its own.
    const theirs = await deployFlow('f/hist/flow', flowDoc('elsewhere', 'theirs'), other, 'other');
    const there = (await json(h.api('/api/w/other/flows/history/p/f/hist/flow', { token: other }))) as Version[];
    assert.deepEqual(
      there.map((v) => v.hash),
      [theirs],
    );
    assert.equal((await h.api('/api/w/other/flows/history/p/f/hist/another', { token: other })).status, 404);
    const version = await h.api(`/api/w/other/flows/get/v/${hashes[0]}/p/f/hist/flow`, { token: other });
    assert.equal(version.status, 404);
    assert.equal((await h.api(`/api/w/main/flows/get/v/${theirs}/p/f/hist/flow`)).status, 404);
    const reach = await h.api('/api/w/main/flows/history/p/f/hist/flow', { token: other });
    assert.equal(reach.status, 403);
    const reachVersion = await h.api(`/api/w/main/flows/get/v/${hashes[0]}/p/f/hist/flow`, { token: other });
    assert.equal(reachVersion.status, 403);
    const answer = await gql(
      'query ($w: String!, $p: String!, $v: String!) { flowVersion(workspace: $w, path: $p, version: $v) { hash } }',
      { w: 'other', p: 'f/hist/flow', v: hashes[0] },
      other,
    );
    assert.equal(answer.errors?.[0]?.extensions.code, 'NOT_FOUND');
  });

  it('marks archived versions, and a deploy after archiving is the current one', async () => {
    await deployFlow('f/hist/gone', flowDoc('1', 'gone'));
    assert.equal((await h.api('/api/w/main/flows/archive/f/hist/gone', { method: 'POST' })).status, 200);
    const archived = (await json(h.api('/api/w/main/flows/history/p/f/hist/gone'))) as Version[];
    assert.deepEqual(
      archived.map((v) => [v.current, v.archived]),
      [[true, true]],
    );
    await deployFlow('f/hist/gone', flowDoc('1', 'gone'));
    const back = (await json(h.api('/api/w/main/flows/history/p/f/hist/gone'))) as Version[];
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
      `query ($w: String!, $p: String!, $v: String!) {
        flowHistory(workspace: $w, path: $p, perPage: 2) { hash parentHash summary createdByUsername current archived createdAt }
        flowVersion(workspace: $w, path: $p, version: $v) { hash summary value }
      }`,
      { w: 'main', p: 'f/hist/flow', v: hashes[0] },
    );
    assert.equal(answer.errors, undefined);
    assert.deepEqual(
      answer.data.flowHistory.map((v: { hash: string; current: boolean }) => [v.hash, v.current]),
      [
        [hashes[2], true],
        [hashes[1], false],
      ],
    );
    assert.equal(answer.data.flowHistory[0].createdByUsername, 'admin');
    assert.equal(answer.data.flowVersion.summary, 'first');
    assert.equal(answer.data.flowVersion.value.modules[0].value.content, 'echo one');
    const bad = await gql('query { flowHistory(workspace: "main", path: "nope") { hash } }', {});
    assert.equal(bad.errors?.[0]?.extensions.code, 'BAD_REQUEST');
    assert.match(bad.errors?.[0]?.message ?? '', /invalid path/);
    const big = await gql('query { flowHistory(workspace: "main", path: "f/hist/flow", perPage: 5000) { hash } }', {});
    assert.match(big.errors?.[0]?.message ?? '', /perPage must be an integer from 1 to 1000/);
  });
});
