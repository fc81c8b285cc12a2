import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { addUser, TOKEN, startHarness, type Harness } from './harness.js';

interface Row {
  id: string;
  workspaceId: string;
  status: string;
  scriptPath: string | null;
  triggerKind: string | null;
}

const FIELDS = 'id workspaceId status scriptPath triggerKind';

describe('runsChanged: a workspace’s runs, live', () => {
  let h: Harness;
  /** A developer of workspace `other` only. */
  let otherToken: string;
  const clients: Client[] = [];

  before(async () => {
    h = await startHarness();
    await h.startWorker({ WORKER_GROUPS: 'default', WORKER_CONCURRENCY: '2' });
    otherToken = (await addUser(h, 'developer', { workspace: 'other' })).token;
    await h.deploy('f/live/a', 'bash', 'sleep 0.3\necho a');
    await h.deploy('f/live/b', 'bash', 'echo b');
    const res = await h.api('/api/w/other/scripts/create', {
      method: 'POST',
      token: otherToken,
      json: { path: 'f/live/a', language: 'bash', content: 'echo other' },
    });
    assert.equal(res.status, 201, await res.text());
  });
  after(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await h?.close();
  });

  function client(token = TOKEN): Client {
    const c = createClient({
      url: `${h.url.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
    });
    clients.push(c);
    return c;
  }

  /** Rows as they arrive, until `until` says enough; fails on an error or after 30 s. */
  function watch(
    c: Client,
    variables: Record<string, unknown>,
  ): { rows: Row[]; until(done: (rows: Row[]) => boolean): Promise<Row[]>; started: Promise<void>; stop(): void } {
    const rows: Row[] = [];
    let check: (() => void) | undefined;
    let failed: unknown;
    const stop = c.subscribe<{ runsChanged: Row }>(
      {
        query: `subscription ($ws: String!, $filter: JobFilter) { runsChanged(workspace: $ws, filter: $filter) { ${FIELDS} } }`,
        variables,
      },
      {
        next: (r) => {
          if (r.errors) failed = r.errors;
          else rows.push(r.data!.runsChanged);
          check?.();
        },
        error: (err) => {
          failed = err;
          check?.();
        },
        complete: () => {},
      },
    );
    // The server subscribes to NATS when the operation starts; give it that moment.
    const started = new Promise<void>((resolve) => setTimeout(resolve, 300));
    return {
      rows,
      started,
      stop,
      until: (done) =>
        new Promise<Row[]>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`timed out with ${JSON.stringify(rows)}`)), 30_000);
          check = () => {
            if (failed) reject(new Error(JSON.stringify(failed)));
            else if (done(rows)) {
              clearTimeout(timer);
              resolve(rows);
            }
          };
          check();
        }),
    };
  }

  const run = async (path: string, ws = 'main', token = TOKEN): Promise<string> => {
    const res = await h.api(`/api/w/${ws}/jobs/run/p/${path}`, { method: 'POST', json: {}, token });
    assert.equal(res.status, 201);
    return (await res.text()).replace(/"/g, '');
  };
  const waitOther = async (id: string) => {
    for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
      const res = await h.api(`/api/w/other/jobs_u/get/${id}`, { token: otherToken });
      const job = (await res.json()) as { status: string };
      if (['success', 'failure'].includes(job.status)) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`job ${id} of other never ended`);
  };

  it('sends each new run and its changes of status, only those of the workspace asked for', async () => {
    const all = watch(client(), { ws: 'main' });
    // The filters the app sends (lib/api/live.ts): a path prefix, kind, trigger and time range.
    const onlyA = watch(client(), {
      ws: 'main',
      filter: {
        scriptPathStart: 'f/live/a',
        jobKinds: ['script'],
        triggerKinds: ['api'],
        createdAfter: new Date(Date.now() - 3600_000).toISOString(),
      },
    });
    const ended = watch(client(), { ws: 'main', filter: { status: 'SUCCESS' } });
    const ofOther = watch(client(otherToken), { ws: 'other' });
    await Promise.all([all.started, onlyA.started, ended.started, ofOther.started]);

    // Another workspace's run first: were it to leak, it would arrive before main's.
    const elsewhere = await run('f/live/a', 'other', otherToken);
    await waitOther(elsewhere);
    const b = await run('f/live/b');
    const a = await run('f/live/a');
    const done = (id: string) => (rows: Row[]) => rows.some((r) => r.id === id && r.status === 'SUCCESS');
    await all.until((rows) => done(a)(rows) && done(b)(rows));
    await onlyA.until(done(a));
    await ended.until((rows) => done(a)(rows) && done(b)(rows));
    await ofOther.until(done(elsewhere));

    assert.ok(
      all.rows.every((r) => r.workspaceId === 'main'),
      `another workspace's run arrived: ${JSON.stringify(all.rows)}`,
    );
    assert.ok(!all.rows.some((r) => r.id === elsewhere));
    assert.ok(ofOther.rows.every((r) => r.workspaceId === 'other' && r.id === elsewhere));
    // The filter is the list's: only f/live/a; only runs that ended well.
    assert.deepEqual([...new Set(onlyA.rows.map((r) => r.id))], [a]);
    assert.ok(
      ended.rows.every((r) => r.status === 'SUCCESS' && r.workspaceId === 'main'),
      JSON.stringify(ended.rows),
    );
    // A new run arrives before it ends (queued or running), then ends: statuses only move forward.
    const ofA = all.rows.filter((r) => r.id === a).map((r) => r.status);
    assert.ok(ofA.length >= 2, `only ${ofA.join()}`);
    assert.ok(['QUEUED', 'RUNNING'].includes(ofA[0]!), ofA.join());
    assert.equal(ofA.at(-1), 'SUCCESS');
    const order = ['QUEUED', 'RUNNING', 'SUCCESS'];
    assert.deepEqual(
      ofA.map((s) => order.indexOf(s)),
      ofA.map((s) => order.indexOf(s)).sort(),
    );
    assert.equal(all.rows.find((r) => r.id === a)!.triggerKind, null);
    for (const w of [all, onlyA, ended, ofOther]) w.stop();
  });

  it('refuses a workspace the caller is not in, and a filter the list refuses, with their messages', async () => {
    const outsider = client(otherToken).iterate({
      query: `subscription { runsChanged(workspace: "main") { id } }`,
    });
    await assert.rejects(outsider.next(), (errors: { message: string; extensions: { code: string } }[]) => {
      assert.equal(errors[0]!.extensions.code, 'FORBIDDEN');
      assert.equal(errors[0]!.message, 'you are not a member of workspace "main"');
      return true;
    });
    const bad = client().iterate({
      query: `subscription { runsChanged(workspace: "main", filter: {jobKinds: ["bogus"]}) { id } }`,
    });
    await assert.rejects(bad.next(), (errors: { message: string; extensions: { code: string } }[]) => {
      assert.equal(errors[0]!.extensions.code, 'BAD_REQUEST');
      assert.match(errors[0]!.message, /job_kinds "bogus" is not one of/);
      return true;
    });
  });
});
