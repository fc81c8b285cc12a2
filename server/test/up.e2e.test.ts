import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { after, describe, it } from 'node:test';
import { assertSecretsWork, checkout, cleanEnv, freePort, freePorts, runBashAndBun, UpSession } from './up-helpers.js';

// `npm run up` the README's way, from a directory other than the checkout; Ctrl-C stops it.
describe('npm run up, as the README says', () => {
  const session = new UpSession();
  after(() => session.cleanUp());

  it('starts embedded PostgreSQL, NATS, server and worker; runs scripts, secrets through the SDK and $var:; stops cleanly on Ctrl-C', async () => {
    const dataDir = session.tempDir(tmpdir(), 'runnel-up-');
    chmodSync(dataDir, 0o755);
    const [port, pgPort, natsPort] = await freePorts(3);
    const token = 'e2e-bootstrap-token';
    const up = await session.start(
      checkout,
      cleanEnv({
        PORT: String(port),
        RUNNEL_DATA_DIR: dataDir,
        RUNNEL_PG_PORT: String(pgPort),
        RUNNEL_NATS_PORT: String(natsPort),
        RUNNEL_BOOTSTRAP_TOKEN: token,
      }),
    );
    assert.equal(up.url, `http://127.0.0.1:${port}`);
    const health = await fetch(`${up.url}/api/health`);
    assert.deepEqual(await health.json(), { status: 'ok' });
    await runBashAndBun(up.url, token);
    await assertSecretsWork(up, dataDir, token);
    await session.stop();
  });

  it('says which variable to change when a port it was given is busy', async () => {
    const busy = await freePort();
    await session.hold(busy);
    const env = cleanEnv({
      PORT: String(await freePort()),
      RUNNEL_DATA_DIR: session.tempDir(tmpdir(), 'runnel-up-'),
      RUNNEL_PG_PORT: String(busy),
    });
    await assert.rejects(session.start(checkout, env), (err: Error) => {
      assert.match(
        err.message,
        new RegExp(
          `start failed: port ${busy} \\(RUNNEL_PG_PORT\\) is in use on 127.0.0.1: stop what holds it or set RUNNEL_PG_PORT to another port`,
        ),
      );
      assert.doesNotMatch(err.message, /undefined|\n\s+at /);
      return true;
    });
  });

  it('tells a user who is not root, where user namespaces are refused, what to allow or the exact sudo command', () => {
    // As uid 1000 of a bwrap that forbids further user namespaces (--disable-userns): a machine
    // that refuses them to users, without changing the real machine's setting. A user who is
    // not root on a machine that allows them is up-rootless.e2e.test.ts.
    const res = spawnSync(
      'bwrap',
      [
        ...['--dev-bind', '/', '/', '--unshare-user', '--uid', '1000', '--gid', '1000', '--disable-userns'],
        ...['--', 'npm', '--prefix', checkout, 'run', 'up'],
      ],
      {
        cwd: '/',
        env: cleanEnv({
          npm_config_update_notifier: 'false',
          npm_config_cache: session.tempDir(tmpdir(), 'runnel-npm-'),
        }),
        encoding: 'utf8',
      },
    );
    assert.notEqual(res.status, 0);
    assert.match(res.stderr, /not root, and this machine refuses unprivileged user namespaces/);
    assert.match(res.stderr, /sysctl -w user\.max_user_namespaces=/);
    assert.match(res.stderr, new RegExp(`sudo npm --prefix ${checkout.replace(/\/$/, '')} run up`));
  });
});
