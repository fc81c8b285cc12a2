import { spawn } from 'node:child_process';
import { chown, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { prepareJob } from '@runnel/runtimes';
import { cpuMeter, type CpuUse } from './cpu.js';
import { pool } from './stats.js';

/** The languages the bench runs. */
export type BenchLanguage = 'bash' | 'python3' | 'bun';

const BWRAP = '/usr/bin/bwrap';
/** An unprivileged uid outside the worker's job slots (nobody by default). */
const BARE_UID = Number(process.env.BENCH_BARE_UID ?? 65534);

/** The least bubblewrap that runs an interpreter: fresh namespaces, read-only /usr, /proc, /dev, /tmp. */
const BASE = [
  '--unshare-all',
  '--die-with-parent',
  '--ro-bind',
  '/usr',
  '/usr',
  '--symlink',
  'usr/lib',
  '/lib',
  '--symlink',
  'usr/lib64',
  '/lib64',
  '--symlink',
  'usr/bin',
  '/bin',
  '--proc',
  '/proc',
  '--dev',
  '/dev',
  '--tmpfs',
  '/tmp',
];

/**
 * The Bun executable as a job's sandbox sees it: bound from wherever the bun runtime finds it on
 * the host to the fixed path inside (ADR 0018), with bwrap's arguments that bind it.
 */
export function bunInSandbox(): { path: string; bind: string[] } {
  const prepared = prepareJob('bun', { content: '', args: {}, argOrder: [] });
  const path = prepared.command[0];
  const bind = prepared.binds.find((b) => b.target === path);
  if (!path || !bind) throw new Error('the bun runtime prepared no command with its binary bound');
  return { path, bind: ['--ro-bind', bind.source, bind.target] };
}

/** Issue 16's baseline, as it is written there: the minimal bwrap around `bash -c "echo 1"`. */
export const BARE_ECHO_ARGS: readonly string[] = [...BASE, '/usr/bin/bash', '-c', 'echo 1'];

/** bwrap's arguments for the bare start of one language's interpreter doing nothing. */
export function bareArgs(language: BenchLanguage): string[] {
  switch (language) {
    case 'bash':
      return [...BASE, '/usr/bin/bash', '-c', 'true'];
    case 'python3':
      return [...BASE, '/usr/bin/python3', '-c', 'pass'];
    case 'bun': {
      const bun = bunInSandbox();
      return [...BASE, ...bun.bind, bun.path, '-e', '0'];
    }
  }
}

/** The job as the runtime prepares it (wrapper, args.json, command), in the same minimal bwrap. */
export interface BareJob {
  args: string[];
  env: Record<string, string>;
  dir: string;
}

/**
 * Lays out a job folder owned by the bare uid and returns bwrap's arguments to run the prepared
 * command in it: the cost of the language wrapper without Runnel's sandbox set-up.
 */
export async function prepareBareJob(language: BenchLanguage, content: string): Promise<BareJob> {
  const prepared = prepareJob(language, { content, args: {}, argOrder: [] });
  const dir = await mkdtemp(join(tmpdir(), `runnel-bench-${language}-`));
  for (const [name, text] of Object.entries(prepared.files)) {
    await writeFile(join(dir, name), text);
    await chown(join(dir, name), BARE_UID, BARE_UID);
  }
  await chown(dir, BARE_UID, BARE_UID);
  const binds = prepared.binds.flatMap(({ source, target }) => ['--ro-bind', source, target]);
  return {
    args: [...BASE, ...binds, '--bind', dir, '/job', '--chdir', '/job', ...prepared.command],
    env: { LANG: 'C.UTF-8', ...prepared.env },
    dir,
  };
}

export async function removeBareJob(job: BareJob): Promise<void> {
  await rm(job.dir, { recursive: true, force: true });
}

/** Spawns bwrap as the unprivileged uid; resolves with the milliseconds until it exited and closed its pipes. */
export function runBare(args: readonly string[], extraEnv: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(BWRAP, args, {
      uid: BARE_UID,
      gid: BARE_UID,
      cwd: '/',
      env: { PATH: '/usr/bin:/bin', HOME: '/tmp', ...extraEnv },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const elapsed = performance.now() - started;
      if (code === 0) resolve(elapsed);
      else reject(new Error(`bare bwrap exited with ${code ?? signal}: ${stderr.trim()}`));
    });
  });
}

export interface BareThroughput {
  spawns: number;
  concurrency: number;
  seconds: number;
  perSecond: number;
  cpu: CpuUse;
}

/** `count` bare sandboxes, `concurrency` at a time; `args` defaults to bareArgs('bash') (`bash -c true`). */
export async function bareThroughput(
  count: number,
  concurrency: number,
  args: readonly string[] = bareArgs('bash'),
): Promise<BareThroughput> {
  const stopMeter = cpuMeter();
  const started = performance.now();
  await pool(count, concurrency, async () => {
    await runBare(args);
  });
  const seconds = (performance.now() - started) / 1000;
  return { spawns: count, concurrency, seconds, perSecond: count / seconds, cpu: stopMeter() };
}
