import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TOKEN, json } from './harness.js';
import { startFolders, type Folders } from './folders-helpers.js';
import { graphql } from './variables-helpers.js';

/** Managing folders and groups, REST and GraphQL, with the fixture of startFolders (docs/adr/0040). */
describe('folders and groups, managed', () => {
  let f: Folders;
  before(async () => {
    f = await startFolders();
  });
  after(async () => {
    await f?.h.close();
  });

  it('manages folders: visible to grantees, changed by writers, deleted only when empty', async () => {
    const names = async (token: string) =>
      ((await json(f.api('folders/list', token))) as { name: string }[]).map((f) => f.name);
    assert.ok(!(await names(f.alice.token)).includes('sec'));
    assert.ok((await names(f.bob.token)).includes('sec'));
    assert.equal((await f.api('folders/get/sec', f.alice.token)).status, 404);
    const folder = await json(f.api('folders/get/sec', f.bob.token));
    assert.deepEqual(folder.owners.sort(), [f.carol.grantee, f.viewer.grantee, 'u/admin'].sort());
    assert.equal((await f.post('folders/update/sec', { summary: 'x' }, f.bob.token)).status, 403);
    assert.equal((await f.post('folders/update/sec', { summary: 'x' }, f.alice.token)).status, 404);
    const grant = { extra_perms: { ...folder.extra_perms, [f.alice.grantee]: false } };
    await f.ok(f.post('folders/update/sec', grant, f.carol.token), 200);
    assert.equal((await f.api('variables/get/f/sec/var', f.alice.token)).status, 200);
    assert.equal((await f.post('folders/update/sec', { extra_perms: { 'u/nobody': true } })).status, 400);
    assert.equal((await f.post('folders/update/sec', { extra_perms: { nobody: true } })).status, 400);

    const del = await f.api('folders/delete/sec', TOKEN, { method: 'DELETE' });
    assert.equal(del.status, 409);
    assert.match((await json(del)).error.message, /not empty \(.*variable/);
    await f.ok(f.post('folders/create', { name: 'empty' }, f.alice.token));
    assert.equal((await f.post('folders/create', { name: 'empty' })).status, 409);
    assert.equal((await f.post('folders/create', { name: 'bad/name' })).status, 400);
    assert.equal((await f.post('folders/create', { name: 'x' }, f.viewer.token)).status, 403);
    await f.ok(f.api('folders/delete/empty', f.alice.token, { method: 'DELETE' }), 200);
  });

  it('manages groups: admins only, members must belong to the workspace', async () => {
    assert.equal((await f.post('groups/create', { name: 'g2' }, f.alice.token)).status, 403);
    await f.ok(f.post('groups/create', { name: 'g2' }));
    assert.equal((await f.post('groups/create', { name: 'g2' })).status, 409);
    assert.equal((await f.post('groups/adduser/g2', { username: f.otherAdmin.username })).status, 400);
    assert.equal((await f.post('groups/adduser/nope', { username: f.alice.username })).status, 404);
    await f.ok(f.post('groups/adduser/g2', { username: f.alice.username }), 200);
    assert.deepEqual((await json(f.api('groups/get/g2', f.alice.token))).members, [f.alice.username]);
    await f.ok(f.post('groups/removeuser/g2', { username: f.alice.username }), 200);
    assert.equal((await f.post('groups/removeuser/g2', { username: f.alice.username })).status, 404);
    await f.ok(f.api('groups/delete/g2', TOKEN, { method: 'DELETE' }), 200);
    assert.equal((await f.api('groups/get/g2')).status, 404);
  });

  it('manages groups and folders through GraphQL with the same checks', async () => {
    const run = (token: string, query: string, variables?: Record<string, unknown>) =>
      graphql(f.h, token, query, variables);
    const refused = await run(f.alice.token, 'mutation { createGroup(workspace: "main", name: "gq") { name } }');
    assert.equal(refused.errors?.[0]?.extensions?.code, 'FORBIDDEN', JSON.stringify(refused));
    const group = await run(
      TOKEN,
      `mutation { createGroup(workspace: "main", name: "gq") { name }
                  addGroupMember(workspace: "main", name: "gq", username: "${f.alice.username}") { members } }`,
    );
    assert.deepEqual(group.data, { createGroup: { name: 'gq' }, addGroupMember: { members: [f.alice.username] } });
    const made = await run(
      TOKEN,
      'mutation ($perms: JSON) { createFolder(workspace: "main", name: "gqf", input: { extraPerms: $perms }) { owners } }',
      { perms: { 'g/gq': false } },
    );
    assert.deepEqual(made.data, { createFolder: { owners: ['u/admin'] } }, JSON.stringify(made.errors));
    const seen = await run(f.alice.token, '{ folders(workspace: "main") { name extraPerms } }');
    assert.ok(
      seen.data.folders.some((f: { name: string }) => f.name === 'gqf'),
      JSON.stringify(seen),
    );
    const write = await run(
      f.alice.token,
      'mutation { updateFolder(workspace: "main", name: "gqf", input: { summary: "x" }) { name } }',
    );
    assert.equal(write.errors?.[0]?.extensions?.code, 'FORBIDDEN', JSON.stringify(write));
    const bad = await run(
      TOKEN,
      'mutation { updateFolder(workspace: "main", name: "gqf", input: { extraPerms: { x: 1 } }) { name } }',
    );
    assert.equal(bad.errors?.[0]?.extensions?.code, 'BAD_REQUEST', JSON.stringify(bad));
    const hidden = await run(f.bob.token, '{ folder(workspace: "main", name: "gqf") { name } }');
    assert.equal(hidden.errors?.[0]?.extensions?.code, 'NOT_FOUND', JSON.stringify(hidden));
    const gone = await run(
      TOKEN,
      'mutation { deleteFolder(workspace: "main", name: "gqf") deleteGroup(workspace: "main", name: "gq") }',
    );
    assert.deepEqual(gone.data, { deleteFolder: true, deleteGroup: true });
  });

  it('shows a second workspace nothing of the first', async () => {
    const other = (path: string) => f.h.api(`/api/w/other/${path}`, { token: f.otherAdmin.token });
    assert.deepEqual(await json(other('folders/list')), []);
    assert.deepEqual(await json(other('groups/list')), []);
    assert.equal((await other('folders/get/sec')).status, 404);
    assert.equal((await f.h.api('/api/w/main/folders/list', { token: f.otherAdmin.token })).status, 403);
    assert.equal((await f.h.api('/api/w/main/groups/get/readers', { token: f.otherAdmin.token })).status, 403);
  });
});
