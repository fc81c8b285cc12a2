import { execFile } from 'node:child_process';
import {
  chmodSync,
  closeSync,
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readlinkSync,
  symlinkSync,
  writeSync,
} from 'node:fs';
import { chmod, copyFile, lstat, mkdir, readFile, readlink, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { join } from 'node:path';
import type { PreparedJob } from '@runnel/runtimes';
import { SLIRP_DNS } from './network.js';
import type { NetworkPolicy } from './sandbox.js';

/** The job's uid and gid as seen inside the sandbox (the host side is its slot's uid). */
export const SANDBOX_UID = 1000;
export const SANDBOX_HOSTNAME = 'runnel';
/** Where a job's installed dependencies are bound, read-only (JobInput.deps); the same for every job. */
export const DEPS_IN_SANDBOX = '/opt/runnel/deps';
import { BLOCK_FD, INFO_FD } from './bwrap-fds.js';
import { reachableCopy } from './host.js';

/**
 * Small files of the host's /etc a job may need, copied into the sandbox's /etc when the worker
 * starts (never passwd, shadow or secrets). ld.so.cache changes only when libraries are
 * installed; a worker restart picks the new one up.
 */
const HOST_ETC_FILES = [
  'ld.so.cache', // without it the loader can't find Debian's multiarch libraries
  'localtime',
  'protocols',
  'services',
  'mime.types',
];
/**
 * Directories of the host's /etc a job may need, copied into the sandbox's /etc when the worker
 * starts (what anyone may read of them: never /etc/ssl/private). A copy rather than a bind: each
 * bind is a mount more for bwrap, ~0.45 ms of its ~9 ms per job. Certificates the host adds are
 * seen by jobs once the worker restarts, as for ld.so.cache.
 */
const HOST_ETC_DIRS = [
  'ssl',
  'ca-certificates',
  'alternatives', // /usr/bin/awk and friends are symlinks through here
];

/** Root-level names that merged-/usr systems make symlinks into /usr. */
const USR_LINKS = ['bin', 'sbin', 'lib', 'lib64', 'lib32', 'libx32'];

/** A copy of the host's /etc/`name` in `etcDir` (a symlink stays one), or none if the host has none. */
async function copyHostEtc(etcDir: string, name: string): Promise<void> {
  const source = `/etc/${name}`;
  const target = join(etcDir, name);
  let stat;
  try {
    stat = await lstat(source);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    await rm(target, { force: true });
    return;
  }
  const temporary = join(etcDir, `.${name}.${process.pid}`);
  await rm(temporary, { force: true });
  if (stat.isSymbolicLink()) {
    await symlink(await readlink(source), temporary);
  } else {
    await copyFile(source, temporary);
    await chmod(temporary, 0o644);
  }
  await rename(temporary, target);
}

/**
 * Copies what anyone may read of `source` (a directory) to `target`: symlinks as they are,
 * readable files with mode 644, directories anyone may enter; nothing else.
 */
function copyReadable(source: string, target: string): void {
  mkdirSync(target, { mode: 0o755 });
  for (const name of readdirSync(source)) {
    const from = join(source, name);
    const to = join(target, name);
    const stat = lstatSync(from);
    if (stat.isSymbolicLink()) symlinkSync(readlinkSync(from), to);
    else if (stat.isDirectory() && (stat.mode & 0o005) === 0o005) copyReadable(from, to);
    else if (stat.isFile() && stat.mode & 0o004) {
      copyFileSync(from, to);
      chmodSync(to, 0o644);
    }
  }
}

/** What changes when anything copyReadable copies of `path` does: each entry's name, type, mode, size and time. */
function stampOf(path: string): string {
  let stat;
  try {
    stat = lstatSync(path);
  } catch {
    return 'none';
  }
  const line = `${path} ${stat.mode} ${stat.size} ${stat.mtimeMs}\n`;
  // Only where copyReadable goes.
  if (!stat.isDirectory() || (stat.mode & 0o005) !== 0o005) return line;
  return (
    line +
    readdirSync(path)
      .sort()
      .map((name) => stampOf(join(path, name)))
      .join('')
  );
}

/**
 * Replaces `etcDir`/`name` with a fresh copy of the host's /etc/`name` (none if the host has
 * none), unless the last copy was made of the same files (a stamp beside it says). Made aside
 * and swapped in: for a moment between the two renames it is missing, which a job of another
 * worker on this work root starting right then would see.
 */
async function copyHostEtcDir(etcDir: string, name: string): Promise<void> {
  const target = join(etcDir, name);
  const stampFile = join(etcDir, `.${name}.stamp`);
  const stamp = stampOf(`/etc/${name}`);
  if (existsSync(target) && (await readFile(stampFile, 'utf8').catch(() => '')) === stamp) return;
  const fresh = join(etcDir, `.${name}.${process.pid}`);
  const old = join(etcDir, `.${name}.old.${process.pid}`);
  await Promise.all([rm(fresh, { recursive: true, force: true }), rm(old, { recursive: true, force: true })]);
  try {
    // Synchronously: ~1,000 small operations, far slower one by one through the threadpool.
    copyReadable(`/etc/${name}`, fresh);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    await rm(fresh, { recursive: true, force: true });
  }
  await rename(target, old).catch(ignoreMissing);
  // Another worker's copy may have gone in meanwhile: as good as this one.
  await rename(fresh, target).catch(() => rm(fresh, { recursive: true, force: true }));
  await rm(old, { recursive: true, force: true });
  const temporary = `${stampFile}.${process.pid}`;
  await writeFile(temporary, stamp);
  await rename(temporary, stampFile);
}

function ignoreMissing(err: NodeJS.ErrnoException): void {
  if (err.code !== 'ENOENT') throw err;
}

/** The sandbox's /etc for a network policy: `outbound` has slirp's resolver, the others none. */
export function etcFor(etcDir: string, network: NetworkPolicy): string {
  return network === 'outbound' ? `${etcDir}-outbound` : etcDir;
}

/**
 * Writes the sandbox's /etc, a directory bound whole (one mount rather than one per file: bwrap
 * reads the mount table again for each): a passwd and group that know only root, the job user
 * and nobody; name resolution through files, then DNS; copies of HOST_ETC_FILES and
 * HOST_ETC_DIRS; an empty resolv.conf (a mount point for `host`). The same again in
 * etcFor(etcDir, 'outbound'), whose resolv.conf names slirp's resolver. Refreshed by each worker
 * that starts on this work root.
 */
export async function writeSandboxEtc(etcDir: string): Promise<void> {
  await Promise.all([writeEtc(etcDir, ''), writeEtc(etcFor(etcDir, 'outbound'), `nameserver ${SLIRP_DNS}\n`)]);
}

async function writeEtc(etcDir: string, resolvConf: string): Promise<void> {
  await mkdir(etcDir, { recursive: true, mode: 0o755 });
  await chmod(etcDir, 0o755);
  const files: Record<string, string> = {
    passwd: [
      'root:x:0:0:root:/root:/usr/sbin/nologin',
      `runnel:x:${SANDBOX_UID}:${SANDBOX_UID}:Runnel job:/tmp:/bin/sh`,
      'nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin',
      '',
    ].join('\n'),
    group: ['root:x:0:', `runnel:x:${SANDBOX_UID}:`, 'nogroup:x:65534:', ''].join('\n'),
    hosts: `127.0.0.1\tlocalhost ${SANDBOX_HOSTNAME}\n::1\tlocalhost ip6-localhost ip6-loopback\n`,
    'nsswitch.conf':
      'passwd: files\ngroup: files\nhosts: files dns\nnetworks: files\nprotocols: files\nservices: files\n',
    'resolv.conf.slirp': `nameserver ${SLIRP_DNS}\n`,
  };
  // Written aside and renamed: another worker sharing the work root may be running jobs right now.
  await Promise.all(
    Object.entries(files).map(async ([name, text]) => {
      const temporary = join(etcDir, `.${name}.${process.pid}`);
      await writeFile(temporary, text, { mode: 0o644 });
      await rename(temporary, join(etcDir, name));
    }),
  );
  await Promise.all(HOST_ETC_FILES.map((name) => copyHostEtc(etcDir, name)));
  await Promise.all(HOST_ETC_DIRS.map((name) => copyHostEtcDir(etcDir, name)));
  // A mount point for `host`'s resolv.conf, so never replaced; its content is `outbound`'s only.
  if (resolvConf) {
    const temporary = join(etcDir, `.resolv.conf.${process.pid}`);
    await writeFile(temporary, resolvConf, { mode: 0o644 });
    await rename(temporary, join(etcDir, 'resolv.conf'));
  } else {
    await writeFile(join(etcDir, 'resolv.conf'), '', { flag: 'a', mode: 0o644 });
  }
}

/** The device nodes of a job's /dev (as bwrap's --dev makes them, less its /dev/pts), by major and minor. */
const DEVICES: Record<string, [number, number]> = {
  null: [1, 3],
  zero: [1, 5],
  full: [1, 7],
  random: [1, 8],
  urandom: [1, 9],
  tty: [5, 0],
};
const DEV_LINKS: Record<string, string> = {
  fd: '/proc/self/fd',
  stdin: '/proc/self/fd/0',
  stdout: '/proc/self/fd/1',
  stderr: '/proc/self/fd/2',
  // Shared memory (Python's multiprocessing) in the job's /tmp, within its size.
  shm: '/tmp',
};

/**
 * Makes a job's /dev in `devDir`, bound whole into each sandbox (root mode only: device nodes
 * take CAP_MKNOD): one mount, where bwrap's `--dev` makes a tmpfs and a mount per device
 * (~1.9 ms of bwrap's ~8 ms per job here). Undefined when the nodes can't be made or used here
 * (a work root mounted nodev): jobs then get bwrap's own. Unlike `--dev`, there is no /dev/pts.
 */
export async function writeSandboxDev(devDir: string): Promise<string | undefined> {
  const fresh = `${devDir}.${process.pid}`;
  try {
    await rm(fresh, { recursive: true, force: true });
    await mkdir(fresh, { mode: 0o755 });
    for (const [name, [major, minor]] of Object.entries(DEVICES)) {
      await execFileAsync('/usr/bin/mknod', ['-m', '666', join(fresh, name), 'c', String(major), String(minor)]);
    }
    for (const [name, target] of Object.entries(DEV_LINKS)) await symlink(target, join(fresh, name));
    // A work root mounted nodev lets the nodes be made but not opened.
    const fd = openSync(join(fresh, 'null'), 'w');
    writeSync(fd, 'x');
    closeSync(fd);
    await rm(devDir, { recursive: true, force: true });
    await rename(fresh, devDir);
    return devDir;
  } catch (err) {
    console.error(`sandbox: jobs get bwrap's /dev (a prepared one could not be made: ${(err as Error).message})`);
    await rm(fresh, { recursive: true, force: true }).catch(() => {});
    return undefined;
  }
}

const execFileAsync = promisify(execFile);

let rootLinks: string[] | undefined;

/** /bin, /lib… as on the host: symlinks into /usr where /usr is merged, read-only binds where not. */
function rootDirectoryArgs(): string[] {
  if (rootLinks) return rootLinks;
  const args: string[] = [];
  for (const name of USR_LINKS) {
    const path = `/${name}`;
    let stat;
    try {
      stat = lstatSync(path);
    } catch {
      continue;
    }
    if (stat.isSymbolicLink()) args.push('--symlink', readlinkSync(path), path);
    else if (stat.isDirectory()) args.push('--ro-bind', path, path);
  }
  rootLinks = args;
  return args;
}

export interface BwrapPlan {
  jobDir: string;
  etcDir: string;
  /** A prepared /dev (writeSandboxDev); undefined: bwrap makes one. */
  devDir: string | undefined;
  /** Where interpreters the job uids can't reach are staged (see reachableCopy); undefined: bound as they are. */
  runtimeDir: string | undefined;
  network: NetworkPolicy;
  /**
   * `outbound` only: the sandbox is started inside its slot's network namespace (slot-network.ts)
   * and keeps it, rather than unsharing a fresh one that gets a slirp4netns of its own.
   */
  slotNetwork?: boolean;
  prepared: Pick<PreparedJob, 'binds'>;
  /** The job's installed dependencies on the host, bound read-only at DEPS_IN_SANDBOX. */
  deps: string | undefined;
  env: Record<string, string>;
  tmpfsBytes: number;
}

/**
 * bwrap's options: fresh user, pid, ipc, uts, cgroup and (unless `host`, or a slot network)
 * network namespaces;
 * a read-only root of /usr, a minimal /etc, /proc, /dev and a private /tmp; /job writable.
 * They go through ARGS_FD, so the job's environment never shows in the host's process list;
 * bwrap takes the command itself only from its real argv.
 */
export function bwrapOptions(plan: BwrapPlan): string[] {
  const args = [
    '--unshare-user',
    '--uid',
    String(SANDBOX_UID),
    '--gid',
    String(SANDBOX_UID),
    '--disable-userns',
    '--unshare-pid',
    '--unshare-ipc',
    '--unshare-uts',
    '--hostname',
    SANDBOX_HOSTNAME,
    '--unshare-cgroup-try',
    ...(plan.network === 'host' || plan.slotNetwork ? [] : ['--unshare-net']),
    '--die-with-parent',
    '--new-session',
    '--info-fd',
    String(INFO_FD),
    '--block-fd',
    String(BLOCK_FD),
    '--ro-bind',
    '/usr',
    '/usr',
    ...rootDirectoryArgs(),
    '--ro-bind',
    etcFor(plan.etcDir, plan.network),
    '/etc',
  ];
  if (plan.network === 'host') args.push('--ro-bind-try', '/etc/resolv.conf', '/etc/resolv.conf');
  for (const { source, target } of plan.prepared.binds) {
    args.push('--ro-bind', plan.runtimeDir ? reachableCopy(source, plan.runtimeDir) : source, target);
  }
  if (plan.deps) args.push('--ro-bind', plan.deps, DEPS_IN_SANDBOX);
  args.push(
    '--proc',
    '/proc',
    ...(plan.devDir ? ['--dev-bind', plan.devDir, '/dev'] : ['--dev', '/dev']),
    '--size',
    String(plan.tmpfsBytes),
    '--tmpfs',
    '/tmp',
    '--bind',
    plan.jobDir,
    '/job',
    '--remount-ro',
    '/',
    '--chdir',
    '/job',
    '--clearenv',
  );
  for (const [name, value] of Object.entries(plan.env)) args.push('--setenv', name, value);
  return args;
}

/** `args` if they can go to `bwrap --args FD` (NUL-terminated strings, so none may hold a NUL). */
export function checkArgs(args: string[]): string[] {
  for (const arg of args) {
    if (arg.includes('\0')) throw new InvalidJobInput('an argument or environment value contains a NUL byte');
  }
  return args;
}

/** The job's own input can't be run as given; the job fails, the worker is fine. */
export class InvalidJobInput extends Error {
  override name = 'InvalidJobInput';
}
