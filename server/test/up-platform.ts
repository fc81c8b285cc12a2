import assert from 'node:assert/strict';
import { chmodSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkout, cleanEnv, freePorts, UpSession, type Up } from './up-helpers.js';

export const repoRoot = checkout;

export interface UpPlatform extends Up {
  /** The embedded PostgreSQL's database, as all-in-one.mjs connects to it. */
  databaseUrl: string;
}

/**
 * `npm run up` as the README says, on free ports and a data directory of its own, with no
 * bootstrap variables (so it prints the admin's password); resolves once it prints that Runnel
 * is up. `stop()` sends Ctrl-C, waits for every process to go and removes the data directory.
 */
export async function startUp(env: Record<string, string> = {}): Promise<UpPlatform> {
  // The ports are free when chosen, but another process may take one before `npm run up` binds
  // it; it then stops and names the port: choose again, as a person would.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startUpOnce(env);
    } catch (err) {
      if (attempt === 3 || !/port \d+ \(\w+\) is in use/.test((err as Error).message)) throw err;
    }
  }
}

async function startUpOnce(env: Record<string, string>): Promise<UpPlatform> {
  const session = new UpSession();
  const dataDir = session.tempDir(tmpdir(), 'runnel-up-');
  chmodSync(dataDir, 0o755);
  const [port, pgPort, natsPort] = await freePorts(3);
  try {
    const up = await session.start(
      checkout,
      cleanEnv({
        PORT: String(port),
        RUNNEL_DATA_DIR: dataDir,
        RUNNEL_PG_PORT: String(pgPort),
        RUNNEL_NATS_PORT: String(natsPort),
        ...env,
      }),
    );
    const pgPassword = readFileSync(join(dataDir, 'pg-password'), 'utf8').trim();
    return {
      url: up.url,
      databaseUrl: `postgres://runnel:${encodeURIComponent(pgPassword)}@127.0.0.1:${pgPort}/runnel`,
      output: up.output,
      stop: () => session.cleanUp(),
    };
  } catch (err) {
    await session.cleanUp();
    throw err;
  }
}

/** The admin's password as `npm run up` printed it on the first start, and an API token from it. */
export async function adminLogin(up: UpPlatform): Promise<{ password: string; token: string }> {
  // The start waited for its last line (up-helpers.ts), so this one is in.
  const password = /log in as "admin" with password (\S+)/.exec(up.output())?.[1] ?? '';
  assert.ok(password, `no admin password printed:\n${up.output()}`);
  const login = await fetch(`${up.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: 'admin', password }),
  });
  assert.equal(login.status, 200, await login.clone().text());
  return { password, token: ((await login.json()) as { token: string }).token };
}
