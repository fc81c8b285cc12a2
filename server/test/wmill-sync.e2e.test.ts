import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { UpPlatform } from './up-platform.js';
import { projectDir, startWithToken, Wmill } from './wmill-cli.js';

/** The names of the files of a ZIP archive (`unzip -Z1`), and one file's text (`unzip -p`). */
function unzip(archive: Buffer): { names: string[]; read: (name: string) => string } {
  const file = join(projectDir(), 'export.zip');
  writeFileSync(file, archive);
  return {
    names: execFileSync('unzip', ['-Z1', file], { encoding: 'utf8' }).split('\n').filter(Boolean).sort(),
    read: (name) => execFileSync('unzip', ['-p', file, name], { encoding: 'utf8' }),
  };
}

describe("Windmill's CLI: sync pull and sync push", () => {
  let up: UpPlatform;
  let token: string;
  let wmill: Wmill;
  const dirs: string[] = [];

  const api = async (method: string, path: string, body?: unknown, as = token) => {
    const res = await fetch(`${up.url}/api${path}`, {
      method,
      headers: { authorization: `Bearer ${as}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, text: await res.text(), bytes: res };
  };
  const created = async (path: string, body: unknown) => {
    const res = await api('POST', path, body);
    assert.ok(res.status === 200 || res.status === 201, `${path}: ${res.status} ${res.text}`);
  };
  const tarball = (query: string, as = token) =>
    fetch(`${up.url}/api/w/main/workspaces/tarball?${query}`, { headers: { authorization: `Bearer ${as}` } });

  before(async () => {
    ({ up, token } = await startWithToken());
    wmill = new Wmill();
    await created('/w/main/folders/create', { name: 'sync', summary: 'Synced things' });
    await created('/w/main/flows/create', {
      path: 'f/sync/pipeline',
      summary: 'Pipeline',
      value: {
        modules: [
          { id: 'a', value: { type: 'rawscript', language: 'bash', content: 'echo hi', input_transforms: {} } },
        ],
      },
    });
    await created('/w/main/scripts/create', {
      path: 'f/sync/hello',
      language: 'python3',
      content: 'def main(name: str = "world"):\n    return f"hello {name}"\n',
      summary: 'Say hello',
      description: 'Greets',
      concurrent_limit: 2,
      envs: ['GREETING=hi'],
    });
    await created('/w/main/schedules/create', {
      path: 'f/sync/nightly',
      schedule: '0 0 3 * * *',
      timezone: 'UTC',
      script_path: 'f/sync/pipeline',
      is_flow: true,
      args: {},
      enabled: false,
      summary: 'Every night',
    });
    await created('/w/main/variables/create', {
      path: 'f/sync/greeting',
      value: 'hi there',
      is_secret: false,
      description: 'A greeting',
    });
    await created('/w/main/variables/create', {
      path: 'f/sync/token',
      value: 's3cr3t-value',
      is_secret: true,
      description: 'A secret',
    });
    await created('/w/main/resources/type/create', {
      name: 'sync_target',
      schema: { type: 'object', properties: { host: { type: 'string' } } },
      description: 'Where to sync',
    });
    await created('/w/main/resources/create', {
      path: 'f/sync/target',
      resource_type: 'sync_target',
      value: { host: 'example.org' },
      description: 'The target',
    });
    await created('/w/main/resources/type/create', {
      name: 'db_login',
      schema: {
        type: 'object',
        properties: { host: { type: 'string' }, password: { type: 'string', format: 'password' } },
        required: ['host', 'password'],
      },
    });
    await created('/w/main/resources/create', {
      path: 'f/sync/db',
      resource_type: 'db_login',
      value: { host: 'db.example', password: 'pw-123' },
    });
    await created('/workspaces/create', { id: 'second', name: 'Second' });
  });
  after(async () => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    wmill?.cleanUp();
    await up?.stop();
  });

  it('pulls a workspace into files, pushes them into another, and a second pull shows no change', async () => {
    const dir = projectDir();
    dirs.push(dir);
    await wmill.ok(['workspace', 'add', 'src', 'main', `${up.url}/`, '--token', token], dir);
    await wmill.ok(['workspace', 'add', 'dst', 'second', `${up.url}/`, '--token', token], dir);
    await wmill.ok(['workspace', 'switch', 'src'], dir);

    const pulled = await wmill.ok(['sync', 'pull', '--yes', '--include-schedules', '--workspace', 'src'], dir);
    assert.match(pulled.output, /remote \(src\) -> local: \d+ changes to apply/);
    const read = (file: string) => readFileSync(join(dir, file), 'utf8');
    assert.match(read('f/sync/folder.meta.yaml'), /summary: Synced things/);
    assert.equal(read('f/sync/hello.py'), 'def main(name: str = "world"):\n    return f"hello {name}"\n');
    assert.match(read('f/sync/hello.script.yaml'), /summary: Say hello[^]*kind: script[^]*default: world/);
    assert.match(read('f/sync/hello.script.yaml'), /concurrent_limit: 2[^]*GREETING=hi/);
    assert.match(read('f/sync/pipeline.flow/flow.yaml'), /summary: Pipeline[^]*!inline a\.inline_script\.sh/);
    assert.equal(read('f/sync/pipeline.flow/a.inline_script.sh'), 'echo hi');
    assert.match(read('f/sync/nightly.schedule.yaml'), /schedule: 0 0 3 \* \* \*[^]*script_path: f\/sync\/pipeline/);
    assert.match(read('f/sync/greeting.variable.yaml'), /value: hi there/);
    assert.match(read('f/sync/target.resource.yaml'), /host: example\.org[^]*resource_type: sync_target/);
    assert.match(read('sync_target.resource-type.yaml'), /description: Where to sync/);
    // A secret leaves Runnel only in plaintext to an admin who asks (--plain-secrets).
    assert.equal(existsSync(join(dir, 'f/sync/token.variable.yaml')), false);
    assert.equal(existsSync(join(dir, 'f/sync/db.resource.yaml')), false);

    const pushed = await wmill.ok(['sync', 'push', '--yes', '--include-schedules', '--workspace', 'dst'], dir, 300_000);
    assert.match(pushed.output, /remote \(dst\) <- local: \d+ changes to apply/);
    const get = async (path: string) => {
      const res = await api('GET', `/w/second${path}`);
      assert.equal(res.status, 200, `${path}: ${res.text}`);
      return JSON.parse(res.text) as Record<string, unknown>;
    };
    assert.equal((await get('/folders/get/sync')).summary, 'Synced things');
    const script = await get('/scripts/get/p/f/sync/hello');
    assert.equal(script.summary, 'Say hello');
    assert.equal(script.concurrent_limit, 2);
    assert.equal((await get('/flows/get/f/sync/pipeline')).summary, 'Pipeline');
    assert.equal((await get('/schedules/get/f/sync/nightly')).script_path, 'f/sync/pipeline');
    assert.equal((await api('GET', '/w/second/schedules/exists/f/sync/nightly')).text, 'true');
    assert.equal((await api('GET', '/w/second/schedules/exists/f/sync/nowhere')).text, 'false');
    assert.equal((await get('/variables/get/f/sync/greeting')).value, 'hi there');
    assert.deepEqual((await get('/resources/get/f/sync/target')).value, { host: 'example.org' });
    assert.equal((await get('/resources/type/get/sync_target')).description, 'Where to sync');

    const again = await wmill.ok(['sync', 'pull', '--yes', '--include-schedules', '--workspace', 'dst'], dir);
    assert.match(again.output, /remote \(dst\) -> local: 0 changes to apply/);
    const pushAgain = await wmill.ok(['sync', 'push', '--dry-run', '--include-schedules', '--workspace', 'dst'], dir);
    assert.match(pushAgain.output, /remote \(dst\) <- local: 0 changes to apply/);
  });

  it('carries secrets in plaintext for an admin who asks, audited, and refuses ciphertexts', async () => {
    const dir = projectDir();
    dirs.push(dir);
    await wmill.ok(['workspace', 'add', 'src', 'main', `${up.url}/`, '--token', token], dir);
    await wmill.ok(['workspace', 'add', 'dst', 'second', `${up.url}/`, '--token', token], dir);
    await wmill.ok(['sync', 'pull', '--yes', '--plain-secrets', '--workspace', 'src'], dir);
    assert.match(
      readFileSync(join(dir, 'f/sync/token.variable.yaml'), 'utf8'),
      /value: s3cr3t-value[^]*is_secret: true/,
    );
    assert.match(readFileSync(join(dir, 'f/sync/db.resource.yaml'), 'utf8'), /password: pw-123/);
    const audit = await api('GET', '/w/main/audit/list?action=variables.reveal');
    assert.equal(audit.status, 200, audit.text);
    assert.match(audit.text, /f\/sync\/token/);

    await wmill.ok(['sync', 'push', '--yes', '--plain-secrets', '--skip-scripts', '--workspace', 'dst'], dir, 300_000);
    const secret = await api('GET', '/w/second/variables/get/f/sync/token');
    assert.equal(JSON.parse(secret.text).value, null);
    assert.equal(JSON.parse(secret.text).is_secret, true);
    const plain = await api('GET', '/w/second/variables/get/f/sync/token?decrypt_secret=true');
    assert.equal(JSON.parse(plain.text).value, 's3cr3t-value');
    const db = await api('POST', '/w/second/resources/reveal/f/sync/db');
    assert.deepEqual(JSON.parse(db.text), { host: 'db.example', password: 'pw-123' });
    const again = await wmill.ok(
      ['sync', 'pull', '--yes', '--plain-secrets', '--skip-scripts', '--workspace', 'dst'],
      dir,
    );
    assert.match(again.output, /remote \(dst\) -> local: 0 changes to apply/);

    // Without --plain-secrets wmill says the value is Windmill's ciphertext: Runnel has none to take.
    const refused = await api('POST', '/w/second/variables/create?already_encrypted=true', {
      path: 'f/sync/other',
      value: 'ciphertext',
      is_secret: true,
    });
    assert.equal(refused.status, 400);
    assert.match(refused.text, /--plain-secrets/);
  });

  it("answers a non-admin only what they may read, never a secret's value; bad queries are 400", async () => {
    const username = `dev${Date.now()}`;
    await created('/users/create', { email: `${username}@example.com`, username, password: 'long-enough-pw' });
    await created('/w/main/users/add', { user: username, role: 'developer' });
    const login = await fetch(`${up.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: username, password: 'long-enough-pw' }),
    });
    const devToken = ((await login.json()) as { token: string }).token;
    await created('/w/main/folders/create', {
      name: 'team',
      summary: 'Team',
      extra_perms: { [`u/${username}`]: false },
    });
    await created('/w/main/variables/create', { path: 'f/team/note', value: 'for the team', is_secret: false });
    await created('/w/main/variables/create', { path: 'f/team/key', value: 'team-secret', is_secret: true });

    const res = await tarball('archive_type=zip&include_schedules=true&skip_secrets=false', devToken);
    assert.equal(res.status, 200);
    const zip = unzip(Buffer.from(await res.arrayBuffer()));
    assert.deepEqual(
      zip.names.filter((n) => n.startsWith('f/')),
      ['f/team/folder.meta.json', 'f/team/note.variable.json'],
    );
    assert.equal(JSON.parse(zip.read('f/team/note.variable.json')).value, 'for the team');
    assert.equal(
      zip.names.some((n) => /team-secret|s3cr3t-value|pw-123/.test(zip.read(n))),
      false,
    );
    const folderExists = async (name: string) =>
      (await api('GET', `/w/main/folders/exists/${name}`, undefined, devToken)).text;
    assert.equal(await folderExists('team'), 'true');
    assert.equal(await folderExists('sync'), 'false');
    const plain = await tarball('plain_secret=true&skip_secrets=false', devToken);
    assert.equal(plain.status, 403);
    const reveal = await api('GET', '/w/main/variables/get/f/team/key?decrypt_secret=true', undefined, devToken);
    assert.equal(reveal.status, 403);
    assert.doesNotMatch(reveal.text, /team-secret/);

    for (const query of ['archive_type=rar', 'skip_secrets=maybe', 'include_schedules=1', 'default_ts=node']) {
      const bad = await tarball(query);
      assert.equal(bad.status, 400, query);
      assert.match(await bad.text(), /archive_type|must be/);
    }
    const key = await tarball('include_key=true');
    assert.equal(key.status, 400);
    assert.match(await key.text(), /keys never leave/);
    const tar = await tarball('archive_type=tar');
    assert.match(await tar.text(), /Invalid Archive Type/);
  });
});
