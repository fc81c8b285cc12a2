import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { decodeDepsPrefetch, type DepsPrefetch } from '@runnel/protocol';
import { DataSource } from 'typeorm';
import { JobPublisher } from '../src/jobs/job-publisher.js';
import { NATS } from '../src/nats/nats-token.js';
import type { Nats } from '../src/nats/nats.js';
import { MS_SCRIPT, assertLocksMs, missingPackage } from './deps-helpers.js';
import { json, startHarness, until, type Harness } from './harness.js';

describe('script dependencies at deploy', () => {
  let h: Harness;
  let db: DataSource;
  let prefetches: DepsPrefetch[];
  before(async () => {
    h = await startHarness({ RUNNEL_RELAY_INTERVAL_MS: '0' });
    db = h.server.app.get(DataSource);
    const nats = h.server.app.get<symbol, Nats>(NATS);
    prefetches = [];
    nats.nc.subscribe(nats.names.depsPrefetchSubject, {
      callback: (_err, msg) => void prefetches.push(decodeDepsPrefetch(msg.data)),
    });
  });
  after(async () => h?.close());

  const create = (path: string, content: string, language = 'bun') =>
    h.api('/api/w/main/scripts/create', { method: 'POST', json: { path, language, content } });
  const versions = async (path: string) =>
    Number((await db.query('SELECT count(*) AS n FROM script WHERE path = $1', [path]))[0].n);

  it('locks a Bun import at deploy, stores and shows the lock, and announces it to workers', async () => {
    const started = Date.now();
    const res = await create('f/deps/ms', MS_SCRIPT);
    const deployMs = Date.now() - started;
    assert.equal(res.status, 201, await res.clone().text());
    const hash = await res.text();
    console.log(`# deploy of a script importing ms@2.1.3 (npm lock on the server): ${deployMs} ms`);

    const byPath = await json(h.api('/api/w/main/scripts/get/p/f/deps/ms'));
    assertLocksMs(byPath.lock);
    const byHash = await json(h.api(`/api/w/main/scripts/get/h/${hash}`));
    assert.equal(byHash.lock, byPath.lock);
    const listed = (await json(h.api('/api/w/main/scripts/list'))) as { path: string; lock: string | null }[];
    assert.equal(listed.find((s) => s.path === 'f/deps/ms')?.lock, byPath.lock);
    const [row] = await db.query('SELECT lock FROM script WHERE hash = $1', [hash]);
    assert.equal(row.lock, byPath.lock);

    const announced = await until(async () => prefetches.find((p) => p.lock === byPath.lock));
    assert.equal(announced.language, 'bun');
  });

  it('relocks a redeploy: the same lock makes no version, a different one does', async () => {
    const first = await (await create('f/deps/again', MS_SCRIPT)).text();
    const { lock } = await json(h.api(`/api/w/main/scripts/get/h/${first}`));
    const again = await create('f/deps/again', MS_SCRIPT);
    assert.equal(again.status, 201, "Windmill's answer to any deploy");
    assert.equal(
      again.headers.get('x-runnel-new-version'),
      'false',
      'the same content and the same lock: no new version',
    );
    assert.equal(await again.text(), first);
    assert.equal(await versions('f/deps/again'), 1);
    assert.equal((await json(h.api(`/api/w/main/scripts/get/h/${first}`))).lock, lock);

    // As if the registry had moved on since that deploy: the stored lock is an older one.
    await db.query('UPDATE script SET lock = $2 WHERE hash = $1', [first, lock.replace('"2.1.3"', '"2.1.2"')]);
    const relocked = await create('f/deps/again', MS_SCRIPT);
    assert.equal(relocked.status, 201);
    assert.equal(
      relocked.headers.get('x-runnel-new-version'),
      'true',
      'a new lock is a new version of the same content',
    );
    const latest = await json(h.api('/api/w/main/scripts/get/p/f/deps/again'));
    assert.equal(latest.parent_hash, first);
    assert.equal(latest.lock, lock);
    assert.equal(await versions('f/deps/again'), 2);
  });

  it('stores no lock for code that imports no package', async () => {
    await h.deploy(
      'f/deps/plain',
      'bun',
      "import { join } from 'node:path';\nexport function main() { return join('a', 'b'); }",
    );
    await h.deploy('f/deps/shell', 'bash', 'echo hi');
    for (const path of ['f/deps/plain', 'f/deps/shell']) {
      assert.equal((await json(h.api(`/api/w/main/scripts/get/p/${path}`))).lock, null, path);
    }
  });

  it('answers 400 naming a package that cannot be resolved, and stores nothing', async () => {
    const name = missingPackage();
    const res = await create('f/deps/missing', `import x from '${name}';\nexport function main() { return x; }`);
    assert.equal(res.status, 400, await res.clone().text());
    const { error } = await json(res);
    assert.equal(error.code, 'bad_request');
    assert.match(error.message, new RegExp(`^this script: cannot resolve package "${name}": .*404`, 's'));
    assert.equal(error.details[0].field, 'content');
    assert.equal(error.details[0].package, name);
    assert.equal((await h.api('/api/w/main/scripts/get/p/f/deps/missing')).status, 404);
    assert.equal(await versions('f/deps/missing'), 0);

    // Imports no lock could serve are refused before any registry is asked.
    const twoRanges = await create(
      'f/deps/two_ranges',
      "import a from 'ms@1';\nimport b from 'ms@2';\nexport function main() { return [a, b]; }",
    );
    assert.equal(twoRanges.status, 400);
    assert.match(
      (await json(twoRanges)).error.message,
      /^this script: cannot resolve package "ms": ms is imported with two different versions/,
    );
    // pip's own words, when no Python index can be reached (none is, here).
    const python = await create(
      'f/deps/py',
      'import requests\n\ndef main():\n    return requests.__version__\n',
      'python3',
    );
    assert.equal(python.status, 400, await python.clone().text());
    assert.match((await json(python)).error.message, /^this script: cannot resolve package "requests": .*ERROR/s);
    assert.equal(await versions('f/deps/py'), 0);
  });

  it('shows the lock in GraphQL, and createScript locks as REST does', async () => {
    const gql = (query: string, variables: Record<string, unknown>) =>
      json(h.api('/graphql', { method: 'POST', json: { query, variables } }));
    const created = await gql(
      'mutation ($input: CreateScriptInput!) { createScript(workspace: "main", input: $input) { hash lock } }',
      { input: { path: 'f/deps/gql', language: 'BUN', content: MS_SCRIPT } },
    );
    assert.equal(created.errors, undefined, JSON.stringify(created.errors));
    assertLocksMs(created.data.createScript.lock);
    const read = await gql(
      'query { script(workspace: "main", path: "f/deps/gql") { lock } scripts(workspace: "main") { path lock } }',
      {},
    );
    assert.equal(read.data.script.lock, created.data.createScript.lock);
    assert.equal(read.data.scripts.find((s: { path: string }) => s.path === 'f/deps/gql').lock, read.data.script.lock);
    const name = missingPackage();
    const refused = await gql(
      'mutation ($input: CreateScriptInput!) { createScript(workspace: "main", input: $input) { hash } }',
      {
        input: {
          path: 'f/deps/gql_missing',
          language: 'BUN',
          content: `import x from '${name}';\nexport function main() { return x; }`,
        },
      },
    );
    assert.equal(refused.errors?.[0]?.extensions?.reason, 'bad_request', JSON.stringify(refused.errors));
    assert.match(refused.errors[0].message, new RegExp(name));
  });

  it('counts the lock in the job message: a 413 at deploy and at run that says the lock is the reason', async () => {
    const limit = h.server.app.get(JobPublisher).maxPayload();
    const padded = (n: number) => `${MS_SCRIPT}// ${'x'.repeat(n)}\n`;
    // The content alone just over the limit tells the size of everything else in the message.
    const probe = await json(create('f/deps/probe', padded(limit)));
    const fits = limit - (probe.error.details.size - limit);
    const { lock } = await json(h.api('/api/w/main/scripts/get/p/f/deps/ms'));
    // Fits without its lock, not with it.
    const res = await create('f/deps/heavy', padded(fits - Math.floor(lock.length / 2)));
    assert.equal(res.status, 413, await res.clone().text());
    const { error } = await json(res);
    assert.match(
      error.message,
      /^this script \(with no arguments\) would be a job message of \d+ bytes \(script \d+ bytes, arguments 2 bytes, dependency lock \d+ bytes\), over NATS's max_payload/,
    );
    assert.match(error.message, /its dependency lock is what makes it too large/);
    assert.equal(await versions('f/deps/heavy'), 0);

    // A version whose lock alone is too large (stored under a larger max_payload, say): its runs are refused.
    const hash = await h.deploy('f/deps/huge_lock', 'bash', 'echo hi');
    await db.query('UPDATE script SET lock = $2 WHERE hash = $1', [hash, 'x'.repeat(limit)]);
    const jobsBefore = Number((await db.query('SELECT count(*) AS n FROM job'))[0].n);
    const run = await h.api(`/api/w/main/jobs/run/h/${hash}`, { method: 'POST', json: {} });
    assert.equal(run.status, 413, await run.clone().text());
    assert.match(
      (await json(run)).error.message,
      new RegExp(`dependency lock ${limit} bytes\\), over NATS's max_payload`),
    );
    assert.equal(Number((await db.query('SELECT count(*) AS n FROM job'))[0].n), jobsBefore, 'nothing queued');
  });

  it('locks a preview at run time, reusing a recent lock of the same packages, and refuses an unknown one', async () => {
    const preview = (content: string) =>
      h.api('/api/w/main/jobs/run/preview', { method: 'POST', json: { language: 'bun', content, args: {} } });
    const lockOf = async (id: string) => (await db.query('SELECT lock FROM job WHERE id = $1', [id]))[0].lock;
    // Another package than the deploys above: the first preview resolves it.
    const content = "import leftPad from 'left-pad@1.3.0';\nexport function main() { return leftPad('1', 3, '0'); }";
    let started = Date.now();
    const first = await preview(content);
    const firstMs = Date.now() - started;
    assert.equal(first.status, 201, await first.clone().text());
    const lock = await lockOf(await first.text());
    assert.match(lock, /node_modules\/left-pad"/);
    started = Date.now();
    // The same imports in edited code: the lock is reused, no second resolution.
    const second = await preview(`${content}\n// edited`);
    const secondMs = Date.now() - started;
    assert.equal(second.status, 201);
    assert.equal(await lockOf(await second.text()), lock);
    console.log(`# preview importing left-pad: first ${firstMs} ms (npm lock), second ${secondMs} ms (remembered)`);
    assert.ok(secondMs < firstMs / 2, `the second preview resolved again: ${secondMs} ms against ${firstMs} ms`);

    const name = missingPackage();
    const refused = await preview(`import x from '${name}';\nexport function main() { return x; }`);
    assert.equal(refused.status, 400);
    assert.match((await json(refused)).error.message, new RegExp(`cannot resolve package "${name}"`));
  });
});

describe('script dependencies when the registry does not answer', () => {
  let h: Harness;
  let registry: Server;
  const sockets = new Set<Socket>();
  before(async () => {
    // A registry that accepts connections and never answers.
    registry = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => registry.listen(0, '127.0.0.1', resolve));
    const { port } = registry.address() as { port: number };
    h = await startHarness({
      RUNNEL_NPM_REGISTRY: `http://127.0.0.1:${port}/`,
      RUNNEL_DEPS_RESOLVE_TIMEOUT_S: '2',
      RUNNEL_DEPS_MAX_RESOLUTIONS: '1',
    });
  });
  after(async () => {
    for (const socket of sockets) socket.destroy();
    registry?.close();
    await h?.close();
  });

  it('answers 503 within the time limit, saying so, and stores nothing', async () => {
    const deploy = (path: string) =>
      h.api('/api/w/main/scripts/create', { method: 'POST', json: { path, language: 'bun', content: MS_SCRIPT } });
    const started = Date.now();
    // One slot: the first resolves (and hangs), the second waits for the slot.
    const answers = await Promise.all([deploy('f/slow/a'), deploy('f/slow/b')]);
    const elapsed = Date.now() - started;
    assert.ok(elapsed < 4000, `answered after ${elapsed} ms`);
    const errors = await Promise.all(answers.map(async (r) => ({ status: r.status, ...(await json(r)).error })));
    const took =
      /^this script: locking its dependencies \(ms\) took longer than 2 s \(RUNNEL_DEPS_RESOLVE_TIMEOUT_S\): the package registry may be slow or unreachable/;
    // The second either timed out in the queue, or got the slot as the first's npm was stopped.
    const waited =
      /^this script: its dependencies \(ms\) were not locked within 2 s \(RUNNEL_DEPS_RESOLVE_TIMEOUT_S\): the server was busy with 1 other resolutions \(RUNNEL_DEPS_MAX_RESOLUTIONS\)/;
    for (const e of errors) {
      assert.equal(e.status, 503);
      assert.equal(e.code, 'unavailable');
    }
    assert.ok(
      errors.some((e) => took.test(e.message)),
      JSON.stringify(errors),
    );
    assert.ok(
      errors.every((e) => took.test(e.message) || waited.test(e.message)),
      JSON.stringify(errors),
    );
    console.log(`# ${errors.map((e) => (took.test(e.message) ? 'resolving' : 'waiting for a slot')).join(', ')}`);
    for (const path of ['f/slow/a', 'f/slow/b']) {
      assert.equal((await h.api(`/api/w/main/scripts/get/p/${path}`)).status, 404);
    }
  });
});
