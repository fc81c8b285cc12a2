import { readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { holderAlive, SELF } from './holder.js';

/**
 * Whether the lock's holder is gone. An empty file is a lock being written this very moment,
 * unless it has been empty for seconds (its writer died between creating and writing it).
 */
function stale(path: string, holder: string): boolean {
  if (holder !== '') return !holderAlive(holder);
  try {
    return Date.now() - statSync(path).mtimeMs > 5_000;
  } catch {
    return false;
  }
}

/** How often a process waiting for another's install looks again. */
const POLL_MS = 50;

/**
 * Takes the lock file `path` (made with O_EXCL, holding `<pid>.<start time>`), waiting while a
 * live process holds it; a lock whose holder is gone (an installer killed mid-install) is
 * removed and taken. `done()` is asked before each try and while waiting: true (the entry was
 * installed meanwhile) ends the wait without the lock, as undefined. Rejects when `signal`
 * aborts.
 *
 * Two processes that find the same stale lock at once may both end up holding it; they then
 * install side by side, and the second rename into place finds the entry made and discards its
 * own — one wasted install, never a half entry.
 */
export async function lockInstall(
  path: string,
  done: () => boolean,
  signal: AbortSignal,
): Promise<(() => void) | undefined> {
  for (;;) {
    signal.throwIfAborted();
    if (done()) return undefined;
    try {
      writeFileSync(path, SELF, { flag: 'wx', mode: 0o600 });
      return () => unlinkSync(path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    let holder: string;
    try {
      holder = readFileSync(path, 'utf8');
    } catch {
      continue; // released meanwhile
    }
    if (stale(path, holder)) {
      console.error(`worker: removing the stale dependency install lock ${path} (held by the dead process ${holder})`);
      try {
        unlinkSync(path);
      } catch {
        // Removed by another waiter.
      }
      continue;
    }
    await sleep(POLL_MS, undefined, { signal });
  }
}
