import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { natsNames, removeTopology } from '@runnel/protocol';
import { loadWorkerConfig, startWorker, type RunningWorker } from '@runnel/worker';
import { startServer, type RunningServer } from '../src/app.js';
import { loadServerConfig } from '../src/common/config.js';

/** The machine's PostgreSQL and NATS; each test file gets its own database and NATS prefix. */
const PG_ADMIN_URL = process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const NATS_URL = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
export const TOKEN = 'test-token-' + randomBytes(8).toString('hex');
const workerMain = fileURLToPath(new URL('../../../worker/dist/src/main.js', import.meta.url));
const serverMain = fileURLToPath(new URL('../src/main.js', import.meta.url));

export interface Harness {
  server: RunningServer;
  url: string;
  prefix: string;
  databaseUrl: string;
  /** fetch against the server with the admin token. */
  api(path: string, init?: RequestInit & { json?: unknown; token?: string | null }): Promise<Response>;
  /**
   * Stops the in-process server and starts a new one on the same database and NATS prefix; with
   * `settings`, those instead of the harness's own `env` (other master keys, none at all).
   */
  restartServer(settings?: Record<string, string>): Promise<void>;
  stopServer(): Promise<void>;
  startServer(settings?: Record<string, string>): Promise<void>;
  /** A server in its own process on the same database and prefix, for crash tests; resolves once it listens. */
  spawnServer(): Promise<{ child: ChildProcess; url: string }>;
  /** A worker in this process. */
  startWorker(env?: Record<string, string>): Promise<RunningWorker>;
  /** A worker in its own process, for crash tests. */
  spawnWorker(env?: Record<string, string>): ChildProcess;
  /** Deploys a script and returns its hash. */
  deploy(path: string, language: string, content: string, extra?: Record<string, unknown>): Promise<string>;
  /** Polls a job until it reaches a final status. */
  waitJob(id: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function startHarness(env: Record<string, string> = {}): Promise<Harness> {
  const suffix = randomBytes(5).toString('hex');
  const database = `runnel_test_${suffix}`;
  const prefix = `t${suffix}`;
  await adminQuery(`CREATE DATABASE ${database}`);
  const databaseUrl = PG_ADMIN_URL.replace(/\/[^/]*$/, `/${database}`);
  const baseEnv = {
    DATABASE_URL: databaseUrl,
    NATS_URL,
    RUNNEL_NATS_PREFIX: prefix,
    RUNNEL_BOOTSTRAP_TOKEN: TOKEN,
    PORT: '0',
    HOST: '127.0.0.1',
  };
  const serverEnv = { ...baseEnv, ...env };
  let server = await startServer(loadServerConfig(serverEnv), ['warn', 'error']);
  let serverUp = true;
  const workers: RunningWorker[] = [];
  const children: ChildProcess[] = [];
  const workerEnv = (extra: Record<string, string>) => ({
    NATS_URL,
    RUNNEL_NATS_PREFIX: prefix,
    WORKER_GROUPS: 'default',
    // Like the server's ['warn', 'error'] above: a line per job would bury the tests' own output.
    RUNNEL_LOG_LEVEL: 'warn',
    ...extra,
  });

  const h: Harness = {
    server,
    url: server.url,
    prefix,
    async restartServer(settings) {
      await h.stopServer();
      await h.startServer(settings);
    },
    async stopServer() {
      if (!serverUp) return;
      serverUp = false;
      await server.close();
    },
    async startServer(settings = env) {
      server = await startServer(loadServerConfig({ ...baseEnv, ...settings }), ['warn', 'error']);
      serverUp = true;
      h.server = server;
      h.url = server.url;
    },
    async spawnServer() {
      // Port 0: the server takes a free one and says which. A port picked here could be taken
      // meanwhile (CI once saw EADDRINUSE: it was in the range outgoing connections draw from).
      const child = spawn(process.execPath, [serverMain], {
        env: { ...process.env, ...serverEnv, PORT: '0' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.push(child);
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        const onData = (chunk: Buffer) => {
          out += chunk.toString();
          const listening = /listening on (http:\/\/[^\s"]+)/.exec(out);
          if (listening) resolve(listening[1]!);
        };
        child.stdout!.on('data', onData);
        child.stderr!.on('data', onData);
        child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
      });
      return { child, url };
    },
    databaseUrl,
    async api(path, init = {}) {
      const headers = new Headers(init.headers);
      const token = init.token === undefined ? TOKEN : init.token;
      if (token) headers.set('authorization', `Bearer ${token}`);
      let body = init.body;
      if (init.json !== undefined) {
        headers.set('content-type', 'application/json');
        body = JSON.stringify(init.json);
      }
      return fetch(server.url + path, { ...init, headers, body });
    },
    async startWorker(extra = {}) {
      const worker = await startWorker(loadWorkerConfig(workerEnv(extra)));
      workers.push(worker);
      return worker;
    },
    spawnWorker(extra = {}) {
      const child = spawn(process.execPath, [workerMain], {
        env: { ...process.env, ...workerEnv(extra) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.push(child);
      return child;
    },
    async deploy(path, language, content, extra = {}) {
      const res = await h.api('/api/w/main/scripts/create', {
        method: 'POST',
        json: { path, language, content, ...extra },
      });
      const text = await res.text();
      if (res.status !== 201 && res.status !== 200) throw new Error(`deploy ${path}: ${res.status} ${text}`);
      return text;
    },
    async waitJob(id, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const job = (await (await h.api(`/api/w/main/jobs_u/get/${id}`)).json()) as Record<string, unknown>;
        if (['success', 'failure', 'canceled'].includes(job.status as string)) return job;
        if (Date.now() > deadline) throw new Error(`job ${id} still ${job.status} after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async close() {
      for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
      await Promise.all(workers.map((w) => w.stop(1000)));
      await h.stopServer();
      await removeTopology(NATS_URL, natsNames(prefix));
      await adminQuery(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    },
  };
  return h;
}

/**
 * A user with a role in a workspace (created if missing) and an API token, written straight to the
 * database: tests of roles and of workspaces' isolation need members the admin API cannot make.
 */
export async function addUser(
  h: Pick<Harness, 'databaseUrl'>,
  role: string,
  opts: { workspace?: string; scopes?: string[]; expires_at?: Date } = {},
): Promise<{ id: string; token: string }> {
  const workspace = opts.workspace ?? 'main';
  const client = new pg.Client({ connectionString: h.databaseUrl });
  await client.connect();
  try {
    const id = randomUUID();
    const token = `rn_test_${randomUUID()}`;
    await client.query('INSERT INTO workspace (id, name) VALUES ($1, $1) ON CONFLICT DO NOTHING', [workspace]);
    await client.query('INSERT INTO app_user (id, email, username) VALUES ($1, $2, $3)', [id, `${id}@x`, `u${id}`]);
    await client.query('INSERT INTO workspace_member (workspace_id, user_id, role) VALUES ($1, $2, $3)', [
      workspace,
      id,
      role,
    ]);
    await client.query(
      'INSERT INTO api_token (id, token_hash, label, user_id, scopes, expires_at) VALUES ($1, $2, $3, $4, $5, $6)',
      [
        randomUUID(),
        createHash('sha256').update(token).digest('hex'),
        'test',
        id,
        opts.scopes ?? null,
        opts.expires_at ?? null,
      ],
    );
    return { id, token };
  } finally {
    await client.end();
  }
}

/** A response's JSON body; tests read many shapes, and typing each would only restate the assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function json(res: Response | Promise<Response>): Promise<any> {
  return (await res).json();
}

/** Polls `probe` until it answers something other than undefined. */
export async function until<T>(probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A GET with a Host header of our choosing (fetch sends the URL's own), with a bearer token. */
export function getWithHost(url: string, host: string, token: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { host, authorization: `Bearer ${token}` } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    req.end();
  });
}
