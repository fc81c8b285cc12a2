import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checkout these tests were built from. */
export const checkout = fileURLToPath(new URL('../../..', import.meta.url));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** `count` distinct free ports: each is held until all are found, so none is handed out twice. */
export async function freePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const srv = createServer();
      await new Promise<void>((resolve, reject) => {
        srv.once('error', reject);
        srv.listen(0, '127.0.0.1', resolve);
      });
      servers.push(srv);
    }
    return servers.map((srv) => (srv.address() as { port: number }).port);
  } finally {
    await Promise.all(servers.map((srv) => new Promise((resolve) => srv.close(resolve))));
  }
}

/** Listens on `port` until closed; undefined if something else holds it already. */
function holdPort(port: number): Promise<Server | undefined> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(undefined));
    srv.listen(port, '127.0.0.1', () => resolve(srv));
  });
}

/**
 * A git clone of this checkout's committed HEAD at `dir`, as a new user gets it. Its
 * node_modules are hard links to ours (an `npm ci` per clone would take most of the test's time);
 * `npm run up` builds it as it would any fresh clone.
 */
export function cloneCheckout(dir: string): void {
  execFileSync('git', ['clone', '-q', checkout, dir]);
  execFileSync('cp', ['-al', `${checkout}/node_modules`, `${dir}/node_modules`]);
}

/** An environment without anything `npm run up` would take instead of its defaults. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of [
    'DATABASE_URL',
    'NATS_URL',
    'PORT',
    'RUNNEL_DATA_DIR',
    'RUNNEL_PG_PORT',
    'RUNNEL_NATS_PORT',
    'RUNNEL_MASTER_KEY',
    'RUNNEL_MASTER_KEY_PREVIOUS',
  ]) {
    delete env[name];
  }
  for (const name of Object.keys(env)) if (name.startsWith('RUNNEL_BOOTSTRAP_')) delete env[name];
  return { ...env, ...extra };
}

export interface Up {
  /** The URL it printed. */
  url: string;
  output(): string;
  /** Ctrl-C, as a terminal would send it; asserts that everything stopped cleanly. */
  stop(): Promise<void>;
}

/**
 * `command` (npm run up, or a way of running it) in its own process group, until it prints
 * the URL. With `leakFd`, a shell opens that descriptor without close-on-exec first, as a
 * terminal may leave one open.
 */
export async function startUp(
  command: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; leakFd?: number },
): Promise<Up> {
  const argv = options.leakFd
    ? ['bash', '-c', `exec ${options.leakFd}</dev/null; exec "$@"`, 'bash', ...command]
    : command;
  const up: ChildProcess = spawn(argv[0]!, argv.slice(1), {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  up.stdout!.on('data', (d) => (output += d));
  up.stderr!.on('data', (d) => (output += d));
  // 'close' waits for every process holding the output pipes, not just npm itself.
  const exited = new Promise<string>((resolve) => up.once('close', (code, signal) => resolve(signal ?? String(code))));
  const kill = (signal: NodeJS.Signals) => {
    try {
      process.kill(-up.pid!, signal);
    } catch {
      // The group is gone.
    }
  };
  const stop = async () => {
    if (up.exitCode === null) kill('SIGINT');
    const code = await Promise.race([exited, new Promise<string>((r) => setTimeout(() => r('hung'), 30_000))]);
    if (code === 'hung') kill('SIGKILL');
    // npm re-raises the SIGINT its child got, as any command stopped by Ctrl-C does.
    assert.ok(code === '0' || code === 'SIGINT', `npm run up ended with ${code}:\n${output.slice(-3000)}`);
    assert.match(output, /\[runnel\] stopped cleanly/, output.slice(-3000));
  };
  try {
    const deadline = Date.now() + 180_000;
    let url: RegExpExecArray | null;
    // Up once its last start-up line is out: the lines after "Runnel is up" (how to log in) may
    // come in a later read of the pipe.
    while (!(url = /Runnel is up at (http:\/\/\S+)/.exec(output)) || !output.includes('Ctrl-C stops everything')) {
      if (up.exitCode !== null) assert.fail(`npm run up exited early:\n${output}`);
      if (Date.now() > deadline) assert.fail(`npm run up not ready after 180 s:\n${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    return { url: url[1]!, output: () => output, stop };
  } catch (err) {
    kill('SIGKILL');
    throw err;
  }
}

/** Deploys and runs one bash and one TypeScript (Bun) script through the API, with `token`. */
export async function runBashAndBun(url: string, token: string): Promise<void> {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const scripts = [
    { language: 'bash', content: 'who="$1"\necho "bash greets $who"', expected: 'bash greets runnel' },
    {
      language: 'bun',
      content: 'export function main(who: string) {\n  return `bun greets ${who}`;\n}',
      expected: 'bun greets runnel',
    },
  ];
  for (const { language, content, expected } of scripts) {
    const path = `f/up/${language}_${randomBytes(3).toString('hex')}`;
    const created = await fetch(`${url}/api/w/main/scripts/create`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ path, language, content }),
    });
    assert.equal(created.status, 201, await created.clone().text());
    const run = await fetch(`${url}/api/w/main/jobs/run_wait_result/p/${path}`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ who: 'runnel' }),
    });
    assert.equal(run.status, 200, `${language}: ${await run.clone().text()}`);
    assert.equal(await run.json(), expected, language);
  }
}

/** What one test file of `npm run up` leaves behind, undone in its `after`. */
export class UpSession {
  private readonly dirs: string[] = [];
  private readonly held: Server[] = [];
  private running?: Up;

  tempDir(parent: string, prefix: string): string {
    const dir = mkdtempSync(join(parent, prefix));
    this.dirs.push(dir);
    return dir;
  }

  /** Holds `port` until the clean-up (if something else holds it, it stays busy all the same). */
  async hold(port: number): Promise<void> {
    const srv = await holdPort(port);
    if (srv) this.held.push(srv);
  }

  async start(clone: string, env: NodeJS.ProcessEnv, leakFd?: number): Promise<Up> {
    this.running = await startUp(['npm', '--prefix', clone, 'run', 'up'], { cwd: '/', env, leakFd });
    return this.running;
  }

  async stop(): Promise<void> {
    const running = this.running;
    this.running = undefined;
    await running?.stop();
  }

  async cleanUp(): Promise<void> {
    await this.stop().catch(() => {});
    for (const srv of this.held) srv.close();
    for (const dir of this.dirs) rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The secrets of a started `npm run up` work end to end: its first start made the master key
 * (`<dataDir>/master-key`, said where, mode 0600), a secret variable made through REST is read by
 * Windmill's client in Python and Deno (the SDK's mounts, the job's socket) and handed to a Bun
 * script as a `$var:` argument; every job succeeds and its logs show `********`, never the value,
 * and nothing `npm run up` printed shows it either.
 */
export async function assertSecretsWork(up: Up, dataDir: string, token: string): Promise<void> {
  const file = join(dataDir, 'master-key');
  assert.match(up.output(), new RegExp(`made the master key of secrets: ${file} \\(mode 0600\\)`));
  assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.equal(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64').length, 32);
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const api = (path: string, body?: unknown) =>
    fetch(
      `${up.url}/api/w/main/${path}`,
      body === undefined ? { headers } : { method: 'POST', headers, body: JSON.stringify(body) },
    );
  const suffix = randomBytes(3).toString('hex');
  const variable = `f/up/secret_${suffix}`;
  const secret = `up-secret-${randomBytes(8).toString('hex')}`;
  const created = await api('variables/create', { path: variable, value: secret, is_secret: true });
  assert.equal(created.status, 201, await created.text());
  const scripts = [
    {
      language: 'python3',
      content: `import wmill\n\n\ndef main():\n    value = wmill.get_variable("${variable}")\n    print("the secret is " + value)\n    return len(value)\n`,
      args: {},
    },
    {
      language: 'deno',
      content: `import * as wmill from 'npm:windmill-client@1';\n\nexport async function main() {\n  const value = await wmill.getVariable('${variable}');\n  console.log('the secret is ' + value);\n  return value.length;\n}\n`,
      args: {},
    },
    {
      language: 'bun',
      content:
        'export function main(password: string) {\n  console.log(`the secret is ${password}`);\n  return password.length;\n}',
      args: { password: `$var:${variable}` },
    },
  ];
  /** Runs the script at `path` to its end: it succeeded, returned the secret's length and logged it masked. */
  const runMasked = async (language: string, path: string, args: Record<string, unknown>): Promise<void> => {
    const run = await api(`jobs/run/p/${path}`, args);
    assert.equal(run.status, 201, `${language}: ${await run.clone().text()}`);
    const id = await run.text();
    let job: { status?: string; result?: unknown } = {};
    for (const deadline = Date.now() + 60_000; !['success', 'failure', 'canceled'].includes(job.status ?? '');) {
      assert.ok(Date.now() < deadline, `${language} job ${id} still ${job.status} after 60 s`);
      await new Promise((r) => setTimeout(r, 200));
      job = (await (await api(`jobs_u/get/${id}`)).json()) as typeof job;
    }
    assert.equal(job.status, 'success', `${language}: ${JSON.stringify(job.result)}`);
    assert.equal(job.result, secret.length, language);
    const logs = await (await api(`jobs_u/get_logs/${id}`)).text();
    assert.match(logs, /the secret is \*{8}/, `${language}: ${logs}`);
    assert.ok(!logs.includes(secret), `${language} logs show the secret: ${logs}`);
  };
  for (const { language, content, args } of scripts) {
    const path = `f/up/${language}_secret_${suffix}`;
    const made = await api('scripts/create', { path, language, content });
    assert.equal(made.status, 201, await made.text());
    await runMasked(language, path, args);
  }
  // Again: the pool has most likely started a Python sandbox meanwhile, whose folder (and socket) comes later.
  await runMasked('python3', `f/up/python3_secret_${suffix}`, {});
  // Nor in what the server, the worker, PostgreSQL and NATS printed meanwhile.
  assert.ok(!up.output().includes(secret), 'npm run up printed the secret');
}
