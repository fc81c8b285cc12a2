import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { UpPlatform } from './up-platform.js';
import { projectDir, startWithToken, Wmill } from './wmill-cli.js';

describe("Windmill's CLI: who the caller is", () => {
  let up: UpPlatform;
  let token: string;
  let wmill: Wmill;
  const dirs: string[] = [];

  before(async () => {
    ({ up, token } = await startWithToken());
    wmill = new Wmill();
  });
  after(async () => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    wmill?.cleanUp();
    await up?.stop();
  });

  it('adds a workspace with a token, and refuses one the caller is not a member of', async () => {
    const dir = projectDir();
    dirs.push(dir);
    const added = await wmill.ok(['workspace', 'add', 'runnel', 'main', `${up.url}/`, '--token', token], dir);
    assert.match(added.output, /Added workspace runnel/);
    const refused = await wmill.run(['workspace', 'add', 'other', 'nowhere', `${up.url}/`, '--token', token], dir);
    assert.notEqual(refused.code, 0);
    assert.match(refused.output, /nowhere .*does not exist[^]*- main/);
    const bad = await wmill.run(['workspace', 'add', 'bad', 'main', `${up.url}/`, '--token', 'rn_not-a-token'], dir);
    assert.notEqual(bad.code, 0);
  });

  it('answers whoami globally and per workspace, and the version as text', async () => {
    const auth = { authorization: `Bearer ${token}` };
    const global = (await (await fetch(`${up.url}/api/users/whoami`, { headers: auth })).json()) as Record<
      string,
      unknown
    >;
    assert.equal(global.username, 'admin');
    assert.equal(global.super_admin, true);
    const inWs = (await (await fetch(`${up.url}/api/w/main/users/whoami`, { headers: auth })).json()) as Record<
      string,
      unknown
    >;
    assert.equal(inWs.is_admin, true);
    assert.deepEqual(inWs.groups, []);
    const version = await fetch(`${up.url}/api/version`);
    assert.match(await version.text(), /^v1\.\d+\.\d+ \(runnel /);
  });
});
