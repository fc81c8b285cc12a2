import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DependencyError, type PackageSources, type Requirement } from './types.js';

/**
 * Locking and installing npm packages with npm itself (Bun and Deno share it, ADR 0035 "Bun and
 * Deno"). The lock is npm's package-lock.json (lockfileVersion 3) of a package whose only
 * content is the script's dependencies; it holds everything `npm ci` needs, so a worker installs
 * from it alone.
 */

const DEFAULT_REGISTRY = 'https://registry.npmjs.org/';
/** The root package's name in every lock: a fixed name keeps the lock independent of the temp dir. */
const ROOT_NAME = 'runnel-script';
/** The child's environment variable that carries the registry token, so it is never written to disk. */
const TOKEN_VARIABLE = 'RUNNEL_NPM_TOKEN';
/** Fewer lines of npm's error than this are quoted; the rest is advice and the log's path. */
const QUOTED_LINES = 4;
/** How much of npm's output is kept to find its complaint in. */
const MAX_OUTPUT = 256 * 1024;

let npmCommand: string[] | undefined;

/**
 * How to start npm: the npm that ships with the running Node (its npm-cli.js, run by this very
 * Node), else `npm` on PATH.
 */
function npm(): string[] {
  npmCommand ??= (() => {
    const bin = dirname(process.execPath);
    const cli = [
      join(bin, '../lib/node_modules/npm/bin/npm-cli.js'),
      join(bin, 'node_modules/npm/bin/npm-cli.js'),
    ].find((path) => existsSync(path));
    return cli ? [process.execPath, cli] : ['npm'];
  })();
  return npmCommand;
}

/**
 * The .npmrc of one npm run: the registry, and its token by reference to an environment variable.
 * It replaces the user's own (`--userconfig`), whose settings (e.g. omit-lockfile-registry-resolved)
 * would otherwise change the lock's text from one machine to the next.
 */
function npmrc(sources: PackageSources): string {
  const registry = new URL(sources.npmRegistry || DEFAULT_REGISTRY);
  const lines = [`registry=${registry.href}`, 'omit-lockfile-registry-resolved=true'];
  if (sources.npmToken) {
    // npm's "nerf dart": the registry URL without its scheme, ending in a slash.
    const path = registry.pathname.endsWith('/') ? registry.pathname : `${registry.pathname}/`;
    lines.push(`//${registry.host}${path}:_authToken=\${${TOKEN_VARIABLE}}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The lines of npm's output that say what went wrong, without its prefix, advice or log path. */
function npmComplaint(output: string): string {
  const lines = output
    .split('\n')
    .filter((line) => line.startsWith('npm error') || line.startsWith('npm ERR!'))
    .map((line) => line.replace(/^npm (error|ERR!)\s*/, '').trim())
    // Blank `404`/`notarget` lines, npm's advice and the path of its log say nothing about the package.
    .filter(
      (line) =>
        !/^(404|notarget)?$|complete log of this run|^notarget In most cases|^404 (Note that|tarball)/.test(line),
    );
  return (lines.length ? lines : [output.trim().split('\n').at(-1) ?? '']).slice(0, QUOTED_LINES).join('\n');
}

/** The requirement npm's complaint is about, if it names one. */
function culprit(complaint: string, requirements: Requirement[]): string | undefined {
  // Longest first: `@scope/pkg-extra` must not be taken for `@scope/pkg`.
  const names = requirements.map(({ name }) => name).sort((a, b) => b.length - a.length);
  return names.find((name) =>
    new RegExp(`(^|[\\s'"/])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(@|['"\\s]|$)`, 'm').test(complaint),
  );
}

/** npm was killed because the caller gave up (a time limit, a cancelled request). */
function stopped(command: string, signal: AbortSignal): DependencyError {
  const reason: unknown = signal.reason;
  return new DependencyError(
    `npm ${command} was stopped: ${reason instanceof Error ? reason.message : String(reason)}`,
  );
}

/** Runs npm in `cwd` with a fresh .npmrc; resolves on success, throws DependencyError quoting npm. */
async function runNpm(
  args: string[],
  cwd: string,
  sources: PackageSources,
  signal: AbortSignal,
  requirements: Requirement[],
): Promise<void> {
  const configDir = await mkdtemp(join(tmpdir(), 'runnel-npmrc-'));
  try {
    const userconfig = join(configDir, '.npmrc');
    await writeFile(userconfig, npmrc(sources), { mode: 0o600 });
    // npm_config_* variables (set when the server itself runs under `npm run`) outrank any .npmrc.
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_config_/i.test(name)));
    if (sources.npmToken) env[TOKEN_VARIABLE] = sources.npmToken;
    const [command, ...prefix] = npm();
    const options = ['--userconfig', userconfig, '--ignore-scripts', '--no-audit', '--no-fund', '--no-update-notifier'];
    const child = spawn(command!, [...prefix, ...args, ...options], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      signal,
      killSignal: 'SIGKILL',
    });
    // A bounded buffer: the complaint is a few lines, and a chatty run must not grow without end.
    let output = '';
    const collect = (chunk: Buffer): void => {
      if (output.length < MAX_OUTPUT) output += chunk.toString();
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    // 'close' comes after 'error' too. Waiting for it matters on abort: 'error' fires at once,
    // while the killed npm may still be writing into the folder that is about to be removed.
    let failure: unknown;
    child.on('error', (err) => (failure ??= err));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    if (signal.aborted) throw stopped(args[0]!, signal);
    if (failure) throw failure;
    if (code !== 0) {
      const complaint = npmComplaint(output);
      const name = culprit(complaint, requirements);
      throw new DependencyError(`${name ? `${name}: ` : ''}npm ${args[0]} failed: ${complaint}`, name);
    }
  } finally {
    await rm(configDir, { recursive: true, force: true });
  }
}

/** The package.json whose dependencies are `requirements`; `*` stands for "any version". */
function manifest(dependencies: Record<string, string>): string {
  return `${JSON.stringify({ name: ROOT_NAME, private: true, dependencies }, null, 2)}\n`;
}

/** Resolves `requirements` with npm and returns the package-lock.json text. */
export async function npmLock(
  requirements: Requirement[],
  sources: PackageSources,
  signal: AbortSignal,
): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'runnel-npm-lock-'));
  try {
    const dependencies = Object.fromEntries(requirements.map(({ name, range }) => [name, range || '*']));
    await writeFile(join(dir, 'package.json'), manifest(dependencies));
    await runNpm(['install', '--package-lock-only'], dir, sources, signal, requirements);
    return await readFile(join(dir, 'package-lock.json'), 'utf8');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The root dependencies a package-lock.json was made for; throws if the text is not one of ours. */
function lockedDependencies(lock: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(lock);
  } catch {
    throw new DependencyError('the lock is not JSON: it was not made by npmLock');
  }
  const root = (parsed as { packages?: Record<string, { dependencies?: unknown }> } | null)?.packages?.[''];
  const dependencies = root?.dependencies ?? {};
  if (!root || typeof dependencies !== 'object' || dependencies === null) {
    throw new DependencyError('the lock is not a package-lock.json (no root package): it was not made by npmLock');
  }
  return dependencies as Record<string, string>;
}

/**
 * Installs exactly `lock` into the empty directory `into`: `into/node_modules` (plus the
 * package.json and package-lock.json that `npm ci` checks it against). No lifecycle script runs.
 */
export async function npmInstall(
  lock: string,
  into: string,
  sources: PackageSources,
  signal: AbortSignal,
): Promise<void> {
  const dependencies = lockedDependencies(lock);
  await writeFile(join(into, 'package.json'), manifest(dependencies));
  await writeFile(join(into, 'package-lock.json'), lock);
  const requirements = Object.entries(dependencies).map(([name, range]) => ({ name, range }));
  await runNpm(['ci', '--no-bin-links'], into, sources, signal, requirements);
}
