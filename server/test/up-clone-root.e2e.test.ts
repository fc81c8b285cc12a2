import assert from 'node:assert/strict';
import { chmodSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { assertSecretsWork, cleanEnv, cloneCheckout, freePorts, runBashAndBun, UpSession } from './up-helpers.js';

describe('npm run up as root from a fresh clone under /root', () => {
  const session = new UpSession();
  after(() => session.cleanUp());

  it('works with RUNNEL_DATA_DIR a 0700 directory elsewhere, and logs in with RUNNEL_BOOTSTRAP_PASSWORD; the SDK reads secrets', async () => {
    // Closed to other users like /root itself: neither PostgreSQL's user nor the job uids can enter.
    const closed = session.tempDir('/root', 'runnel-clone-');
    chmodSync(closed, 0o700);
    const clone = join(closed, 'x');
    cloneCheckout(clone);
    const dataDir = session.tempDir(tmpdir(), 'runnel-up-');
    assert.equal(statSync(dataDir).mode & 0o777, 0o700);
    const password = 'e2e-chosen-password';
    const ports = await freePorts(3);
    const up = await session.start(
      clone,
      cleanEnv({
        PORT: String(ports[0]),
        RUNNEL_DATA_DIR: dataDir,
        RUNNEL_PG_PORT: String(ports[1]),
        RUNNEL_NATS_PORT: String(ports[2]),
        RUNNEL_BOOTSTRAP_PASSWORD: password,
      }),
    );
    assert.match(up.output(), /log in as "admin" with the password of RUNNEL_BOOTSTRAP_PASSWORD/);
    const login = await fetch(`${up.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'admin', password }),
    });
    assert.equal(login.status, 200, await login.clone().text());
    const { token } = (await login.json()) as { token: string };
    await runBashAndBun(up.url, token);
    // The SDK sits in the closed clone too: the sandboxes bind a copy the job uids can read.
    await assertSecretsWork(up, dataDir, token);
    await session.stop();
  });
});
