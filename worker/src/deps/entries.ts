import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { chmod, lstat, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { holderAlive } from './holder.js';
import { formatSize } from './size.js';

// The cache's directory: `<key>/` entries (`tree/` the installed lock, `size` its bytes, the
// entry's mtime its last use), and beside them `.locks/<key>` (install locks),
// `.in-use/<key>.<pid>.<start>` (entries a running process uses), `.tmp/<pid>.<start>/` (installs
// in progress) and `.trash/` (entries being removed).

const KEY = /^[0-9a-f]{64}$/;

/**
 * Makes the installed tree readable (never writable) by every uid, and measures it: the bytes
 * its files take on disk, hard links counted once. Root mode's jobs run as other uids; a
 * package tool may leave a file 0600.
 */
export async function settleTree(dir: string): Promise<number> {
  const seen = new Set<number>();
  let bytes = 0;
  const walk = async (path: string): Promise<void> => {
    const stat = await lstat(path);
    if (stat.isSymbolicLink()) return;
    if (!seen.has(stat.ino)) {
      seen.add(stat.ino);
      bytes += stat.blocks * 512;
    }
    const executable = stat.isDirectory() || (stat.mode & 0o100) !== 0;
    const mode = ((stat.mode & 0o777) | 0o444 | (executable ? 0o111 : 0)) & ~0o022;
    if (mode !== (stat.mode & 0o777)) await chmod(path, mode);
    if (stat.isDirectory()) for (const name of await readdir(path)) await walk(join(path, name));
  };
  await walk(dir);
  return bytes;
}

/** Keys of the entries some live process uses; files of dead processes are removed on the way. */
export function keysInUse(dir: string): Set<string> {
  const inUse = new Set<string>();
  const markers = join(dir, '.in-use');
  for (const name of readdirSync(markers)) {
    const [key, ...holder] = name.split('.');
    if (holderAlive(holder.join('.'))) inUse.add(key!);
    else {
      try {
        unlinkSync(join(markers, name));
      } catch {
        // Removed by another process's sweep.
      }
    }
  }
  return inUse;
}

interface Entry {
  key: string;
  bytes: number;
  usedAt: number;
}

function entries(dir: string): Entry[] {
  const found: Entry[] = [];
  for (const key of readdirSync(dir)) {
    if (!KEY.test(key)) continue;
    try {
      const bytes = Number(readFileSync(join(dir, key, 'size'), 'utf8')) || 0;
      found.push({ key, bytes, usedAt: statSync(join(dir, key)).mtimeMs });
    } catch {
      // Evicted by another process meanwhile.
    }
  }
  return found;
}

/**
 * Removes the least recently used entries that no live process uses until the cache holds at
 * most `maxBytes`; answers the keys removed. An entry is first renamed away, then the in-use
 * files read again: a job that began using it in between gets it back (moved there and back
 * within microseconds; a sandbox bound in that instant fails to start and its job is retried).
 */
export async function evictOver(dir: string, maxBytes: number): Promise<string[]> {
  const all = entries(dir);
  let total = all.reduce((sum, e) => sum + e.bytes, 0);
  if (total <= maxBytes) return [];
  const removed: string[] = [];
  const inUse = keysInUse(dir);
  for (const entry of all.sort((a, b) => a.usedAt - b.usedAt)) {
    if (total <= maxBytes) break;
    if (inUse.has(entry.key)) continue;
    const path = join(dir, entry.key);
    const trash = join(dir, '.trash', `${entry.key}.${randomBytes(4).toString('hex')}`);
    try {
      renameSync(path, trash);
    } catch {
      continue; // evicted by another process
    }
    if (keysInUse(dir).has(entry.key)) {
      try {
        renameSync(trash, path);
        continue;
      } catch {
        // Installed again meanwhile: this copy goes.
      }
    }
    await rm(trash, { recursive: true, force: true });
    total -= entry.bytes;
    removed.push(entry.key);
    console.log(
      `worker: dependency cache over ${formatSize(maxBytes)}: removed ${entry.key.slice(0, 12)} (${formatSize(entry.bytes)}, last used ${new Date(entry.usedAt).toISOString()})`,
    );
  }
  return removed;
}

/** Removes what dead processes left: unfinished installs and half-removed entries. */
export async function sweepLeftovers(dir: string): Promise<void> {
  const tmp = join(dir, '.tmp');
  for (const holder of readdirSync(tmp)) {
    if (!holderAlive(holder)) await rm(join(tmp, holder), { recursive: true, force: true });
  }
  const trash = join(dir, '.trash');
  for (const name of readdirSync(trash)) {
    // Older than a minute: its evictor died (a live one removes it at once).
    const path = join(trash, name);
    try {
      if (Date.now() - statSync(path).ctimeMs > 60_000) await rm(path, { recursive: true, force: true });
    } catch {
      // Removed by its evictor.
    }
  }
}
