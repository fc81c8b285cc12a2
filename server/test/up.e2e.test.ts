import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';

const root = fileURLToPath(new URL('../../..', import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

describe('npm run up, as the README says', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'runnel-up-'));
  chmodSync(dataDir, 0o755);
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('starts embedded PostgreSQL, NATS, server and worker; runs a script; stops cleanly on Ctrl-C', async () => {
    const [port, pgPort, natsPort] = [await freePort(), await freePort(), await freePort()];
    const token = 'e2e-bootstrap-token';
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(port),
      RUNNEL_DATA_DIR: dataDir,
      RUNNEL_PG_PORT: String(pgPort),
      RUNNEL_NATS_PORT: String(natsPort),
      RUNNEL_BOOTSTRAP_TOKEN: token,
    };
    delete env.DATABASE_URL;
    delete env.NATS_URL;
    const up = spawn('npm', ['run', 'up'], { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    up.stdout.on('data', (d) => (output += d));
    up.stderr.on('data', (d) => (output += d));
    // 'close' waits for every process holding the output pipes, not just npm itself.
    const exited = new Promise<string>((resolve) =>
      up.once('close', (code, signal) => resolve(signal ?? String(code))),
    );
    try {
      const deadline = Date.now() + 180_000;
      while (!output.includes('Runnel is up')) {
        if (up.exitCode !== null) assert.fail(`npm run up exited early:\n${output}`);
        if (Date.now() > deadline) assert.fail(`npm run up not ready after 180 s:\n${output}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      const base = `http://127.0.0.1:${port}`;
      assert.match(output, new RegExp(`Runnel is up at ${base}`));
      const health = await fetch(`${base}/api/health`);
      assert.deepEqual(await health.json(), { status: 'ok' });

      const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      const created = await fetch(`${base}/api/w/main/scripts/create`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({
          path: 'f/up/hello',
          language: 'python3',
          content: 'def main(who: str = "world"):\n    return f"hello {who}"',
        }),
      });
      assert.equal(created.status, 201, await created.clone().text());
      const run = await fetch(`${base}/api/w/main/jobs/run_wait_result/p/f/up/hello`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ who: 'runnel' }),
      });
      assert.equal(run.status, 200);
      assert.equal(await run.json(), 'hello runnel');
    } finally {
      if (up.exitCode === null) process.kill(-up.pid!, 'SIGINT');
    }
    const code = await Promise.race([exited, new Promise<string>((r) => setTimeout(() => r('hung'), 30_000))]);
    if (code === 'hung') process.kill(-up.pid!, 'SIGKILL');
    // npm re-raises the SIGINT its child got, as any command stopped by Ctrl-C does.
    assert.ok(code === '0' || code === 'SIGINT', `npm run up ended with ${code}:\n${output.slice(-3000)}`);
    assert.match(output, /\[runnel\] stopped cleanly/, output.slice(-3000));
  });
});
