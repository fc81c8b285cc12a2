import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DependencyError, type LanguageDeps } from '@runnel/runtimes/deps';

/**
 * A stand-in for a language's installer, for the cache's own mechanics (locks, renames,
 * eviction): the lock is a JSON object `{name, bytes?, delayMs?, fail?}`; installing writes
 * `<name>.txt` of `bytes` bytes (after `delayMs`, a first half-written file before), or fails
 * with `fail` as the tool's message. End-to-end tests use the real installers.
 */
export const fakeInstaller: LanguageDeps = {
  infer: () => [],
  lock: () => Promise.reject(new Error('not used')),
  async install(lock, into, _sources, signal) {
    const {
      name,
      bytes = 100,
      delayMs = 0,
      fail,
    } = JSON.parse(lock) as {
      name: string;
      bytes?: number;
      delayMs?: number;
      fail?: string;
    };
    await writeFile(join(into, 'partial'), 'half an install', { mode: 0o600 });
    if (delayMs) await sleep(delayMs, undefined, { signal });
    if (fail) throw new DependencyError(fail, name);
    await writeFile(join(into, `${name}.txt`), 'x'.repeat(bytes), { mode: 0o600 });
  },
};

export const fakeLock = (name: string, options: { bytes?: number; delayMs?: number; fail?: string } = {}): string =>
  JSON.stringify({ name, ...options });
