import { constants } from 'node:fs';
import { chown, mkdir, open, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Creates the job folder (mounted at /job, the only writable place the job has besides its
 * tmpfs), owned by the job's uid and closed to every other uid.
 */
export async function createJobFolder(dir: string, uid: number, files: Record<string, string>): Promise<void> {
  await mkdir(dir, { mode: 0o700 });
  await chown(dir, uid, uid);
  await Promise.all(
    Object.entries(files).map(async ([name, content]) => {
      if (name.includes('/') || name.startsWith('.'))
        throw new Error(`job file name "${name}" is not a plain file name`);
      const path = join(dir, name);
      await writeFile(path, content, { mode: 0o644, flag: 'wx' });
      await chown(path, uid, uid);
    }),
  );
}

export async function removeJobFolder(dir: string): Promise<void> {
  // rm does not follow symlinks, so links the job planted can't point it elsewhere.
  await rm(dir, { recursive: true, force: true, maxRetries: 3 });
}

export type ResultFile = { kind: 'missing' } | { kind: 'too-large'; bytes: number } | { kind: 'text'; text: string };

/**
 * Reads a file the job wrote, refusing what the job could use against the worker (which runs
 * as root): a symlink to a host file, a FIFO that would block the read, or something huge.
 */
export async function readJobFile(path: string, maxBytes: number): Promise<ResultFile> {
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { kind: 'missing' };
    if (code === 'ELOOP') throw new Error(`${path} is a symbolic link`);
    throw err;
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new Error(`${path} is not a regular file`);
    if (stat.size > maxBytes) return { kind: 'too-large', bytes: stat.size };
    // Read at most one byte past the limit: the file may still be growing in a leftover process.
    const buffer = Buffer.alloc(Math.min(stat.size, maxBytes) + 1);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    if (bytesRead > maxBytes) return { kind: 'too-large', bytes: bytesRead };
    return { kind: 'text', text: buffer.subarray(0, bytesRead).toString('utf8') };
  } finally {
    await handle.close();
  }
}
