import { spawn, spawnSync } from 'node:child_process';
import { loadWorkerConfig, type WorkerConfig } from './config.js';
import { identity, userNamespaceArgv, USERNS_MARK } from './sandboxes/index.js';
import { routeConsole } from '@runnel/protocol';
import { startWorker, workerLogger, type RunningWorker } from './worker.js';

let config: WorkerConfig;
try {
  config = loadWorkerConfig();
} catch (err) {
  // A configuration mistake is told as one line, not a stack trace.
  console.error(`runnel worker: ${(err as Error).message}`);
  process.exit(1);
}

if (config.sandboxMode === 'rootless' && !identity().namespaceRoot) {
  await runInUserNamespace();
} else {
  await run();
}

/**
 * A rootless worker runs as root of a user namespace of its own (see userNamespaceArgv): this
 * process starts it there and stays only to pass signals on and exit as it does. The worker is
 * in a process group of its own, so that a Ctrl-C reaches it once, from here.
 */
async function runInUserNamespace(): Promise<void> {
  if (process.env[USERNS_MARK]) {
    console.error(
      'runnel worker: started in a user namespace, but not as its root; run it without RUNNEL_WORKER_USERNS',
    );
    process.exit(1);
  }
  const [command, ...args] = userNamespaceArgv([process.execPath, ...process.execArgv, ...process.argv.slice(1)]);
  const probe = spawnSync(command!, [...args.slice(0, args.indexOf('--')), '--', '/bin/true'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    console.error(
      `runnel worker: a worker that is not root runs jobs in unprivileged user namespaces, which this machine refused (${(probe.stderr || probe.error?.message || '').trim()}): allow them (sysctl kernel.unprivileged_userns_clone=1 where it exists, user.max_user_namespaces > 0), or run the worker as root`,
    );
    process.exit(1);
  }
  const child = spawn(command!, args, {
    stdio: 'inherit',
    env: { ...process.env, [USERNS_MARK]: '1' },
    detached: true,
  });
  child.once('error', (err) => {
    console.error(`runnel worker: cannot start in a user namespace of its own (${err.message})`);
    process.exit(1);
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => child.kill(signal));
  }
  const code = await new Promise<number | null>((resolve) => child.once('exit', (exitCode) => resolve(exitCode)));
  process.exit(code ?? 1);
}

async function run(): Promise<void> {
  const log = workerLogger(config);
  // In JSON format every line must be JSON; in a terminal, the console stays as it is.
  if (config.log.format === 'json') routeConsole(log);
  let worker: RunningWorker;
  try {
    worker = await startWorker(config, undefined, undefined, log);
  } catch (err) {
    console.error(`runnel worker: ${(err as Error).message}`);
    process.exit(1);
  }
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) process.exit(1);
      stopping = true;
      log.info(`worker: ${signal}, finishing running jobs (send again to force)`);
      void worker.stop().then(() => process.exit(0));
    });
  }
}
