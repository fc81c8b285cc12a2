import assert from 'node:assert/strict';
import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { cleanEnv, cloneCheckout, runBashAndBun, UpSession } from './up-helpers.js';

describe('npm run up from a fresh clone under /tmp', () => {
  const session = new UpSession();
  after(() => session.cleanUp());

  it('works with the default ports busy and a descriptor inherited from the terminal', async () => {
    // The sandbox's own /tmp would hide the clone's interpreters (node_modules/bun).
    const parent = session.tempDir('/tmp', 'runnel-clone-');
    // Open to other users, as /tmp itself: what breaks here is the sandbox's own /tmp alone.
    chmodSync(parent, 0o755);
    const clone = join(parent, 'x');
    cloneCheckout(clone);
    for (const port of [8000, 54329, 4229]) await session.hold(port);
    const token = 'e2e-clone-token';
    // Nothing about ports or the data directory: the defaults, as a new user has them.
    const up = await session.start(clone, cleanEnv({ RUNNEL_BOOTSTRAP_TOKEN: token }), 42);
    for (const [port, variable] of [
      [8000, 'PORT'],
      [54329, 'RUNNEL_PG_PORT'],
      [4229, 'RUNNEL_NATS_PORT'],
    ] as const) {
      assert.match(
        up.output(),
        new RegExp(`port ${port} is in use; using \\d+ instead \\(set ${variable} to choose\\)`),
      );
    }
    await runBashAndBun(up.url, token);
    await session.stop();
    // The worker's start-up line, which would warn of descriptor 42 had it been passed on.
    assert.match(up.output(), /worker \S+: serving .* limits by /);
    assert.doesNotMatch(up.output(), /inherited without close-on-exec/);
  });
});
