import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { DepsCache, DependencyInstallError, depsKey, type DepsCacheOptions } from '../src/deps/index.js';
import { fakeInstaller, fakeLock } from './deps-installer.js';

// The cache's mechanics with a stand-in installer (deps-installer.ts); the real installers run
// end to end in deps-jobs.test.ts.

const dirs: string[] = [];
after(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function cacheDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'runnel-deps-test-'));
  dirs.push(dir);
  await chmod(dir, 0o711); // as the job uids must reach it
  return join(dir, 'cache');
}

function newCache(dir: string, options: Partial<DepsCacheOptions> = {}): DepsCache {
  return new DepsCache({
    dir,
    maxBytes: 1024 ** 3,
    sources: {},
    mode: 'root',
    installer: () => fakeInstaller,
    ...options,
  });
}

const never = (): AbortSignal => new AbortController().signal;

/** What an interrupted install may leave: its temporary directory (there should be none). */
function leftovers(dir: string): string[] {
  return readdirSync(join(dir, '.tmp')).flatMap((holder) => readdirSync(join(dir, '.tmp', holder)));
}

const CHILD = fileURLToPath(new URL('./deps-installer-child.js', import.meta.url));

describe('dependency cache', () => {
  it('installs a lock once, readable by the job uids, and finds it installed afterwards', async () => {
    const dir = await cacheDir();
    const cache = newCache(dir);
    const tree = await cache.ensure('bun', fakeLock('a'), never());
    assert.equal(tree, join(dir, depsKey('bun', fakeLock('a')), 'tree'));
    assert.equal(await readFile(join(tree, 'a.txt'), 'utf8'), 'x'.repeat(100));
    // The tool wrote 0600; jobs of other uids read it, nobody but root writes it.
    assert.equal(statSync(join(tree, 'a.txt')).mode & 0o777, 0o644);
    assert.equal(statSync(dir).mode & 0o777, 0o711, 'jobs may enter the cache, not list it');
    assert.equal(await cache.ensure('bun', fakeLock('a'), never()), tree);
    assert.equal(cache.installs, 1);
    assert.notEqual(await cache.ensure('python3', fakeLock('a'), never()), tree, 'the language is part of the key');
    assert.equal(cache.installs, 2);
  });

  it('installs once for concurrent first uses, in one process and across two', async () => {
    const dir = await cacheDir();
    const one = newCache(dir);
    const other = newCache(dir); // another worker of the machine: only the lock file is shared
    const lock = fakeLock('slow', { delayMs: 300 });
    const trees = await Promise.all([
      one.ensure('bun', lock, never()),
      one.ensure('bun', lock, never()),
      other.ensure('bun', lock, never()),
      other.ensure('bun', lock, never()),
    ]);
    assert.equal(new Set(trees).size, 1);
    assert.equal(one.installs + other.installs, 1);
  });

  it('recovers from an installer killed mid-install: no entry, its lock taken over, a clean install next', async () => {
    const dir = await cacheDir();
    const lock = fakeLock('killed');
    const key = depsKey('bun', lock);
    const child = spawn(process.execPath, [CHILD, dir, lock], { stdio: 'inherit' });
    // Killed once it holds the lock and has written part of the install.
    for (let i = 0; !existsSync(join(dir, '.locks', key)) || leftovers(dir).length === 0; i++) {
      assert.ok(i < 400, 'the other process started installing');
      await sleep(25);
    }
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    assert.ok(!existsSync(join(dir, key)), 'no entry for the killed install');
    const cache = newCache(dir);
    const tree = await cache.ensure('bun', lock, AbortSignal.timeout(5_000));
    assert.equal(await readFile(join(tree, 'killed.txt'), 'utf8'), 'x'.repeat(100));
    assert.equal(cache.installs, 1);
    assert.deepEqual(leftovers(dir), [], "the dead installer's half install is gone");
    assert.deepEqual(readdirSync(join(dir, '.locks')), []);
  });

  it('leaves no entry when its job gives up mid-install, and installs cleanly next time', async () => {
    const dir = await cacheDir();
    const cache = newCache(dir);
    const lock = fakeLock('aborted', { delayMs: 500 });
    const canceled = new AbortController();
    const install = cache.ensure('bun', lock, canceled.signal);
    await sleep(100);
    canceled.abort();
    await assert.rejects(install, { name: 'AbortError' });
    await cache.settled();
    assert.ok(!existsSync(join(dir, depsKey('bun', lock))));
    assert.deepEqual(leftovers(dir), []);
    assert.deepEqual(readdirSync(join(dir, '.locks')), []);
    const tree = await cache.ensure('bun', lock, never());
    assert.ok(existsSync(join(tree, 'aborted.txt')));
    assert.equal(cache.installs, 1);
  });

  it('fails with the tool message and leaves nothing behind', async () => {
    const dir = await cacheDir();
    const cache = newCache(dir);
    await assert.rejects(
      cache.ensure('bun', fakeLock('bad', { fail: 'No matching version found for bad@9.9.9' }), never()),
      (err: Error) =>
        err instanceof DependencyInstallError && /No matching version found for bad@9\.9\.9/.test(err.message),
    );
    assert.deepEqual(
      readdirSync(dir).filter((name) => !name.startsWith('.')),
      [],
    );
    assert.deepEqual(leftovers(dir), []);
    assert.deepEqual(readdirSync(join(dir, '.locks')), []);
    assert.deepEqual(readdirSync(join(dir, '.in-use')), []);
    assert.equal(cache.installs, 0);
  });

  it('keeps installing for a second job when the first one gives up', async () => {
    const dir = await cacheDir();
    const cache = newCache(dir);
    const lock = fakeLock('shared', { delayMs: 300 });
    const first = new AbortController();
    const one = cache.acquire('bun', lock, first.signal);
    const two = cache.acquire('bun', lock, never());
    first.abort();
    await assert.rejects(one);
    const lease = await two;
    assert.ok(existsSync(lease.dir));
    lease.release();
    assert.equal(cache.installs, 1);
  });

  it('removes the least recently used entries above its size, never one in use', async () => {
    const dir = await cacheDir();
    const bytes = 64 * 1024;
    // Room for three entries, not four: an entry's size as the cache counts it (blocks of its files and folders).
    const probe = await newCache(await cacheDir()).ensure('bun', fakeLock('probe', { bytes }), never());
    const entryBytes = Number(await readFile(join(probe, '..', 'size'), 'utf8'));
    const cache = newCache(dir, { maxBytes: Math.floor(3.5 * entryBytes) });
    const a = await cache.acquire('bun', fakeLock('a', { bytes }), never()); // held all along
    for (const name of ['b', 'c']) await cache.ensure('bun', fakeLock(name, { bytes }), never());
    await sleep(20);
    await cache.ensure('bun', fakeLock('b', { bytes }), never()); // b is now used more recently than c
    await cache.ensure('bun', fakeLock('d', { bytes }), never());
    await cache.settled();
    const present = (name: string): boolean => existsSync(join(dir, depsKey('bun', fakeLock(name, { bytes }))));
    assert.deepEqual(
      ['a', 'b', 'c', 'd'].map((name) => [name, present(name)]),
      [
        ['a', true], // the oldest, but in use
        ['b', true],
        ['c', false], // the least recently used of those not in use
        ['d', true],
      ],
    );
    a.release();
    await cache.ensure('bun', fakeLock('e', { bytes }), never());
    await cache.settled();
    assert.equal(present('a'), false, 'released, it is the least recently used');
    assert.deepEqual(readdirSync(join(dir, '.trash')), []);
  });
});
