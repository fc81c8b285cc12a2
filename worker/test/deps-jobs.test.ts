import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { encodeDepsPrefetch } from '@runnel/protocol';
import { depsFor } from '@runnel/runtimes/deps';
import { DepsCache, DependencyInstallError, depsKey } from '../src/deps/index.js';
import { depsWorker, type JobResult } from './deps-helpers.js';

// Jobs whose message carries a real lock (Bun, from the npm registry), run by a worker on real
// NATS in the real sandbox: installed once per machine, mounted read-only.

const UID_BASE = 175_000;

let w: Awaited<ReturnType<typeof depsWorker>>;
/** Locks of `ms` at a few versions, made once by the real Bun locker. */
const locks = new Map<string, string>();

async function lockOf(version: string): Promise<string> {
  let lock = locks.get(version);
  if (!lock) {
    lock = await depsFor('bun')!.lock([{ name: 'ms', range: version }], {}, AbortSignal.timeout(120_000));
    locks.set(version, lock);
  }
  return lock;
}

const USES_MS = `import ms from 'ms';
export async function main(wait = 0) {
  await new Promise((resolve) => setTimeout(resolve, wait));
  return ms('2 days');
}
`;

function assertSucceeded(result: JobResult): void {
  assert.equal(result.status, 'success', JSON.stringify(result.result));
}

const entryOf = (lock: string): string => `${w.depsDir}/${depsKey('bun', lock)}`;

before(async () => {
  // Small enough that every install makes the cache evict what no job uses.
  w = await depsWorker(UID_BASE, { RUNNEL_DEPS_CACHE_MAX: '1K' });
});
after(async () => {
  await w?.close();
});

describe('the dependencies mount', () => {
  it('is the host directory, read-only, at /opt/runnel/deps, and nothing else of the cache', async () => {
    const tree = join(w.depsDir, 'some-entry', 'tree');
    await mkdir(tree, { recursive: true });
    await writeFile(join(tree, 'hello.txt'), 'hello\n', { mode: 0o644 });
    await writeFile(join(w.depsDir, 'beside.txt'), 'not for this job\n', { mode: 0o644 });
    const run = await w.box.run({
      content: [
        'cat /opt/runnel/deps/hello.txt',
        'touch /opt/runnel/deps/planted 2>&1 || true',
        'echo x >> /opt/runnel/deps/hello.txt 2>&1 || true',
        'ls /opt/runnel/deps',
        'echo done',
      ].join('\n'),
      deps: { dir: tree, retain: () => undefined },
    });
    assert.equal(run.status, 'success', run.logs.join(''));
    const logs = run.logs.join('');
    assert.match(logs, /^hello\n/);
    assert.match(logs, /cannot touch '\/opt\/runnel\/deps\/planted': Read-only file system/);
    assert.match(logs, /\/opt\/runnel\/deps\/hello\.txt: (Permission denied|Read-only file system)/);
    assert.match(logs, /\nhello\.txt\ndone\n$/, 'only its own entry is visible');
  });
});

describe('jobs with dependencies', () => {
  it('imports an installed package; the second run installs nothing', async () => {
    const lock = await lockOf('2.1.3');
    const first = await w.result(await w.publish({ content: USES_MS, lock }));
    assertSucceeded(first);
    assert.equal(first.result, 172_800_000);
    assert.equal(w.depsCache.installs, 1);
    const second = await w.result(await w.publish({ content: USES_MS, lock }));
    assertSucceeded(second);
    assert.equal(w.depsCache.installs, 1, 'found installed');
  });

  it('installs once for two concurrent first runs', async () => {
    const lock = await lockOf('2.1.2');
    const before = w.depsCache.installs;
    const ids = await Promise.all([w.publish({ content: USES_MS, lock }), w.publish({ content: USES_MS, lock })]);
    for (const id of ids) assertSucceeded(await w.result(id));
    assert.equal(w.depsCache.installs, before + 1);
  });

  it('a job canceled mid-install leaves no entry, and the next run installs cleanly', async () => {
    const lock = await lockOf('2.1.1');
    const id = await w.publish({ content: USES_MS, lock });
    // Canceled once its install has begun (its temporary directory exists).
    const tmp = `${w.depsDir}/.tmp`;
    for (let i = 0; !existsSync(tmp) || readdirSync(tmp).every((p) => readdirSync(`${tmp}/${p}`).length === 0); i++) {
      assert.ok(i < 2000, 'the install began');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const before = w.depsCache.installs;
    await w.cancel(id);
    assert.equal((await w.result(id)).status, 'canceled');
    await w.depsCache.settled();
    assert.ok(!existsSync(entryOf(lock)), 'no entry');
    assert.deepEqual(
      readdirSync(tmp).flatMap((p) => readdirSync(`${tmp}/${p}`)),
      [],
      'no half install left',
    );
    assertSucceeded(await w.result(await w.publish({ content: USES_MS, lock })));
    assert.equal(w.depsCache.installs, before + 1);
  });

  it('evicts the least recently used entry above the limit, never one a job or a warm sandbox uses', async () => {
    const [running, idle, next, last] = await Promise.all(['2.1.3', '2.1.2', '2.1.1', '2.0.0'].map(lockOf));
    // A job holds `running` for a while; `idle` ran and ended; every install goes over the 1K limit.
    const long = await w.publish({ content: USES_MS, lock: running, args: { wait: 8000 }, arg_order: ['wait'] });
    assertSucceeded(await w.result(await w.publish({ content: USES_MS, lock: idle })));
    assertSucceeded(await w.result(await w.publish({ content: USES_MS, lock: next })));
    await w.depsCache.settled();
    assert.ok(existsSync(entryOf(running)), 'the entry a running job uses stays');
    assert.ok(existsSync(entryOf(idle)), 'the entry a warm sandbox has bound for the next job of its lock stays');
    await w.box.sandbox.drainPool();
    assertSucceeded(await w.result(await w.publish({ content: USES_MS, lock: last })));
    await w.depsCache.settled();
    assert.ok(existsSync(entryOf(running)), 'the entry a running job uses stays');
    assert.ok(!existsSync(entryOf(idle)), 'the least recently used entry nothing uses went');
    assertSucceeded(await w.result(long));
  });

  it('fails a job whose lock cannot be installed, naming the error, and leaves no entry', async () => {
    const good = await lockOf('2.1.3');
    // A version that does not exist.
    const bad = good.replaceAll('2.1.3', '2.1.99');
    assert.notEqual(bad, good);
    const result = await w.result(await w.publish({ content: USES_MS, lock: bad }));
    assert.equal(result.status, 'failure');
    const error = (result.result as { error: { name: string; message: string } }).error;
    assert.equal(error.name, 'DependencyInstallFailed');
    assert.match(error.message, /No matching version found for ms@2\.1\.99/, 'the tool says what is wrong');
    assert.ok(!existsSync(entryOf(bad)));
  });

  it('a full disk fails the install with its message, and leaves nothing', async () => {
    const small = await mkdtemp(join(tmpdir(), 'runnel-deps-full-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=24k,mode=0711', 'tmpfs', small]);
    try {
      const cache = new DepsCache({ dir: join(small, 'deps'), maxBytes: 1024 ** 3, sources: {}, mode: 'root' });
      await assert.rejects(
        cache.ensure('bun', await lockOf('2.1.3'), AbortSignal.timeout(60_000)),
        (err: Error) => err instanceof DependencyInstallError && /ENOSPC|no space left/i.test(err.message),
      );
      await cache.settled();
      assert.deepEqual(
        readdirSync(join(small, 'deps')).filter((name) => !name.startsWith('.')),
        [],
        'no entry',
      );
      assert.deepEqual(
        readdirSync(join(small, 'deps', '.tmp')).flatMap((p) => readdirSync(join(small, 'deps', '.tmp', p))),
        [],
      );
    } finally {
      execFileSync('umount', [small]);
      await rm(small, { recursive: true, force: true });
    }
  });

  it('gives each job the sandbox of its own lock, warm or cold', async () => {
    const version = `import { readFileSync } from 'node:fs';
import ms from 'ms';
export function main() {
  return [ms('1h'), JSON.parse(readFileSync('/opt/runnel/deps/node_modules/ms/package.json', 'utf8')).version];
}
`;
    const [newer, older] = [await lockOf('2.1.3'), await lockOf('2.0.0')];
    // Each lock twice in a row: the second run may take the warm sandbox the first left, bound to that lock.
    for (const [lock, expected] of [
      [newer, '2.1.3'],
      [newer, '2.1.3'],
      [older, '2.0.0'],
      [older, '2.0.0'],
      [newer, '2.1.3'],
    ] as const) {
      const result = await w.result(await w.publish({ content: version, lock }));
      assertSucceeded(result);
      assert.deepEqual(result.result, [3_600_000, expected]);
      await new Promise((resolve) => setTimeout(resolve, 300)); // the pool refills meanwhile
    }
  });

  it('runs a Deno job with its dependencies, cold and then warm', async () => {
    const deno = await depsFor('deno')!.lock([{ name: 'ms', range: '2.1.3' }], {}, AbortSignal.timeout(120_000));
    const denoJob = "import ms from 'npm:ms@2.1.3';\nexport function main() { return ms('1m'); }\n";
    for (let run = 0; run < 2; run++) {
      const result = await w.result(await w.publish({ content: denoJob, language: 'deno', lock: deno }));
      assertSucceeded(result);
      assert.equal(result.result, 60_000);
      await new Promise((resolve) => setTimeout(resolve, 500)); // the pool refills meanwhile
    }
  });

  it('installs a lock a deploy announces before its first job', async () => {
    const announced = await lockOf('1.0.0');
    const before = w.depsCache.installs;
    w.nc.publish(w.names.depsPrefetchSubject, 'not a prefetch'); // ignored, with a log line
    w.nc.publish(w.names.depsPrefetchSubject, encodeDepsPrefetch({ language: 'bun', lock: announced }));
    for (let i = 0; !existsSync(entryOf(announced)); i++) {
      assert.ok(i < 1200, 'installed within a minute');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.equal(w.depsCache.installs, before + 1);
    const result = await w.result(await w.publish({ content: USES_MS, lock: announced }));
    assertSucceeded(result);
    assert.equal(result.result, 172_800_000);
    assert.equal(w.depsCache.installs, before + 1, 'the first job found it installed');
  });

  it('the sandbox cannot write into its dependencies', async () => {
    const lock = await lockOf('2.1.3');
    const tries = `import { appendFileSync, writeFileSync } from 'node:fs';
export function main() {
  const tried = (write) => { try { write(); return 'written'; } catch (err) { return err.code; } };
  const file = Bun.resolveSync('ms', '/job');
  return {
    inside: file.startsWith('/opt/runnel/deps/'),
    file: tried(() => appendFileSync(file, '// changed')),
    root: tried(() => writeFileSync('/opt/runnel/deps/planted.js', 'x')),
  };
}
`;
    const result = await w.result(await w.publish({ content: tries, lock }));
    assertSucceeded(result);
    const { inside, file, root } = result.result as Record<string, unknown>;
    assert.equal(inside, true, 'the package comes from the mount');
    // The read-only mount refuses; in root mode the file's owner (root, not the job's uid) already does.
    assert.ok(file === 'EROFS' || file === 'EACCES', `appending to the package: ${String(file)}`);
    assert.equal(root, 'EROFS');
  });
});
