import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TOKEN, json, until } from './harness.js';
import { startFolders, type Folders } from './folders-helpers.js';

/** What one SDK call gave a probe job: its value, or the status and message it was refused with. */
type Outcome = { ok: unknown } | { status: number | null; error: string };

/** Each [op, path] of its argument through `import wmill`: get, set or run; every outcome, refusals too. */
const PYTHON_PROBE = `
import wmill


def main(ops: list):
    out = []
    for op, path in ops:
        try:
            if op == "get":
                value = wmill.get_variable(path)
            elif op == "set":
                value = wmill.set_variable(path, "from a job")
            else:
                value = wmill.run_script(path, args={})
            out.append({"ok": value})
        except Exception as exc:
            out.append({"status": getattr(exc, "status", None), "error": str(exc)})
    return out
`;

/** The same through the Bun \`windmill-client\`. */
const BUN_PROBE = `
import * as wmill from 'windmill-client';

export async function main(ops: string[][]) {
  const out = [];
  for (const [op, path] of ops) {
    try {
      const value =
        op === 'get'
          ? await wmill.getVariable(path)
          : op === 'set'
            ? await wmill.setVariable(path, 'from a job')
            : await wmill.runScript(path, null, {});
      out.push({ ok: value ?? null });
    } catch (err) {
      out.push({ status: err.status ?? null, error: String(err.message) });
    }
  }
  return out;
}
`;

const notFound = (what: string, path: string, workspace = 'main'): Outcome => ({
  status: 404,
  error: `${what} "${path}" not found in workspace "${workspace}"`,
});

/**
 * The in-job SDK asks the folder permissions as REST does (docs/adr/0040, server/src/job-api/
 * path-access.ts): a path the job's user may not read is "not found", one they may only read is
 * 403, and a grant counts from the next call. Fixture: startFolders, plus `f/locked` (a row
 * granting its creator, the admin, alone) holding a variable and a script.
 */
describe('folder permissions in jobs, through the SDK', () => {
  let f: Folders;

  /** Runs the script at `path` in `workspace` as `token`'s user and waits for its job to end. */
  async function runAs(token: string, path: string, args: Record<string, unknown>, workspace = 'main') {
    const res = await f.h.api(`/api/w/${workspace}/jobs/run/p/${path}`, { method: 'POST', json: args, token });
    assert.equal(res.status, 201, await res.clone().text());
    const id = await res.text();
    return until(async () => {
      const job = await json(f.h.api(`/api/w/${workspace}/jobs_u/get/${id}`, { token }));
      return ['success', 'failure', 'canceled'].includes(job.status) ? job : undefined;
    }, 60_000);
  }

  /** The outcomes of `ops` in a probe job of `token`'s user, at its own `u/` path. */
  async function probe(language: 'python3' | 'bun', user: { token: string; username: string }, ops: string[][]) {
    const path = `u/${user.username}/probe_${language}`;
    await f.h.deploy(path, language, language === 'bun' ? BUN_PROBE : PYTHON_PROBE);
    const job = await runAs(user.token, path, { ops });
    assert.equal(job.status, 'success', JSON.stringify(job.result));
    return job.result as Outcome[];
  }

  before(async () => {
    f = await startFolders();
    await f.ok(f.post('folders/create', { name: 'locked' }));
    await f.ok(f.post('variables/create', { path: 'f/locked/x', value: 'locked value', is_secret: false }));
    await f.h.deploy('f/locked/s', 'python3', 'def main():\n    return "ran"\n');
    await f.ok(f.post('variables/create', { path: `u/${f.carol.username}/x`, value: 'carol', is_secret: false }));
  });
  after(async () => f?.h.close());

  for (const language of ['python3', 'bun'] as const) {
    it(`${language}: what the job's user may not read is not found, what they may only read is 403`, async () => {
      const carols = `u/${f.carol.username}/x`;
      const denied = [
        ['get', 'f/locked/x'],
        ['run', 'f/locked/s'],
        ['get', carols],
        ['set', 'f/sec/var'],
      ];
      assert.deepEqual(await probe(language, f.alice, denied), [
        notFound('variable', 'f/locked/x'),
        notFound('script', 'f/locked/s'),
        notFound('variable', carols),
        notFound('variable', 'f/sec/var'),
      ]);
      // bob reads f/sec through his group, readers, and may not write it.
      const [read, write] = await probe(language, f.bob, [
        ['get', 'f/sec/var'],
        ['set', 'f/sec/var'],
      ]);
      assert.deepEqual(read, { ok: 'v' });
      assert.equal((write as { status: number }).status, 403);
      assert.match(
        (write as { error: string }).error,
        /may only read variable "f\/sec\/var".*write permission on f\/sec/,
      );
      assert.equal(await json(f.api('variables/get_value/f/sec/var')), 'v', 'the refused write changed nothing');
    });
  }

  it('a grant counts from the next call: a group for read, the folder for write', async () => {
    assert.deepEqual(await probe('python3', f.alice, [['get', 'f/sec/var']]), [notFound('variable', 'f/sec/var')]);
    await f.ok(f.post('groups/adduser/readers', { username: f.alice.username }), 200);
    assert.deepEqual(await probe('bun', f.alice, [['get', 'f/sec/var']]), [{ ok: 'v' }]);

    const grant = { extra_perms: { [`u/admin`]: true, [f.alice.grantee]: true } };
    await f.ok(f.post('folders/update/locked', grant), 200);
    assert.deepEqual(
      await probe('python3', f.alice, [
        ['get', 'f/locked/x'],
        ['set', 'f/locked/x'],
        ['run', 'f/locked/s'],
      ]),
      [{ ok: 'locked value' }, { ok: null }, { ok: 'ran' }],
    );
    assert.equal(await json(f.api('variables/get_value/f/locked/x')), 'from a job');
    // Put back as it was for the others.
    await f.ok(f.post('folders/update/locked', { extra_perms: { [`u/admin`]: true } }), 200);
    await f.ok(f.post('groups/removeuser/readers', { username: f.alice.username }), 200);
  });

  it('fails a job at start whose $var: argument its user may not read, as if it did not exist', async () => {
    const path = `u/${f.alice.username}/echo`;
    await f.h.deploy(path, 'python3', 'def main(s: str):\n    return s\n');
    const job = await runAs(f.alice.token, path, { s: '$var:f/locked/x' });
    assert.equal(job.status, 'failure');
    assert.deepEqual(job.result, {
      error: { name: 'ReferenceError', message: 'argument "s": variable "f/locked/x" not found in workspace "main"' },
    });
  });

  it("keeps a script's state for a user who may only read its folder: the state is the running script's own", async () => {
    const counter =
      'import wmill\n\n\ndef main():\n    n = (wmill.get_state() or 0) + 1\n    wmill.set_state(n)\n    return n\n';
    await f.h.deploy('f/sec/counter', 'python3', counter);
    const runs = [await runAs(f.bob.token, 'f/sec/counter', {}), await runAs(f.bob.token, 'f/sec/counter', {})];
    assert.deepEqual(
      runs.map((job) => [job.status, job.result]),
      [
        ['success', 1],
        ['success', 2],
      ],
    );
  });

  it("a job of another workspace reaches nothing of main's, not even as that workspace's admin", async () => {
    const path = 'f/probe/py';
    const res = await f.h.api('/api/w/other/scripts/create', {
      method: 'POST',
      json: { path, language: 'python3', content: PYTHON_PROBE },
      token: f.otherAdmin.token,
    });
    assert.equal(res.status, 201, await res.text());
    const job = await runAs(
      f.otherAdmin.token,
      path,
      {
        ops: [
          ['get', 'f/open/var'],
          ['get', 'f/locked/x'],
          ['run', 'f/open/job'],
        ],
      },
      'other',
    );
    assert.deepEqual(job.result, [
      notFound('variable', 'f/open/var', 'other'),
      notFound('variable', 'f/locked/x', 'other'),
      notFound('script', 'f/open/job', 'other'),
    ]);
  });

  it('audits every change of folders, their grants, groups and their members (docs/adr/0039)', async () => {
    await f.ok(f.post('groups/create', { name: 'audited' }));
    await f.ok(f.post('groups/adduser/audited', { username: f.alice.username }), 200);
    await f.ok(f.post('groups/removeuser/audited', { username: f.alice.username }), 200);
    await f.ok(f.api('groups/delete/audited', TOKEN, { method: 'DELETE' }), 200);
    await f.ok(f.post('folders/create', { name: 'audited', extra_perms: { 'g/readers': false } }));
    await f.ok(f.post('folders/update/audited', { extra_perms: { 'g/readers': true } }), 200);
    await f.ok(f.api('folders/delete/audited', TOKEN, { method: 'DELETE' }), 200);

    type Entry = { action: string; username: string; details: Record<string, unknown> };
    const entries = async (path: string) =>
      ((await json(f.api(`audit/list?path=${path}`))) as Entry[])
        .map(({ action, username, details }) => ({ action, username, details }))
        .reverse();
    assert.deepEqual(await entries('g/audited'), [
      { action: 'groups.create', username: 'admin', details: {} },
      { action: 'groups.adduser', username: 'admin', details: { username: f.alice.username } },
      { action: 'groups.removeuser', username: 'admin', details: { username: f.alice.username } },
      { action: 'groups.delete', username: 'admin', details: {} },
    ]);
    assert.deepEqual(await entries('f/audited'), [
      {
        action: 'folders.create',
        username: 'admin',
        details: { extra_perms: { 'u/admin': true, 'g/readers': false } },
      },
      { action: 'folders.update', username: 'admin', details: { extra_perms: { 'g/readers': true } } },
      { action: 'folders.delete', username: 'admin', details: {} },
    ]);
  });
});
