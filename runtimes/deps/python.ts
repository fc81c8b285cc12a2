import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PYTHON } from '../python3/prepare.js';
import { inferPythonRequirements, normalizeName } from './python-imports.js';
import { DependencyError, type LanguageDeps, type PackageSources, type Requirement } from './types.js';

/**
 * Options of every pip run. Wheels only: an sdist would run its setup.py here, on the server at
 * deploy, and would need a compiler on every worker. One retry and a short socket timeout: an
 * unreachable index fails the deploy in seconds, not after pip's minutes of back-off.
 */
const PIP_OPTIONS = [
  '--quiet',
  '--no-input',
  '--disable-pip-version-check',
  '--no-cache-dir',
  '--only-binary=:all:',
  '--timeout=15',
  '--retries=1',
];

/** How much of pip's stderr is kept for the error message. */
const STDERR_LIMIT = 64 * 1024;

/** One line of a lock: a normalized name pinned to one version. */
const LOCK_LINE = /^[a-z0-9]+(?:-[a-z0-9]+)*==[A-Za-z0-9.+!_-]+$/;

/** `--index-url`, `--extra-index-url`, `--find-links`; a wheel folder alone means no index at all. */
function sourceOptions(sources: PackageSources): string[] {
  const split = (value?: string) => value?.split(/\s+/).filter(Boolean) ?? [];
  const extraIndexes = split(sources.pipExtraIndexUrl);
  const findLinks = split(sources.pipFindLinks);
  const options: string[] = [];
  if (sources.pipIndexUrl) options.push('--index-url', sources.pipIndexUrl);
  else if (findLinks.length > 0 && extraIndexes.length === 0) options.push('--no-index');
  for (const url of extraIndexes) options.push('--extra-index-url', url);
  for (const link of findLinks) options.push('--find-links', link);
  return options;
}

/**
 * pip's environment: none of the server's own pip settings (PIP_* variables, pip.conf, the user
 * site), a private HOME and TMPDIR, and the proxy variables that reach the index.
 */
function pipEnvironment(scratch: string): NodeJS.ProcessEnv {
  const proxies = Object.entries(process.env).filter(([name]) => /^(https?|no|all)_proxy$/i.test(name));
  return {
    ...Object.fromEntries(proxies),
    PATH: '/usr/bin:/bin',
    LANG: 'C.UTF-8',
    HOME: scratch,
    TMPDIR: scratch,
    PIP_CONFIG_FILE: '/dev/null',
    PYTHONNOUSERSITE: '1',
  };
}

/** The package pip names in its error, if any. */
function failedPackage(stderr: string): string | undefined {
  const match = /(?:No matching distribution found for|satisfies the requirement) ([A-Za-z0-9._-]+)/.exec(stderr);
  return match?.[1];
}

/** pip's own ERROR lines (and why the index was unreachable, if it was), else the end of what it said. */
function pipMessage(stderr: string): string {
  const lines = stderr.split('\n').map((line) => line.trim());
  const errors = lines.filter((line) => line.startsWith('ERROR:'));
  const unreachable = lines.find((line) => line.includes('Failed to establish a new connection'));
  if (errors.length === 0) return lines.filter(Boolean).slice(-10).join('\n');
  const reason = unreachable ? /Failed to establish a new connection: ([^']*)/.exec(unreachable)?.[1] : undefined;
  return [...errors, ...(reason ? [`(the index was unreachable: ${reason})`] : [])].join('\n');
}

/**
 * Runs `python3 -m pip <args> -r <requirements>` in `scratch`, which holds the requirements file
 * (node's stdin is a socket, which pip can't open as /dev/stdin); a failure is a DependencyError
 * quoting pip.
 */
async function runPip(args: string[], requirements: string, scratch: string, signal: AbortSignal): Promise<void> {
  const file = join(scratch, 'requirements.txt');
  await writeFile(file, requirements);
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, ['-m', 'pip', ...args, '-r', file, ...PIP_OPTIONS], {
      cwd: scratch,
      env: pipEnvironment(scratch),
      signal,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      if (stderr.length < STDERR_LIMIT) stderr += chunk;
    });
    child.on('error', (error) =>
      reject(signal.aborted ? signal.reason : new DependencyError(`cannot run pip: ${error.message}`)),
    );
    child.on('close', (code) => {
      if (code === 0) return resolve();
      const packageName = failedPackage(stderr);
      const subject = packageName ? `cannot install Python package "${packageName}"` : 'pip failed';
      reject(new DependencyError(`${subject}: ${pipMessage(stderr)}`, packageName));
    });
  });
}

/** The `name==version` lines of pip's installation report, transitive distributions included. */
function lockFromReport(report: string): string {
  const { install } = JSON.parse(report) as { install: { metadata: { name: string; version: string } }[] };
  const lines = new Set(install.map(({ metadata }) => `${normalizeName(metadata.name)}==${metadata.version}\n`));
  return [...lines].sort().join('');
}

async function lock(requirements: Requirement[], sources: PackageSources, signal: AbortSignal): Promise<string> {
  if (requirements.length === 0) return '';
  const scratch = await mkdtemp(join(tmpdir(), 'runnel-pip-lock-'));
  try {
    const report = join(scratch, 'report.json');
    // --ignore-installed: the lock lists everything, including what this machine's Python happens to have.
    await runPip(
      ['install', '--dry-run', '--ignore-installed', '--report', report, ...sourceOptions(sources)],
      requirements.map(({ name, range }) => `${name}${range}\n`).join(''),
      scratch,
      signal,
    );
    return lockFromReport(await readFile(report, 'utf8'));
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

async function install(lockText: string, into: string, sources: PackageSources, signal: AbortSignal): Promise<void> {
  const lines = lockText.split('\n').filter(Boolean);
  // The lock becomes a requirements file, where a line could also be a pip option (`--index-url …`).
  const invalid = lines.find((line) => !LOCK_LINE.test(line));
  if (invalid !== undefined) throw new DependencyError(`invalid line in a Python lock: "${invalid}"`);
  if (lines.length === 0) return;
  // pip's scratch space inside `into`, so that nothing outside it is written, even by a killed install.
  const scratch = join(into, '.pip-scratch');
  await mkdir(scratch);
  // --no-deps: the lock already lists every distribution, so exactly it is installed.
  await runPip(['install', '--no-deps', '--target', into, ...sourceOptions(sources)], lockText, scratch, signal);
  await rm(scratch, { recursive: true, force: true });
}

/** Python: imports and Windmill's requirement comments, locked and installed with pip (docs/adr/0035). */
export const pythonDeps: LanguageDeps = {
  infer: inferPythonRequirements,
  lock,
  install,
};
