import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, renameSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Language } from '@runnel/runtimes';
import { depsFor, type LanguageDeps, type PackageSources } from '@runnel/runtimes/deps';
import { assertSearchable } from '../sandboxes/host.js';
import { evictOver, settleTree, sweepLeftovers } from './entries.js';
import { SELF } from './holder.js';
import { lockInstall } from './install-lock.js';
import { formatSize } from './size.js';

// The machine's cache of installed dependency locks (docs/adr/0035, "Worker"): one entry per
// SHA-256 of language and lock, installed once per machine, used read-only by sandboxes.

export interface DepsCacheOptions {
  /** The cache's directory, shared by the workers of the machine (WORKER_DEPS_DIR). */
  dir: string;
  /** Above this many bytes, least recently used entries no job uses are removed (RUNNEL_DEPS_CACHE_MAX). */
  maxBytes: number;
  sources: PackageSources;
  /**
   * `root`: jobs run as other uids, so the directory is 0711 (they may enter, not list) and entries
   * readable by all; `rootless`: jobs run as the worker's uid, the directory is 0700.
   */
  mode: 'root' | 'rootless';
  /** Who installs a language's lock. Default depsFor; tests may hand in their own installer. */
  installer?: (language: Language) => LanguageDeps | undefined;
}

/** An installed lock a job uses: its entry is never removed until release(). */
export interface DepsLease {
  /** The installed tree on the host, to bind read-only into the sandbox. */
  dir: string;
  key: string;
  release(): void;
}

/** Installing a lock failed (the registry, the disk, an unknown version): the tool's message. */
export class DependencyInstallError extends Error {
  override name = 'DependencyInstallFailed';
}

/** The cache key of a lock: SHA-256 of its language and text. */
export function depsKey(language: Language, lock: string): string {
  return createHash('sha256').update(`${language}\0${lock}`).digest('hex');
}

interface Install {
  done: Promise<void>;
  waiters: number;
  abort: AbortController;
}

/** Rejects with the signal's reason as soon as it aborts, else settles as `promise` does. */
function unlessAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

export class DepsCache {
  /** Locks this process installed (not those it found installed, or waited for): for tests and the bench. */
  installs = 0;
  private readonly installer: (language: Language) => LanguageDeps | undefined;
  private readonly inFlight = new Map<string, Install>();
  /** Every install of this process until it has ended, aborted ones included. */
  private readonly installing = new Set<Promise<void>>();
  /** Leases held in this process, per key; its `.in-use` file exists while there is one. */
  private readonly leases = new Map<string, number>();
  private prepared?: Promise<void>;
  private evicting = Promise.resolve();

  constructor(private readonly options: DepsCacheOptions) {
    this.installer = options.installer ?? depsFor;
  }

  get dir(): string {
    return this.options.dir;
  }

  /**
   * The installed lock of `language`, installing it first if no worker of the machine has (one
   * install per key at a time, whoever asks), held until the lease is released. Rejects with
   * DependencyInstallError, or with the signal's reason when it aborts first.
   */
  async acquire(language: Language, lock: string, signal: AbortSignal): Promise<DepsLease> {
    const key = depsKey(language, lock);
    await this.prepare();
    // Marked in use before looking for it: an eviction that renamed it meanwhile sees the mark and puts it back.
    this.pin(key);
    try {
      if (!this.installed(key)) await this.shared(key, language, lock, signal);
      // Its last use, for least-recently-used eviction.
      const now = new Date();
      utimesSync(this.entry(key), now, now);
    } catch (err) {
      this.unpin(key);
      if (signal.aborted || err instanceof DependencyInstallError) throw err;
      throw new DependencyInstallError((err as Error).message, { cause: err });
    }
    return { dir: join(this.entry(key), 'tree'), key, release: this.releaser(key) };
  }

  /**
   * Keeps the installed entry `key` from eviction until the answered function is called (a warm
   * sandbox that has it bound); undefined when it is not installed (evicted meanwhile).
   */
  retain(key: string): (() => void) | undefined {
    this.pin(key);
    if (!this.installed(key)) {
      this.unpin(key);
      return undefined;
    }
    return this.releaser(key);
  }

  /** Unpins `key` once, however often it is called. */
  private releaser(key: string): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.unpin(key);
    };
  }

  /** Installs the lock if needed (a prefetch, before any job needs it); answers the installed tree. */
  async ensure(language: Language, lock: string, signal: AbortSignal): Promise<string> {
    const lease = await this.acquire(language, lock, signal);
    lease.release();
    return lease.dir;
  }

  /** Waits for this process's installs and removals to end. */
  async settled(): Promise<void> {
    await Promise.allSettled(this.installing);
    await this.evicting;
  }

  private entry(key: string): string {
    return join(this.options.dir, key);
  }

  private installed(key: string): boolean {
    return existsSync(this.entry(key));
  }

  /** The directories, made once; then what dead installers left is removed and the size checked. */
  private prepare(): Promise<void> {
    this.prepared ??= (async () => {
      const { dir, mode } = this.options;
      const open = mode === 'root' ? 0o711 : 0o700;
      mkdirSync(dir, { recursive: true, mode: open });
      chmodSync(dir, open);
      if (mode === 'root') assertSearchable(dir);
      for (const name of ['.locks', '.in-use', '.tmp', '.trash'])
        mkdirSync(join(dir, name), { mode: 0o700, recursive: true });
      await sweepLeftovers(dir);
      this.evictSoon();
    })();
    this.prepared.catch(() => (this.prepared = undefined));
    return this.prepared;
  }

  private pin(key: string): void {
    const count = this.leases.get(key) ?? 0;
    if (count === 0) writeFileSync(join(this.options.dir, '.in-use', `${key}.${SELF}`), '');
    this.leases.set(key, count + 1);
  }

  private unpin(key: string): void {
    const count = (this.leases.get(key) ?? 1) - 1;
    if (count > 0) {
      this.leases.set(key, count);
      return;
    }
    this.leases.delete(key);
    try {
      unlinkSync(join(this.options.dir, '.in-use', `${key}.${SELF}`));
    } catch {
      // Swept meanwhile.
    }
  }

  /**
   * Waits for the one install of `key` in this process, starting it if none runs. The install
   * goes on while any caller still waits; when the last one gives up (cancel, timeout) it is
   * aborted, and a later caller starts afresh.
   */
  private async shared(key: string, language: Language, lock: string, signal: AbortSignal): Promise<void> {
    let install = this.inFlight.get(key);
    if (!install) {
      const abort = new AbortController();
      const done = this.install(key, language, lock, abort.signal).finally(() => {
        if (this.inFlight.get(key) === install) this.inFlight.delete(key);
      });
      install = { done, waiters: 0, abort };
      this.inFlight.set(key, install);
      this.installing.add(done);
      void done.catch(() => undefined).finally(() => this.installing.delete(done));
    }
    const joined = install;
    joined.waiters++;
    try {
      await unlessAborted(joined.done, signal);
    } finally {
      if (--joined.waiters === 0 && signal.aborted) {
        if (this.inFlight.get(key) === joined) this.inFlight.delete(key);
        joined.abort.abort(signal.reason);
      }
    }
  }

  /** Installs `key` into a temporary directory renamed into place, under the machine-wide lock of the key. */
  private async install(key: string, language: Language, lock: string, signal: AbortSignal): Promise<void> {
    const deps = this.installer(language);
    if (!deps) throw new DependencyInstallError(`${language} scripts have no dependencies to install`);
    const { dir, sources } = this.options;
    const unlock = await lockInstall(join(dir, '.locks', key), () => this.installed(key), signal);
    if (!unlock) return; // installed by another process meanwhile
    const started = performance.now();
    const mine = join(dir, '.tmp', SELF);
    const temporary = join(mine, `${key}.${randomBytes(4).toString('hex')}`);
    try {
      if (this.installed(key)) return;
      mkdirSync(join(temporary, 'tree'), { recursive: true, mode: 0o755 });
      await deps.install(lock, join(temporary, 'tree'), sources, signal);
      signal.throwIfAborted();
      const bytes = await settleTree(temporary);
      writeFileSync(join(temporary, 'size'), String(bytes), { mode: 0o644 });
      try {
        renameSync(temporary, this.entry(key));
      } catch (err) {
        // Made by another process that found the lock stale at the same moment: theirs stays.
        if (!['EEXIST', 'ENOTEMPTY'].includes((err as NodeJS.ErrnoException).code ?? '')) throw err;
        return;
      }
      this.installs++;
      console.log(
        `worker: installed ${language} dependencies ${key.slice(0, 12)} in ${Math.round(performance.now() - started)} ms (${formatSize(bytes)})`,
      );
    } finally {
      await rm(temporary, { recursive: true, force: true });
      try {
        unlock();
      } catch {
        // Taken for stale by another process (it can't be: we run); nothing to give back.
      }
    }
    this.evictSoon();
  }

  /** Removes least recently used entries over the limit, one removal at a time in this process. */
  private evictSoon(): void {
    this.evicting = this.evicting
      .then(() => evictOver(this.options.dir, this.options.maxBytes))
      .then(
        () => undefined,
        (err: Error) => console.error(`worker: dependency cache eviction failed: ${err.message}`),
      );
  }
}
