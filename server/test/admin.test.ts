import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { TOKEN, addUser, json, startHarness, type Harness } from './harness.js';
import { graphql } from './variables-helpers.js';

/**
 * Instance admins, workspaces, users, members and invitations, over REST and GraphQL
 * (docs/adr/0039-users-workspaces-audit.md). The bootstrap admin (TOKEN) is the instance admin.
 */
describe('users, workspaces and members', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ RUNNEL_MASTER_KEY: randomBytes(32).toString('base64') });
  });
  after(async () => h?.close());

  const post = (path: string, body: unknown, token: string = TOKEN) =>
    h.api(path, { method: 'POST', json: body, token });
  const unique = () => randomUUID().slice(0, 8);

  it('the bootstrap admin is an instance admin; others are not', async () => {
    assert.equal((await json(h.api('/api/auth/whoami'))).instance_admin, true);
    const other = await addUser(h, 'admin');
    assert.equal((await json(h.api('/api/auth/whoami', { token: other.token }))).instance_admin, false);
  });

  it('only an instance admin creates a workspace; its creator is its admin', async () => {
    const id = `ws-${unique()}`;
    const created = await post('/api/workspaces/create', { id, name: 'Team A' });
    assert.equal(created.status, 201);
    assert.deepEqual(
      { ...(await json(created)), created_at: undefined },
      { id, name: 'Team A', role: 'admin', created_at: undefined },
    );
    assert.equal((await post('/api/workspaces/create', { id, name: 'again' })).status, 409);
    const bad = await post('/api/workspaces/create', { id: 'Not Valid!', name: 'x' });
    assert.equal(bad.status, 400);
    assert.match((await json(bad)).error.message, /id must match pattern/);

    // A workspace admin is no instance admin.
    const wsAdmin = await addUser(h, 'admin');
    const refused = await post('/api/workspaces/create', { id: `ws-${unique()}`, name: 'x' }, wsAdmin.token);
    assert.equal(refused.status, 403);
    assert.match((await json(refused)).error.message, /creating a workspace needs an instance admin/);
    assert.equal((await h.api('/api/workspaces/list_as_instance_admin', { token: wsAdmin.token })).status, 403);

    const mine = (await json(h.api('/api/workspaces/list'))) as { id: string }[];
    assert.ok(mine.some((w) => w.id === id));
    const all = (await json(h.api('/api/workspaces/list_as_instance_admin'))) as { id: string; role: string | null }[];
    assert.ok(all.some((w) => w.id === id && w.role === 'admin'));
    assert.equal((await json(h.api(`/api/w/${id}/workspaces/get`))).name, 'Team A');
  });

  it('a workspace admin renames it; a developer cannot', async () => {
    const id = `ws-${unique()}`;
    await post('/api/workspaces/create', { id, name: 'Before' });
    const renamed = await post(`/api/w/${id}/workspaces/change_workspace_name`, { new_name: 'After' });
    assert.equal(renamed.status, 200);
    assert.equal((await json(renamed)).name, 'After');
    assert.equal((await post(`/api/w/${id}/workspaces/change_workspace_name`, { new_name: '' })).status, 400);
    const dev = await addUser(h, 'developer', { workspace: id });
    const refused = await post(`/api/w/${id}/workspaces/change_workspace_name`, { new_name: 'x' }, dev.token);
    assert.equal(refused.status, 403);
  });

  it('only an instance admin creates users; email and username are unique', async () => {
    const name = `u${unique()}`;
    const created = await post('/api/users/create', {
      email: `${name}@example.com`,
      username: name,
      password: 'long-enough',
    });
    assert.equal(created.status, 201);
    const user = await json(created);
    assert.equal(user.username, name);
    assert.equal(user.instance_admin, false);
    assert.equal('password_hash' in user, false);
    // The password works for sign-in.
    const login = await post('/api/auth/login', { login: name, password: 'long-enough' }, '');
    assert.equal(login.status, 200);

    const again = await post('/api/users/create', { email: `${name}@example.com`, username: `x${name}` });
    assert.equal(again.status, 409);
    assert.match((await json(again)).error.message, /email/);
    assert.equal((await post('/api/users/create', { email: 'not-an-email', username: `y${name}` })).status, 400);
    assert.equal(
      (await post('/api/users/create', { email: `z${name}@x.io`, username: `z${name}`, password: 'short' })).status,
      400,
    );

    const wsAdmin = await addUser(h, 'admin');
    const refused = await post('/api/users/create', { email: `w${name}@x.io`, username: `w${name}` }, wsAdmin.token);
    assert.equal(refused.status, 403);
    assert.equal((await h.api('/api/users/list_as_instance_admin', { token: wsAdmin.token })).status, 403);
    const users = (await json(h.api('/api/users/list_as_instance_admin'))) as { username: string }[];
    assert.ok(users.some((u) => u.username === name));
  });

  it('rewrap needs an instance admin, not the admin of a workspace', async () => {
    const wsAdmin = await addUser(h, 'admin');
    const refused = await post('/api/secrets/rewrap', undefined, wsAdmin.token);
    assert.equal(refused.status, 403);
    assert.match((await json(refused)).error.message, /instance admin/);
    // A token limited to a workspace does not act for the instance, even an instance admin's.
    const limited = await (await post('/api/users/tokens/create', { workspace_id: 'main' })).text();
    const limitedRefused = await post('/api/secrets/rewrap', undefined, limited);
    assert.equal(limitedRefused.status, 403);
    assert.equal((await post('/api/secrets/rewrap', undefined)).status, 200);
  });

  it('admins add, re-role and remove members; developers cannot; the last admin stays', async () => {
    const ws = `ws-${unique()}`;
    await post('/api/workspaces/create', { id: ws, name: 'Members' });
    const name = `m${unique()}`;
    await post('/api/users/create', { email: `${name}@example.com`, username: name });

    const added = await post(`/api/w/${ws}/users/add`, { user: `${name}@example.com`, role: 'developer' });
    assert.equal(added.status, 201);
    assert.equal((await json(added)).role, 'developer');
    assert.equal((await post(`/api/w/${ws}/users/add`, { user: name, role: 'viewer' })).status, 409);
    const unknown = await post(`/api/w/${ws}/users/add`, { user: 'nobody@example.com', role: 'viewer' });
    assert.equal(unknown.status, 404);
    assert.match((await json(unknown)).error.message, /users\/invite/);
    assert.equal((await post(`/api/w/${ws}/users/add`, { user: name, role: 'owner' })).status, 400);

    const members = (await json(h.api(`/api/w/${ws}/users/list`))) as { username: string; role: string }[];
    assert.deepEqual(members.map((m) => [m.username, m.role]).sort(), [
      ['admin', 'admin'],
      [name, 'developer'],
    ]);

    // A developer of the workspace may neither list nor change members.
    const dev = await addUser(h, 'developer', { workspace: ws });
    assert.equal((await h.api(`/api/w/${ws}/users/list`, { token: dev.token })).status, 403);
    const devAdd = await post(`/api/w/${ws}/users/add`, { user: name, role: 'admin' }, dev.token);
    assert.equal(devAdd.status, 403);
    assert.match((await json(devAdd)).error.message, /needs the admin role/);

    const promoted = await post(`/api/w/${ws}/users/set_role/${name}`, { role: 'admin' });
    assert.equal((await json(promoted)).role, 'admin');
    assert.equal((await post(`/api/w/${ws}/users/set_role/nobody`, { role: 'admin' })).status, 404);

    // Two admins: one may go; then the other is the last and stays.
    assert.equal((await h.api(`/api/w/${ws}/users/delete/${name}`, { method: 'DELETE' })).status, 200);
    const demote = await post(`/api/w/${ws}/users/set_role/admin`, { role: 'viewer' });
    assert.equal(demote.status, 409);
    assert.match((await json(demote)).error.message, /last admin/);
    const remove = await h.api(`/api/w/${ws}/users/delete/admin`, { method: 'DELETE' });
    assert.equal(remove.status, 409);
  });

  it('a removed member loses the workspace at once; a re-roled one gets the new role at once', async () => {
    const ws = `ws-${unique()}`;
    await post('/api/workspaces/create', { id: ws, name: 'Now' });
    const viewer = await addUser(h, 'viewer', { workspace: ws });
    const [{ username }] = (await json(h.api(`/api/w/${ws}/users/list`))).filter(
      (m: { user_id: string }) => m.user_id === viewer.id,
    );
    assert.equal((await h.api(`/api/w/${ws}/variables/list`, { token: viewer.token })).status, 200);
    await post(`/api/w/${ws}/users/set_role/${username}`, { role: 'admin' });
    assert.equal((await h.api(`/api/w/${ws}/users/list`, { token: viewer.token })).status, 200);
    await h.api(`/api/w/${ws}/users/delete/${username}`, { method: 'DELETE' });
    assert.equal((await h.api(`/api/w/${ws}/variables/list`, { token: viewer.token })).status, 403);
  });

  it('an invitation creates the account once; an email with an account is added instead', async () => {
    const ws = `ws-${unique()}`;
    await post('/api/workspaces/create', { id: ws, name: 'Invites' });
    const email = `inv${unique()}@example.com`;
    const invited = await post(`/api/w/${ws}/users/invite`, { email, role: 'operator' });
    assert.equal(invited.status, 201);
    const invitation = await json(invited);
    assert.equal(invitation.role, 'operator');
    assert.match(invitation.token, /^rn_/);

    const username = `new${unique()}`;
    const accept = (token: string) =>
      post('/api/users/accept_invite', { token, username, password: 'a-good-password' }, '');
    assert.equal((await accept('rn_not-an-invitation')).status, 404);
    const accepted = await accept(invitation.token);
    assert.equal(accepted.status, 200);
    assert.deepEqual(await accepted.json(), { username, workspace_id: ws, role: 'operator' });
    assert.equal((await accept(invitation.token)).status, 404);

    const token = (await json(post('/api/auth/login', { login: email, password: 'a-good-password' }, ''))).token;
    const mine = (await json(h.api('/api/workspaces/list', { token }))) as { id: string; role: string }[];
    assert.deepEqual(mine, [{ id: ws, name: 'Invites', role: 'operator' }]);

    const existing = await post(`/api/w/${ws}/users/invite`, { email, role: 'viewer' });
    assert.equal(existing.status, 409);
    assert.match((await json(existing)).error.message, /users\/add/);
  });

  it('a second workspace sees nothing of the first one’s members', async () => {
    const a = `ws-${unique()}`;
    const b = `ws-${unique()}`;
    await post('/api/workspaces/create', { id: a, name: 'A' });
    const adminOfB = await addUser(h, 'admin', { workspace: b });
    const answer = await h.api(`/api/w/${a}/users/list`, { token: adminOfB.token });
    assert.equal(answer.status, 403);
    assert.equal((await post(`/api/w/${a}/users/add`, { user: 'admin', role: 'viewer' }, adminOfB.token)).status, 403);
    const own = (await json(h.api(`/api/w/${b}/users/list`, { token: adminOfB.token }))) as { user_id: string }[];
    assert.deepEqual(
      own.map((m) => m.user_id),
      [adminOfB.id],
    );
  });

  it('GraphQL: workspaces, users, members and invitations, with the same checks', async () => {
    const ws = `gq-${unique()}`;
    const name = `g${unique()}`;
    const created = await graphql(
      h,
      TOKEN,
      `mutation { createWorkspace(id: "${ws}", name: "Graph") { id name role } }`,
    );
    assert.deepEqual(created.data.createWorkspace, { id: ws, name: 'Graph', role: 'admin' });
    const user = await graphql(
      h,
      TOKEN,
      `mutation { createUser(email: "${name}@example.com", username: "${name}") { username instanceAdmin } }`,
    );
    assert.deepEqual(user.data.createUser, { username: name, instanceAdmin: false });
    const add = await graphql(
      h,
      TOKEN,
      `mutation { addMember(workspace: "${ws}", user: "${name}", role: "viewer") { username role } }`,
    );
    assert.deepEqual(add.data.addMember, { username: name, role: 'viewer' });
    const role = await graphql(
      h,
      TOKEN,
      `mutation { setMemberRole(workspace: "${ws}", username: "${name}", role: "developer") { role } }`,
    );
    assert.equal(role.data.setMemberRole.role, 'developer');
    const members = await graphql(h, TOKEN, `{ members(workspace: "${ws}") { username role } }`);
    assert.equal(members.data.members.length, 2);
    const last = await graphql(h, TOKEN, `mutation { removeMember(workspace: "${ws}", username: "admin") }`);
    assert.equal(last.errors[0].extensions.reason, 'conflict');
    assert.equal(
      (await graphql(h, TOKEN, `mutation { removeMember(workspace: "${ws}", username: "${name}") }`)).data.removeMember,
      true,
    );
    const invite = await graphql(
      h,
      TOKEN,
      `mutation { inviteMember(workspace: "${ws}", email: "q${name}@example.com", role: "viewer") { email role token } }`,
    );
    assert.match(invite.data.inviteMember.token, /^rn_/);
    const renamed = await graphql(
      h,
      TOKEN,
      `mutation { renameWorkspace(workspace: "${ws}", name: "Graph 2") { name } }`,
    );
    assert.equal(renamed.data.renameWorkspace.name, 'Graph 2');
    assert.equal(
      (await graphql(h, TOKEN, `{ workspace(workspace: "${ws}") { name } }`)).data.workspace.name,
      'Graph 2',
    );
    const all = await graphql(h, TOKEN, '{ allWorkspaces { id } users { username } }');
    assert.ok(all.data.allWorkspaces.some((w: { id: string }) => w.id === ws));
    assert.ok(all.data.users.some((u: { username: string }) => u.username === name));

    const dev = await addUser(h, 'developer', { workspace: ws });
    const refusals = [
      `mutation { createWorkspace(id: "x${unique()}", name: "x") { id } }`,
      `mutation { createUser(email: "x${unique()}@x.io", username: "x${unique()}") { id } }`,
      `mutation { addMember(workspace: "${ws}", user: "admin", role: "viewer") { role } }`,
      `{ members(workspace: "${ws}") { username } }`,
      '{ allWorkspaces { id } }',
    ];
    for (const query of refusals) {
      const answer = await graphql(h, dev.token, query);
      assert.equal(answer.errors?.[0]?.extensions?.reason, 'forbidden', query);
    }
    const badRole = await graphql(
      h,
      TOKEN,
      `mutation { addMember(workspace: "${ws}", user: "admin", role: "owner") { role } }`,
    );
    assert.equal(badRole.errors[0].extensions.reason, 'bad_request');
  });
});
