import {
  chownSync,
  closeSync,
  constants,
  fstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { rm, rmdir } from 'node:fs/promises';
import { join } from 'node:path';

// The job folder's small operations are synchronous on purpose: each takes microseconds, and
// through libuv's threadpool each would cost two thread hand-overs (and, on a busy machine,
// context switches) worth far more than the call itself — a few dozen per job. What a job can
// make large (a folder of many files) stays asynchronous.

/** A folder with more entries than this, or any sub-folder, is removed asynchronously. */
const SYNC_REMOVE_MAX_ENTRIES = 32;

/** Writes `content` as a new file (never through a name that exists) owned by `uid` (undefined: ours). */
export function writeJobFile(dir: string, name: string, content: string, uid: number | undefined): void {
  if (name.includes('/') || name.startsWith('.')) throw new Error(`job file name "${name}" is not a plain file name`);
  const path = join(dir, name);
  writeFileSync(path, content, { mode: 0o644, flag: 'wx' });
  if (uid !== undefined) chownSync(path, uid, uid);
}

/**
 * Creates the job folder (mounted at /job, the only writable place the job has besides its
 * tmpfs), owned by the job's uid and closed to every other uid.
 */
export async function createJobFolder(
  dir: string,
  uid: number | undefined,
  files: Record<string, string>,
): Promise<void> {
  mkdirSync(dir, { mode: 0o700 });
  if (uid !== undefined) chownSync(dir, uid, uid);
  for (const [name, content] of Object.entries(files)) writeJobFile(dir, name, content, uid);
}

export async function removeJobFolder(dir: string): Promise<void> {
  if (emptySmallFolder(dir)) {
    // Not synchronous: removing the folder bwrap bound at /job detaches that mount wherever it
    // is still held, which waits for an RCU grace period (1–15 ms) — off the event loop.
    try {
      await rmdir(dir);
      return;
    } catch {
      // Something was put in meanwhile (a leftover process of the job): the slow path copes.
    }
  }
  // rm does not follow symlinks, so links the job planted can't point it elsewhere.
  await rm(dir, { recursive: true, force: true, maxRetries: 3 });
}

/**
 * Empties a folder of a few plain entries (files, symlinks: unlink never follows them) at once;
 * false, having removed perhaps some of them, when it holds more or a sub-folder, or changed meanwhile.
 */
function emptySmallFolder(dir: string): boolean {
  try {
    const entries = readdirSync(dir, { withFileTypes: true });
    if (entries.length > SYNC_REMOVE_MAX_ENTRIES || entries.some((e) => e.isDirectory())) return false;
    for (const entry of entries) unlinkSync(join(dir, entry.name));
    return true;
  } catch {
    // Something changed under our feet (a leftover process of the job): the slow path copes.
    return false;
  }
}

export type ResultFile = { kind: 'missing' } | { kind: 'too-large'; bytes: number } | { kind: 'text'; text: string };

/**
 * Reads a file the job wrote, refusing what the job could use against the worker (which runs
 * as root): a symlink to a host file, a FIFO that would block the read, or something huge.
 */
export async function readJobFile(path: string, maxBytes: number): Promise<ResultFile> {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { kind: 'missing' };
    if (code === 'ELOOP') throw new Error(`${path} is a symbolic link`);
    throw err;
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new Error(`${path} is not a regular file`);
    if (stat.size > maxBytes) return { kind: 'too-large', bytes: stat.size };
    // Read at most one byte past the limit: the file may still be growing in a leftover process.
    const buffer = Buffer.alloc(Math.min(stat.size, maxBytes) + 1);
    let bytesRead = 0;
    for (let n = -1; n !== 0 && bytesRead < buffer.length; bytesRead += n) {
      n = readSync(fd, buffer, bytesRead, buffer.length - bytesRead, bytesRead);
    }
    if (bytesRead > maxBytes) return { kind: 'too-large', bytes: bytesRead };
    return { kind: 'text', text: buffer.subarray(0, bytesRead).toString('utf8') };
  } finally {
    closeSync(fd);
  }
}
