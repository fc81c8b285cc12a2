import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { natsNames, removeTopology } from '@runnel/protocol';
import { loadServerConfig, startServer, type RunningServer } from '@runnel/server';
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { loadWorkerConfig, type NetworkPolicy, type RunningWorker } from '@runnel/worker';

// BENCH_WORKER_MAIN: another worker build to run (e.g. an older one, to compare in the same minutes).
const WORKER_MAIN =
  process.env.BENCH_WORKER_MAIN ?? fileURLToPath(new URL('../../worker/dist/src/main.js', import.meta.url));

const PG_ADMIN_URL = process.env.BENCH_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

/** The fields of a job the bench reads (GET jobs_u/get/{id}). */
export interface JobView {
  id: string;
  status: string;
  created_at: string;
  started_at: string | null;
  completed_at: string | null;
  duration_ms: number | null;
}

/** A server in this process on its own database and NATS prefix, and the worker of the moment. */
export interface Stack {
  url: string;
  prefix: string;
  /** The stack's own database, for benches that read PostgreSQL itself (sizes, row counts). */
  databaseUrl: string;
  api(path: string, json?: unknown): Promise<Response>;
  /**
   * POSTs JSON over a keep-alive node:http agent: the throughput client, lighter than fetch
   * (whose web streams cost the shared cores ~1.5 ms per request), as a client on another machine would be.
   */
  post(path: string, json: unknown): Promise<{ status: number; body: string }>;
  deploy(path: string, language: string, content: string): Promise<void>;
  job(id: string): Promise<JobView>;
  /**
   * Starts a worker process, as deployed (and as `npm run up` does). Without `apart`, the previous
   * one must be stopped first; with it, several run at once, each on uids and a work folder of its own.
   */
  startWorker(
    network: NetworkPolicy,
    apart?: WorkerApart,
    settings?: Record<string, string>,
  ): Promise<{ worker: RunningWorker; concurrency: number; pid: number }>;
  close(): Promise<void>;
}

/** Where a worker's sandbox keeps its jobs, for several worker processes on one machine. */
export interface WorkerApart {
  /** Host uid of its first job slot (it uses up to 64). */
  uidBase: number;
  workRoot: string;
}

// A worker with its sandbox set apart (see worker-entry.ts).
const APART_MAIN = fileURLToPath(new URL('./worker-entry.js', import.meta.url));

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** `settings`: more server environment (e.g. RUNNEL_MASTER_KEY for secrets). */
export async function startStack(settings: Record<string, string> = {}): Promise<Stack> {
  const suffix = randomBytes(5).toString('hex');
  const database = `runnel_bench_${suffix}`;
  const databaseUrl = PG_ADMIN_URL.replace(/\/[^/]*$/, `/${database}`);
  const prefix = `b${suffix}`;
  const token = `bench-${randomBytes(16).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${database}`);
  const workers: RunningWorker[] = [];
  const agent = new Agent({ keepAlive: true });
  let server: RunningServer | undefined;

  const cleanUp = async (): Promise<void> => {
    agent.destroy();
    for (const worker of workers.splice(0)) await worker.stop(1000).catch(() => undefined);
    await server?.close().catch((err: Error) => console.error(`bench: closing the server: ${err.message}`));
    await removeTopology(NATS_URL, natsNames(prefix)).catch((err: Error) =>
      console.error(`bench: deleting NATS streams: ${err.message}`),
    );
    await adminQuery(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch((err: Error) =>
      console.error(`bench: dropping ${database}: ${err.message}`),
    );
  };

  try {
    server = await startServer(
      loadServerConfig({
        DATABASE_URL: databaseUrl,
        NATS_URL,
        RUNNEL_NATS_PREFIX: prefix,
        RUNNEL_BOOTSTRAP_TOKEN: token,
        PORT: '0',
        HOST: '127.0.0.1',
        // For an A/B of the prepared statements (ADR 0051).
        ...(process.env.RUNNEL_DB_PREPARED ? { RUNNEL_DB_PREPARED: process.env.RUNNEL_DB_PREPARED } : {}),
        ...settings,
      }),
      ['warn', 'error'],
    );
  } catch (err) {
    await cleanUp();
    throw err;
  }
  const url = server.url;

  const stack: Stack = {
    url,
    prefix,
    databaseUrl,
    api(path, json) {
      const headers: Record<string, string> = { authorization: `Bearer ${token}` };
      if (json === undefined) return fetch(url + path, { headers });
      headers['content-type'] = 'application/json';
      return fetch(url + path, { method: 'POST', headers, body: JSON.stringify(json) });
    },
    post(path, json) {
      const body = JSON.stringify(json);
      return new Promise((resolve, reject) => {
        const req = request(
          url + path,
          {
            method: 'POST',
            agent,
            headers: {
              authorization: `Bearer ${token}`,
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(body),
            },
          },
          (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => (text += chunk));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
            res.on('error', reject);
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    },
    async deploy(path, language, content) {
      const res = await stack.api('/api/w/main/scripts/create', { path, language, content });
      const text = await res.text();
      if (res.status !== 200 && res.status !== 201) throw new Error(`deploy ${path}: ${res.status} ${text}`);
    },
    async job(id) {
      const res = await stack.api(`/api/w/main/jobs_u/get/${id}`);
      if (res.status !== 200) throw new Error(`job ${id}: ${res.status} ${await res.text()}`);
      return (await res.json()) as JobView;
    },
    async startWorker(network, apart, settings = {}) {
      const env = {
        NATS_URL,
        RUNNEL_NATS_PREFIX: prefix,
        WORKER_GROUPS: 'default',
        WORKER_NETWORK: network,
        ...(process.env.WORKER_CONCURRENCY ? { WORKER_CONCURRENCY: process.env.WORKER_CONCURRENCY } : {}),
        ...settings,
      };
      const config = loadWorkerConfig(env);
      // BENCH_WORKER_NODE_ARGS: extra node options for the worker, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
      const nodeArgs = (process.env.BENCH_WORKER_NODE_ARGS ?? '').split(' ').filter(Boolean);
      const main = apart ? APART_MAIN : WORKER_MAIN;
      const where = apart ? { BENCH_UID_BASE: String(apart.uidBase), BENCH_WORK_ROOT: apart.workRoot } : {};
      const child = spawn(process.execPath, [...nodeArgs, main], {
        env: { PATH: process.env.PATH, ...env, ...where },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      await new Promise<void>((resolve, reject) => {
        let out = '';
        let ready = false;
        child.stdout.setEncoding('utf8');
        // Read to the end (a pipe nobody reads would stall the worker), kept only until it is ready:
        // it writes a line per job after that.
        child.stdout.on('data', (text: string) => {
          if (ready) return;
          out += text;
          if (out.includes('serving')) {
            ready = true;
            resolve();
          }
        });
        child.once('exit', (code) => reject(new Error(`worker exited with ${code} before it was ready:\n${out}`)));
      });
      const worker: RunningWorker = {
        async stop() {
          workers.splice(workers.indexOf(worker), 1);
          if (child.exitCode !== null) return;
          const exited = new Promise((resolve) => child.once('exit', resolve));
          child.kill('SIGTERM');
          await exited;
        },
      };
      workers.push(worker);
      return { concurrency: config.concurrency, worker, pid: child.pid! };
    },
    close: cleanUp,
  };
  return stack;
}
